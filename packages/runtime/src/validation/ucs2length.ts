/**
 * The length of a string in Unicode code points, as JSON Schema's minLength/maxLength count it:
 * a surrogate pair counts once, a lone surrogate counts once. Replaces ajv/dist/runtime/ucs2length.
 */
export function ucs2length(str: string): number {
  let length = 0;
  for (let i = 0; i < str.length; i++, length++) {
    const code = str.charCodeAt(i);
    // A high surrogate followed by a low one is one astral character; NaN & 0xfc00 is 0 at the end.
    if (code >= 0xd800 && code <= 0xdbff && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return length;
}
