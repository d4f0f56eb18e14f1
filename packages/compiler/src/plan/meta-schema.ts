/**
 * Checks a rule's JSON Schema against the draft-07 meta-schema, loosened for what real plans hold:
 * draft-04 `id` and boolean `exclusiveMinimum`/`exclusiveMaximum`, Segment's `labels`, any `$schema`
 * string, and any type *name* (the IR stage reports unknown names and `"any"` with its own codes, as
 * it does `enum: []`). The meta-schema checks keyword *shapes*: `type: 5`, `required: "x"`,
 * `properties: []`, `minimum: "1"`, an invalid `pattern`.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { quickMetaCheck } from './meta-quick.js';

// Ajv (import and schema compile: ~0.25 s CPU) is loaded only when the quick check cannot vouch
// for a schema, i.e. almost only for a schema that has a problem to report.
const requireAjv = createRequire(import.meta.url);

const schemaRef = { $ref: '#' };
const schemaArray = { type: 'array', minItems: 1, items: schemaRef };
const nonNegativeInteger = { type: 'integer', minimum: 0 };
const stringArray = { type: 'array', items: { type: 'string' }, uniqueItems: true };
const schemaMap = { type: 'object', additionalProperties: schemaRef };
const numberOrDraft4Flag = { type: ['number', 'boolean'] };

/** The loosened draft-07 meta-schema (plain data). */
export const LENIENT_META_SCHEMA = {
  $id: 'https://platen.invalid/meta/lenient-draft-07',
  type: ['object', 'boolean'],
  properties: {
    $id: { type: 'string' },
    id: { type: 'string' },
    $schema: { type: 'string' },
    $ref: { type: 'string' },
    $comment: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    labels: { type: 'object' },
    readOnly: { type: 'boolean' },
    writeOnly: { type: 'boolean' },
    deprecated: { type: 'boolean' },
    examples: { type: 'array' },
    multipleOf: { type: 'number', exclusiveMinimum: 0 },
    maximum: { type: 'number' },
    exclusiveMaximum: numberOrDraft4Flag,
    minimum: { type: 'number' },
    exclusiveMinimum: numberOrDraft4Flag,
    maxLength: nonNegativeInteger,
    minLength: nonNegativeInteger,
    pattern: { type: 'string', format: 'regex' },
    additionalItems: schemaRef,
    items: { type: ['object', 'boolean', 'array'], items: schemaRef },
    maxItems: nonNegativeInteger,
    minItems: nonNegativeInteger,
    uniqueItems: { type: 'boolean' },
    contains: schemaRef,
    maxProperties: nonNegativeInteger,
    minProperties: nonNegativeInteger,
    required: stringArray,
    additionalProperties: schemaRef,
    definitions: schemaMap,
    $defs: schemaMap,
    properties: schemaMap,
    patternProperties: { ...schemaMap, propertyNames: { format: 'regex' } },
    dependencies: {
      type: 'object',
      additionalProperties: { type: ['object', 'boolean', 'array'] },
    },
    propertyNames: schemaRef,
    enum: { type: 'array', uniqueItems: true },
    type: { type: ['string', 'array'], items: { type: 'string' }, minItems: 1, uniqueItems: true },
    format: { type: 'string' },
    contentMediaType: { type: 'string' },
    contentEncoding: { type: 'string' },
    if: schemaRef,
    then: schemaRef,
    else: schemaRef,
    allOf: schemaArray,
    anyOf: schemaArray,
    oneOf: schemaArray,
    not: schemaRef,
  },
} as const;

const validators = new Map<boolean, ValidateFunction>();

// Two validators: most schemas are valid, and stopping at the first error is faster; only a schema
// that fails is checked again with `allErrors`, so every problem in it is reported.
/** The Ajv check of the lenient meta-schema (exported for the quick check's tests, which must never be more lenient). */
export function metaValidator(allErrors: boolean): ValidateFunction {
  let validator = validators.get(allErrors);
  if (!validator) {
    const { Ajv } = requireAjv('ajv') as typeof import('ajv');
    const ajv = new Ajv({
      allErrors,
      strict: false,
      // The runtime validators compile patterns with the `u` flag, so the check must too.
      formats: {
        regex: (s: string) => {
          try {
            new RegExp(s, 'u');
            return true;
          } catch {
            return false;
          }
        },
      },
    });
    validator = ajv.compile(LENIENT_META_SCHEMA);
    validators.set(allErrors, validator);
  }
  return validator;
}

/** One meta-schema problem: where in the schema, and what is wrong. */
export interface MetaProblem {
  /** JSON pointer inside the schema. */
  pointer: string;
  message: string;
}

/** Meta-schema problems of one schema, one per pointer. Throws RangeError for absurdly deep schemas. */
export function checkMetaSchema(schema: unknown): MetaProblem[] {
  if (quickMetaCheck(schema)) return [];
  if (metaValidator(false)(schema)) return [];
  const validate = metaValidator(true);
  validate(schema);
  const byPointer = new Map<string, ErrorObject[]>();
  for (const e of validate.errors ?? []) {
    const list = byPointer.get(e.instancePath) ?? [];
    list.push(e);
    byPointer.set(e.instancePath, list);
  }
  return [...byPointer].map(([pointer, errors]) => {
    const keyword =
      pointer === ''
        ? 'the schema'
        : `"${pointer
            .slice(pointer.lastIndexOf('/') + 1)
            .replace(/~1/g, '/')
            .replace(/~0/g, '~')}"`;
    const messages = [...new Set(errors.map((e) => e.message ?? e.keyword))];
    return { pointer, message: `${keyword} ${messages.join('; or ')}` };
  });
}
