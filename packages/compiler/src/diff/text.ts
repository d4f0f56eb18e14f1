/** Small text helpers of the diff: paths as pointers, and JSON with sorted keys for comparing values. */
import { escapePointerToken } from '../diagnostics/pointer.js';
import { compareText } from '../order.js';
import type { PathStep } from './types.js';

/**
 * A path as a pointer for people: `/address/city`; array items `[]`, tuple items `[0]`, map or extra
 * values `{}`, pattern keys `{^x_}`, union members `(1)`. Property names are escaped as in RFC 6901.
 */
export function pointerOf(path: readonly PathStep[]): string {
  let out = '';
  for (const step of path) {
    if ('property' in step) out += '/' + escapePointerToken(step.property);
    else if ('items' in step) out += '/[]';
    else if ('item' in step) out += `/[${step.item}]`;
    else if ('values' in step) out += '/{}';
    else if ('pattern' in step) out += `/{${escapePointerToken(step.pattern)}}`;
    else out += `/(${step.member})`;
  }
  return out;
}

/** JSON with object keys sorted at every depth; `undefined` for `undefined`. */
export function stableJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(sortKeys(value, 0));
}

function sortKeys(value: unknown, depth: number): unknown {
  if (depth > 200 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, depth + 1));
  const record = value as Record<string, unknown>;
  // No prototype: a `__proto__` key stays a key, so two values differing only there still differ.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(record).sort(compareText))
    out[key] = sortKeys(record[key], depth + 1);
  return out;
}
