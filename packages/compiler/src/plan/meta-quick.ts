/**
 * A hand-written fast path for the meta-schema check of `meta-schema.ts`: `true` only when the
 * schema certainly passes {@link LENIENT_META_SCHEMA}. It may say `false` for a schema Ajv accepts
 * (anything unusual: object `enum` members, very deep nesting); the caller then asks Ajv, which also
 * writes the messages. So it must never be more lenient than the meta-schema, only faster: ~10×,
 * and no Ajv to load or compile for a sound plan.
 */
// Past the one shared depth limit the quick check gives up and Ajv decides; plan validation has
// already refused a schema nested that deep (`schema-too-deep`) before asking.
import { MAX_JSON_DEPTH as MAX_DEPTH } from '../depth.js';

type Check = (value: unknown, depth: number) => boolean;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): boolean => typeof v === 'string';
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
/** draft-04's boolean `exclusiveMinimum` / `exclusiveMaximum`, or draft-06+'s number. */
const isNumberOrFlag = (v: unknown): boolean => isNumber(v) || isBoolean(v);

const PATTERNS = new Map<string, boolean>();
const PATTERNS_MAX = 10_000;

/**
 * True when `pattern` compiles as a Unicode regular expression, as the runtime validators compile it
 * (the meta-schema's `format: "regex"`; the IR asks the same of `pattern` keywords). The same
 * patterns recur across a plan's properties: each is compiled once (up to a bound, for memory).
 */
export function isUnicodePattern(pattern: string): boolean {
  let valid = PATTERNS.get(pattern);
  if (valid === undefined) {
    try {
      new RegExp(pattern, 'u');
      valid = true;
    } catch {
      valid = false;
    }
    if (PATTERNS.size < PATTERNS_MAX) PATTERNS.set(pattern, valid);
  }
  return valid;
}

const isRegex = (v: unknown): boolean => typeof v === 'string' && isUnicodePattern(v);

/** `uniqueItems` over primitives only; an object or array member defers to Ajv's deep equality. */
function uniquePrimitives(items: readonly unknown[]): boolean {
  const seen = new Set<unknown>();
  for (const item of items) {
    if (typeof item === 'object' && item !== null) return false;
    if (seen.has(item)) return false;
    seen.add(item);
  }
  return true;
}

const isStringSet = (v: unknown): boolean =>
  Array.isArray(v) && v.every(isString) && uniquePrimitives(v);

const isSchema: Check = (v, depth) => {
  if (typeof v === 'boolean') return true;
  if (!isRecord(v) || depth > MAX_DEPTH) return false;
  for (const key in v) {
    if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
    const check = KEYWORDS.get(key);
    if (check !== undefined && v[key] !== undefined && !check(v[key], depth + 1)) return false;
  }
  return true;
};

const schemaMap: Check = (v, depth) => {
  if (!isRecord(v)) return false;
  for (const key in v) {
    if (Object.prototype.hasOwnProperty.call(v, key) && !isSchema(v[key], depth)) return false;
  }
  return true;
};
const schemaArray: Check = (v, depth) =>
  Array.isArray(v) && v.length >= 1 && v.every((s) => isSchema(s, depth));
const plain =
  (test: (v: unknown) => boolean): Check =>
  (v) =>
    test(v);

/** Every keyword the meta-schema constrains, with the same constraint (or a stricter one). */
const KEYWORDS = new Map<string, Check>([
  ['$id', plain(isString)],
  ['id', plain(isString)],
  ['$schema', plain(isString)],
  ['$ref', plain(isString)],
  ['$comment', plain(isString)],
  ['title', plain(isString)],
  ['description', plain(isString)],
  ['labels', plain(isRecord)],
  ['readOnly', plain(isBoolean)],
  ['writeOnly', plain(isBoolean)],
  ['deprecated', plain(isBoolean)],
  ['examples', plain(Array.isArray)],
  ['multipleOf', plain((v) => isNumber(v) && (v as number) > 0)],
  ['maximum', plain(isNumber)],
  ['exclusiveMaximum', plain(isNumberOrFlag)],
  ['minimum', plain(isNumber)],
  ['exclusiveMinimum', plain(isNumberOrFlag)],
  ['maxLength', plain(isCount)],
  ['minLength', plain(isCount)],
  ['pattern', plain(isRegex)],
  ['additionalItems', isSchema],
  [
    'items',
    (v, depth) => (Array.isArray(v) ? v.every((s) => isSchema(s, depth)) : isSchema(v, depth)),
  ],
  ['maxItems', plain(isCount)],
  ['minItems', plain(isCount)],
  ['uniqueItems', plain(isBoolean)],
  ['contains', isSchema],
  ['maxProperties', plain(isCount)],
  ['minProperties', plain(isCount)],
  ['required', plain(isStringSet)],
  ['additionalProperties', isSchema],
  ['definitions', schemaMap],
  ['$defs', schemaMap],
  ['properties', schemaMap],
  [
    'patternProperties',
    (v, depth) => schemaMap(v, depth) && Object.keys(v as object).every(isRegex),
  ],
  [
    'dependencies',
    plain(
      (v) =>
        isRecord(v) &&
        Object.values(v).every(
          (d) => typeof d === 'boolean' || (typeof d === 'object' && d !== null),
        ),
    ),
  ],
  ['propertyNames', isSchema],
  ['enum', plain((v) => Array.isArray(v) && uniquePrimitives(v))],
  ['type', plain((v) => isString(v) || (Array.isArray(v) && v.length >= 1 && isStringSet(v)))],
  ['format', plain(isString)],
  ['contentMediaType', plain(isString)],
  ['contentEncoding', plain(isString)],
  ['if', isSchema],
  ['then', isSchema],
  ['else', isSchema],
  ['allOf', schemaArray],
  ['anyOf', schemaArray],
  ['oneOf', schemaArray],
  ['not', isSchema],
]);

/**
 * `true` when `schema` certainly passes the lenient draft-07 meta-schema; `false` when it may not
 * (ask Ajv). Never throws, whatever the depth.
 */
export function quickMetaCheck(schema: unknown): boolean {
  return isSchema(schema, 0);
}
