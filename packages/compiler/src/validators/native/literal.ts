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

/** A number as JavaScript source (JSON numbers are finite). */
export function num(value: number): string {
  return value < 0 ? `(${JSON.stringify(value)})` : JSON.stringify(value);
}

/**
 * A schema key as a token of a URI-fragment JSON pointer, as Ajv writes `schemaPath` (`~0`, `~1`,
 * then percent-encoding). A lone surrogate, which cannot be percent-encoded, becomes U+FFFD.
 */
export function fragmentToken(key: string): string {
  const token = key.replace(/~/g, '~0').replace(/\//g, '~1');
  return encodeURIComponent(token.replace(/\p{Cs}/gu, '\ufffd'));
}

/** One part of an instance path: a constant text, or a JavaScript expression giving a string. */
export type PathPart = { text: string } | { expr: string };

/** An instance path (JSON pointer) as parts, turned into code only where an error is reported. */
export type Path = readonly PathPart[];

/** `path` followed by `/token` for a property or item known at build time. */
export function childPath(path: Path, token: string | number): Path {
  const escaped = String(token).replace(/~/g, '~0').replace(/\//g, '~1');
  return [...path, { text: '/' + escaped }];
}

/** `path` followed by `/` and a token computed at run time (`expr` is already escaped). */
export function dynamicPath(path: Path, expr: string): Path {
  return [...path, { text: '/' }, { expr }];
}

/** The JavaScript expression for `path`; adjacent constant parts are merged. */
export function pathCode(path: Path): string {
  const parts: string[] = [];
  let text = '';
  for (const part of path) {
    if ('text' in part) text += part.text;
    else {
      if (text) parts.push(str(text));
      text = '';
      parts.push(part.expr);
    }
  }
  if (text || parts.length === 0) parts.push(str(text));
  return parts.join(' + ');
}
