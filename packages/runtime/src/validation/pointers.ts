// JSON pointers (RFC 6901), relative JSON pointers, UUIDs, regexes and base64: the remaining string
// formats of ajv-formats' "full" mode.

const JSON_POINTER = /^(?:\/(?:[^~/]|~0|~1)*)*$/;
// A count of levels up, then "#" or a JSON pointer.
const RELATIVE_JSON_POINTER = /^(?:0|[1-9][0-9]*)(?:#|(?:\/(?:[^~/]|~0|~1)*)*)$/;
const JSON_POINTER_URI_FRAGMENT = /^#(?:\/(?:[a-z0-9_\-.!$&'()*+,;:=@]|%[0-9a-f]{2}|~0|~1)*)*$/i;
const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const BASE64 = /^(?:[a-z0-9+/]{4})*(?:[a-z0-9+/]{2}==|[a-z0-9+/]{3}=)?$/i;

/** `json-pointer`: `""` or `/`-separated tokens with `~` written as `~0` or `~1`. */
export const jsonPointer = (str: string): boolean => JSON_POINTER.test(str);

/** `relative-json-pointer`: a count of levels up, then `#` or a JSON pointer (`1/name`). */
export const relativeJsonPointer = (str: string): boolean => RELATIVE_JSON_POINTER.test(str);

/** `json-pointer-uri-fragment`: a JSON pointer written as a URI fragment (`#/a%20b`). */
export const jsonPointerUriFragment = (str: string): boolean => JSON_POINTER_URI_FRAGMENT.test(str);

/** `uuid`: 8-4-4-4-12 hex digits, optionally prefixed by `urn:uuid:`. */
export const uuid = (str: string): boolean => UUID.test(str);

/** `regex`: a pattern JavaScript can compile, without the `\Z` anchor other dialects use. */
export function regex(str: string): boolean {
  if (/[^\\]\\Z/.test(str)) return false;
  try {
    new RegExp(str);
    return true;
  } catch {
    return false;
  }
}

/**
 * `byte`: base64 (OpenAPI). ajv-formats tests it with a multi-line regex, so a string passes when
 * any one of its lines is base64 (or empty); kept for parity.
 */
export const byte = (str: string): boolean =>
  str.split(/[\n\r\u2028\u2029]/).some((line) => BASE64.test(line));

/** `int32` (OpenAPI, numbers): an integer that fits a signed 32-bit slot. */
export const int32 = (n: number): boolean => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;

/** `int64` (OpenAPI, numbers): any integer (every safe JS integer fits 64 bits). */
export const int64 = (n: number): boolean => Number.isInteger(n);
