/**
 * The `type` keyword: a name or an array of names; `"any"` (invalid, but common) and misspelt names;
 * and, when `type` is absent, the types implied by the keywords present (`properties` → object).
 */
import { joinPointer } from '../diagnostics/pointer.js';
import { has, own, report, show, type JsonObject, type WalkContext } from './context.js';

/** The JSON Schema type names, in the order unions list them. */
export const TYPE_NAMES = [
  'object',
  'array',
  'string',
  'number',
  'integer',
  'boolean',
  'null',
] as const;
/** One of {@link TYPE_NAMES}. */
export type TypeName = (typeof TYPE_NAMES)[number];

/**
 * What a schema's types are: `unknown` (any value: `"any"`, an invalid name), `none` (nothing says),
 * or `types` with the names, `explicit` when they came from `type` itself.
 */
export interface TypeInfo {
  kind: 'unknown' | 'none' | 'types';
  names: TypeName[];
  explicit: boolean;
}

/** Keywords that only apply to one type; their presence implies it when `type` is absent. */
const IMPLIED: ReadonlyArray<[TypeName, readonly string[]]> = [
  [
    'object',
    [
      'properties',
      'required',
      'additionalProperties',
      'patternProperties',
      'propertyNames',
      'minProperties',
      'maxProperties',
    ],
  ],
  [
    'array',
    ['items', 'prefixItems', 'additionalItems', 'contains', 'minItems', 'maxItems', 'uniqueItems'],
  ],
  ['string', ['pattern', 'minLength', 'maxLength', 'format']],
  ['number', ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']],
];

const KNOWN = new Set<string>(TYPE_NAMES);

/** The {@link TypeInfo} of `type: "<name>"` for each valid name (callers never mutate it). */
const SINGLE: ReadonlyMap<string, TypeInfo> = new Map(
  TYPE_NAMES.map((name): [string, TypeInfo] => [
    name,
    Object.freeze({ kind: 'types', names: Object.freeze([name]) as TypeName[], explicit: true }),
  ]),
);

/** Reads `type`, reporting `any-type`, `invalid-type` and `invalid-keyword-value`. */
export function schemaTypes(ctx: WalkContext, schema: JsonObject, path: string): TypeInfo {
  if (!has(schema, 'type')) return impliedTypes(schema);
  const value = own(schema, 'type');
  // Most schemas name one valid type: a shared, read-only answer, nothing to report.
  if (typeof value === 'string') {
    const single = SINGLE.get(value);
    if (single !== undefined) return single;
  }
  const typePath = joinPointer(path, 'type');
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === 'string')) {
    report(
      ctx,
      'invalid-keyword-value',
      typePath,
      `\`type\` must be a type name or a non-empty array of names, got ${show(value)}`,
    );
    return { kind: 'unknown', names: [], explicit: true };
  }
  const names = new Set<TypeName>();
  let unknown = false;
  list.forEach((name, i) => {
    const at = Array.isArray(value) ? joinPointer(typePath, i) : typePath;
    if (name === 'any') {
      report(ctx, 'any-type', at);
      unknown = true;
    } else if (KNOWN.has(name)) {
      names.add(name as TypeName);
    } else {
      report(ctx, 'invalid-type', at, show(name));
      unknown = true;
    }
  });
  if (unknown) return { kind: 'unknown', names: [], explicit: true };
  // `number` already admits integers: `["integer", "number"]` is `number`, never `number | number`.
  if (names.has('number')) names.delete('integer');
  return { kind: 'types', names: TYPE_NAMES.filter((n) => names.has(n)), explicit: true };
}

/** The types implied by type-specific keywords, for a schema without `type`. */
function impliedTypes(schema: JsonObject): TypeInfo {
  const names = IMPLIED.filter(([, keywords]) => keywords.some((k) => has(schema, k))).map(
    ([name]) => name,
  );
  return names.length === 0
    ? { kind: 'none', names, explicit: false }
    : { kind: 'types', names, explicit: false };
}

/** Keywords that give a schema a type; a payload schema with none of them is "untyped". */
const TYPING = [
  'type',
  'enum',
  'const',
  '$ref',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'items',
  'prefixItems',
  'additionalItems',
  'contains',
  'minItems',
  'maxItems',
  'uniqueItems',
  'pattern',
  'minLength',
  'maxLength',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
];

/** True when a schema has no keyword that says anything about its value's type (`{}`, `{ description }`). */
export function isUntyped(schema: JsonObject): boolean {
  return !TYPING.some((k) => has(schema, k));
}
