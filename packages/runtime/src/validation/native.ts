import { equal } from './equal.js';

// Helpers of the validators Platen generates itself (packages/compiler/src/validators/native/):
// one call where inline code would repeat the same statements at every error site.

/** An Ajv-8-shaped validation error, as the generated validators report them. */
export interface ValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  propertyName?: string;
}

// Generated validators do not say where in the schema an error comes from: nothing reads it (the
// violation messages use the instance path, keyword and params), and writing every subschema's
// pointer at every error site was most of a validator's size. Errors keep `schemaPath: ""`.

/** Appends one error to `errors` (the generated code's error list). */
export function report(
  errors: ValidationError[],
  instancePath: string,
  keyword: string,
  params: Record<string, unknown> = {},
): void {
  errors.push({ instancePath, schemaPath: '', keyword, params });
}

/** A `type` error: `type` is the schema's `type` value (a name or a list of names). */
export const typ = (errors: ValidationError[], path: string, type: string | string[]): void =>
  report(errors, path, 'type', { type });

/** A `required` error for the missing property `name`. */
export const req = (errors: ValidationError[], path: string, name: string): void =>
  report(errors, path, 'required', { missingProperty: name });

/** An error of a count keyword (`maxLength`, `minItems`, `maxProperties`…): `{ limit }`. */
export const lim = (
  errors: ValidationError[],
  path: string,
  keyword: string,
  limit: number,
): void => report(errors, path, keyword, { limit });

const COMPARED: Record<string, string> = {
  '<=': 'maximum',
  '>=': 'minimum',
  '<': 'exclusiveMaximum',
  '>': 'exclusiveMinimum',
};

/** A number limit error; the keyword follows from the comparison that must hold (`<=`: maximum). */
export const cmp = (
  errors: ValidationError[],
  path: string,
  comparison: '<=' | '>=' | '<' | '>',
  limit: number,
): void => report(errors, path, COMPARED[comparison]!, { comparison, limit });

/** An `enum` error; `values` is the schema's `enum`. */
export const en = (errors: ValidationError[], path: string, values: unknown[]): void =>
  report(errors, path, 'enum', { allowedValues: values });

/** A `format` error. */
export const fmt = (errors: ValidationError[], path: string, format: string): void =>
  report(errors, path, 'format', { format });

/** An `additionalProperties: false` error for the unplanned key `key`. */
export const add = (errors: ValidationError[], path: string, key: string): void =>
  report(errors, path, 'additionalProperties', { additionalProperty: key });

/** JSON Schema's `object` type: a non-null object that is not an array. */
export const obj = (value: unknown): value is object =>
  !!value && typeof value == 'object' && !Array.isArray(value);

/** JSON Schema's `integer` type, as Ajv tests it (`strictNumbers: false`). */
export const int = (value: unknown): boolean =>
  typeof value == 'number' && !(value % 1) && !isNaN(value);

/** True when `key` is an own property of `object` (never an inherited one such as `constructor`). */
export const has = (object: object, key: string): boolean => Object.hasOwn(object, key);

/** A property name as one JSON pointer token (`~` → `~0`, `/` → `~1`), as Ajv writes instance paths. */
export const token = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

const isType = (value: unknown, type: string): boolean =>
  type === 'null'
    ? value === null
    : type === 'integer'
      ? typeof value == 'number' && !(value % 1) && !isNaN(value)
      : typeof value == type;

/**
 * uniqueItems: the first pair of equal items `[i, j]` as Ajv 8 finds it, or `undefined`. With
 * `types` (the item schema's scalar types) items of other types are skipped and `j` is the later
 * index, scalars compared by their string key (a string differs from the same text as a number when
 * there are several types); without, items are compared deeply from the end and `i` is the later index.
 */
export function duplicate(items: unknown[], types?: string[]): [number, number] | undefined {
  let i = items.length;
  if (i < 2) return undefined;
  if (types) {
    const seen = new Map<string, number>();
    const scalars = types.includes('number') ? types.filter((t) => t !== 'integer') : types;
    while (i--) {
      const item = items[i];
      if (!scalars.some((t) => isType(item, t))) continue;
      const key = typeof item == 'string' && types.length > 1 ? item + '_' : String(item);
      const j = seen.get(key);
      if (j !== undefined) return [i, j];
      seen.set(key, i);
    }
    return undefined;
  }
  while (i--) for (let j = i; j--;) if (equal(items[i], items[j])) return [i, j];
  return undefined;
}
