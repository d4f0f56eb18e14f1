/**
 * Safe JavaScript text for values that come from the plan (property names, enum values, patterns,
 * format names): they are only ever emitted as JSON string literals or parsed JSON, never as
 * identifiers or inside comments.
 */
import type { Json } from '../../plan/types.js';

// U+2028/2029 are legal in string literals since ES2019; escaped anyway for older tools.
const SEPARATORS = /[\u2028\u2029]/g;
const HAS_SEPARATOR = /[\u2028\u2029]/;
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
const escapeSeparator = (c: string): string => (c === '\u2028' ? '\\u2028' : '\\u2029');

/** A JavaScript string literal for `text` (lone surrogates come out as `\udxxx` escapes). */
export function str(text: string): string {
  // Most names and pointers are plain printable ASCII: no escaping to work out.
  if (PLAIN.test(text)) return `"${text}"`;
  const json = JSON.stringify(text);
  return HAS_SEPARATOR.test(json) ? json.replace(SEPARATORS, escapeSeparator) : json;
}

function hasProtoKey(value: Json): boolean {
  if (Array.isArray(value)) return value.some(hasProtoKey);
  if (typeof value !== 'object' || value === null) return false;
  return Object.hasOwn(value, '__proto__') || Object.values(value).some(hasProtoKey);
}

/**
 * A JavaScript expression evaluating to a copy of `value`. A `"__proto__"` key in an object
 * literal would set the prototype instead of adding a key, so such values are parsed from JSON.
 */
export function literal(value: Json): string {
  const json = JSON.stringify(value).replace(SEPARATORS, escapeSeparator);
  return hasProtoKey(value) ? `/* @__PURE__ */ JSON.parse(${str(JSON.stringify(value))})` : json;
}
