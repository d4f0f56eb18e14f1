/**
 * The only ways plan text reaches generated code: as an escaped string literal, a checked number
 * literal, a property key, or sanitized comment text. Nothing else from a plan is ever printed.
 */

/** Lone UTF-16 surrogates: unencodable in UTF-8, so they are written as `\uXXXX` escapes instead. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Characters JSON allows raw in strings but that end a line in JavaScript (before ES2019) or in editors. */
const LINE_SEPARATORS = /[\u2028\u2029]/g;

/** Anything {@link stringLiteral} must escape or re-quote: quotes, backslashes, controls, separators, surrogates. */
const NEEDS_ESCAPE = /["'\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

const unicodeEscape = (char: string): string =>
  `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A JavaScript string literal whose value is exactly `value`, byte for byte: JSON escaping plus
 * `\u2028`, `\u2029` and lone surrogates as `\uXXXX`. Used for every wire name and every enum/const
 * string. Quotes follow the generated style (prettier's rule): single, unless the value holds more
 * single than double quotes.
 */
export function stringLiteral(value: string): string {
  // Most wire names and enum values need no escaping at all: skip the JSON round trip for them.
  if (!NEEDS_ESCAPE.test(value)) return `'${value}'`;
  // JSON.stringify already escapes lone surrogates on Node ≥ 12; the replace keeps that guarantee explicit.
  const json = JSON.stringify(value)
    .replace(LINE_SEPARATORS, unicodeEscape)
    .replace(LONE_SURROGATE, unicodeEscape);
  if (!value.includes("'") && !value.includes('"')) return `'${json.slice(1, -1)}'`;
  const singles = value.split("'").length - 1;
  const doubles = value.split('"').length - 1;
  if (singles > doubles) return json;
  // Re-quote: escape pairs are kept whole (so `\\"` stays right), `\"` loses its backslash, `'` gains one.
  const body = json
    .slice(1, -1)
    .replace(/\\[\s\S]|'/g, (m) => (m === '\\"' ? '"' : m === "'" ? "\\'" : m));
  return `'${body}'`;
}

/**
 * A number literal for a finite JSON number (`1e+21`, `-3`, `0.5`), or `undefined` when `value` is not
 * finite and so cannot come from JSON. `-0` prints as `0`: JSON cannot tell them apart either.
 */
export function numberLiteral(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  return Object.is(value, -0) ? '0' : String(value);
}

const IDENTIFIER_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True for ASCII identifier names, which can be object keys without quotes (reserved words included). */
export function isIdentifierName(name: string): boolean {
  return IDENTIFIER_NAME.test(name);
}

/** A property key: bare when it is an identifier name, otherwise a string literal (`""`, `"a-b"`, `"1"`). */
export function propertyKey(name: string): string {
  return isIdentifierName(name) ? name : stringLiteral(name);
}

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;
// C0 controls other than tab and line breaks, and DEL: invisible in editors, shown as escapes instead.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

// Anything commentLines has to rewrite: line breaks, controls, `*/`, `@`, lone surrogates.
const NEEDS_CARE = /[\u0000-\u001f\u007f\u2028\u2029*@\ud800-\udfff]/;

/**
 * Turns free text from a plan (descriptions, patterns, examples) into lines safe inside a `/** … *\/`
 * block: `*\/` can never close the comment, a line never starts a JSDoc tag (`@` after whitespace is
 * written `\@`), line separators become real line breaks, and unprintable characters become escapes.
 * Leading and trailing blank lines are dropped.
 */
export function commentLines(text: string): string[] {
  // Most descriptions are one plain line: skip the regex passes for them.
  if (!NEEDS_CARE.test(text)) {
    const plain = text.trim() === '' ? '' : text.trimEnd();
    return plain === '' ? [] : [plain];
  }
  const lines = text
    .replace(LONE_SURROGATE, unicodeEscape)
    .replace(CONTROL, unicodeEscape)
    .split(LINE_BREAK)
    .map((line) =>
      line
        .replace(/\*\//g, '*\\/')
        .replace(/(^|\s)@/g, '$1\\@')
        .trimEnd(),
    );
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
