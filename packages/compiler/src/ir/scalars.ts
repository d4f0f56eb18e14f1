/**
 * Scalar types and their constraints: `string` (`format`, `pattern`, `minLength`, `maxLength`),
 * `number`/`integer` (bounds, draft-04 boolean `exclusiveMinimum`/`exclusiveMaximum`, `multipleOf`).
 * Constraints are documentation for the emitter; the runtime validator enforces them.
 */
import { joinPointer } from '../diagnostics/pointer.js';
import { has, own, report, show, type JsonObject, type WalkContext } from './context.js';
import type { IrInteger, IrNumber, IrString } from './types.js';
import { isUnicodePattern } from '../plan/meta-quick.js';

/** What a numeric keyword must hold. */
type NumberRule = 'any' | 'count' | 'positive';

/**
 * Reads a numeric keyword. A value of the wrong kind (`minLength: "3"`, `multipleOf: 0`) is an
 * `invalid-keyword-value` error and is dropped, which widens the type.
 */
export function readNumber(
  ctx: WalkContext,
  schema: JsonObject,
  keyword: string,
  path: string,
  rule: NumberRule,
): number | undefined {
  if (!has(schema, keyword)) return undefined;
  const value = own(schema, keyword);
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule === 'any' ||
      (rule === 'count' && Number.isInteger(value) && value >= 0) ||
      (rule === 'positive' && value > 0));
  if (ok) return value;
  const want =
    rule === 'count' ? 'a non-negative integer' : rule === 'positive' ? 'a number > 0' : 'a number';
  report(
    ctx,
    'invalid-keyword-value',
    joinPointer(path, keyword),
    `\`${keyword}\` must be ${want}, got ${show(value)}`,
  );
  return undefined;
}

/** Reads a string keyword (`format`, `pattern`, `title`, …); anything else is `invalid-keyword-value`. */
export function readString(
  ctx: WalkContext,
  schema: JsonObject,
  keyword: string,
  path: string,
): string | undefined {
  if (!has(schema, keyword)) return undefined;
  const value = own(schema, keyword);
  if (typeof value === 'string') return value;
  report(
    ctx,
    'invalid-keyword-value',
    joinPointer(path, keyword),
    `\`${keyword}\` must be a string, got ${show(value)}`,
  );
  return undefined;
}

/** Reads a boolean keyword (`uniqueItems`, `deprecated`). */
export function readBoolean(
  ctx: WalkContext,
  schema: JsonObject,
  keyword: string,
  path: string,
): boolean | undefined {
  if (!has(schema, keyword)) return undefined;
  const value = own(schema, keyword);
  if (typeof value === 'boolean') return value;
  report(
    ctx,
    'invalid-keyword-value',
    joinPointer(path, keyword),
    `\`${keyword}\` must be a boolean, got ${show(value)}`,
  );
  return undefined;
}

/**
 * Reads a regular expression keyword. Ajv compiles patterns with the `u` flag, so one that does not
 * compile here would break the generated validator: report it now, with the rule and pointer.
 */
export function readPattern(
  ctx: WalkContext,
  schema: JsonObject,
  keyword: string,
  path: string,
): string | undefined {
  const pattern = readString(ctx, schema, keyword, path);
  if (pattern === undefined || isUnicodePattern(pattern)) return pattern;
  report(
    ctx,
    'invalid-keyword-value',
    joinPointer(path, keyword),
    `\`${keyword}\` ${show(pattern)} is not a valid regular expression`,
  );
  return undefined;
}

/** `type: "string"` with its constraints. */
export function stringNode(
  ctx: WalkContext,
  schema: JsonObject,
  path: string,
  pointer: string,
): IrString {
  const node: IrString = { kind: 'string', pointer };
  const format = readString(ctx, schema, 'format', path);
  if (format !== undefined) node.format = format;
  const pattern = readPattern(ctx, schema, 'pattern', path);
  if (pattern !== undefined) node.pattern = pattern;
  const minLength = readNumber(ctx, schema, 'minLength', path, 'count');
  if (minLength !== undefined) node.minLength = minLength;
  const maxLength = readNumber(ctx, schema, 'maxLength', path, 'count');
  if (maxLength !== undefined) node.maxLength = maxLength;
  return node;
}

/** `type: "number"` or `"integer"` with its bounds. */
export function numericNode(
  ctx: WalkContext,
  kind: 'number' | 'integer',
  schema: JsonObject,
  path: string,
  pointer: string,
): IrNumber | IrInteger {
  const node: IrNumber | IrInteger = { kind, pointer };
  let minimum = readNumber(ctx, schema, 'minimum', path, 'any');
  let maximum = readNumber(ctx, schema, 'maximum', path, 'any');
  // Draft-04 wrote `exclusiveMinimum: true` next to `minimum`; draft-06+ holds the bound itself.
  const exMin = exclusiveBound(ctx, schema, 'exclusiveMinimum', path, minimum);
  if (exMin.draft04) minimum = undefined;
  const exMax = exclusiveBound(ctx, schema, 'exclusiveMaximum', path, maximum);
  if (exMax.draft04) maximum = undefined;
  if (minimum !== undefined) node.minimum = minimum;
  if (maximum !== undefined) node.maximum = maximum;
  if (exMin.bound !== undefined) node.exclusiveMinimum = exMin.bound;
  if (exMax.bound !== undefined) node.exclusiveMaximum = exMax.bound;
  const multipleOf = readNumber(ctx, schema, 'multipleOf', path, 'positive');
  if (multipleOf !== undefined) node.multipleOf = multipleOf;
  return node;
}

/** Reads `exclusiveMinimum`/`exclusiveMaximum` in either draft's form. */
function exclusiveBound(
  ctx: WalkContext,
  schema: JsonObject,
  keyword: string,
  path: string,
  inclusive: number | undefined,
): { bound?: number; draft04: boolean } {
  const value = own(schema, keyword);
  if (typeof value === 'boolean') {
    // `exclusiveMinimum: false` (or `true` with no `minimum`) adds nothing.
    return value && inclusive !== undefined
      ? { bound: inclusive, draft04: true }
      : { draft04: false };
  }
  const bound = readNumber(ctx, schema, keyword, path, 'any');
  return bound === undefined ? { draft04: false } : { bound, draft04: false };
}
