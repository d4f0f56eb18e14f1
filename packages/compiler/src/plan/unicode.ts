/**
 * Lone surrogates, found once for every stage: `platen check` reports them in rule keys, and the
 * registry (through `@platen/compiler/api`) refuses them with 422.
 */

// A lone surrogate cannot be stored as UTF-8: SQLite would keep U+FFFD, so "\ud800" and "\udc00"
// would read back as the same key and the pulled plan would fail `push` with duplicate-rule.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first lone surrogate in `text`: its code unit (`D800`) and UTF-16 offset; undefined when `text` is valid Unicode. */
export function loneSurrogate(text: string): { unit: string; offset: number } | undefined {
  const m = LONE_SURROGATE.exec(text);
  if (!m) return undefined;
  return { unit: m[0].charCodeAt(0).toString(16).toUpperCase(), offset: m.index };
}
