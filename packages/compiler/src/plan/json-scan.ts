/**
 * A small strict JSON scanner over source text. `JSON.parse` stays the fast path for loading; this
 * scanner runs only when a diagnostic needs a place: it finds where a syntax error is and where a JSON
 * pointer lands, skipping values it does not need without building them.
 */

/** A syntax error at a character offset. */
export class JsonScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Index of the first non-whitespace character at or after `i`. */
export function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

function fail(text: string, i: number, expected: string): never {
  const found = i >= text.length ? 'the end of the file' : JSON.stringify(text[i]);
  throw new JsonScanError(i, `expected ${expected}, found ${found}`);
}

/** Index just past the string literal starting at `i` (which must be a `"`). */
export function scanString(text: string, i: number): number {
  i++;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (Number.isNaN(c)) fail(text, i, "a closing '\"'");
    if (c < 0x20) fail(text, i, 'no control character inside a string');
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text)) fail(text, i + 2, 'four hex digits after \\u');
        i += 6;
        continue;
      }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(text, i + 1, 'a valid escape');
      i += 2;
      continue;
    }
    i++;
  }
}

/** Index just past the JSON value starting at or after `i`. Throws {@link JsonScanError}. */
export function scanValue(text: string, i: number): number {
  i = skipWhitespace(text, i);
  const c = text[i];
  if (c === '{') {
    i = skipWhitespace(text, i + 1);
    if (text[i] === '}') return i + 1;
    for (;;) {
      if (text[i] !== '"') fail(text, i, 'a double-quoted property name');
      i = skipWhitespace(text, scanString(text, i));
      if (text[i] !== ':') fail(text, i, "':' after a property name");
      i = skipWhitespace(text, scanValue(text, i + 1));
      if (text[i] === '}') return i + 1;
      if (text[i] !== ',') fail(text, i, "',' or '}' after a property value");
      i = skipWhitespace(text, i + 1);
    }
  }
  if (c === '[') {
    i = skipWhitespace(text, i + 1);
    if (text[i] === ']') return i + 1;
    for (;;) {
      i = skipWhitespace(text, scanValue(text, i));
      if (text[i] === ']') return i + 1;
      if (text[i] !== ',') fail(text, i, "',' or ']' after an array element");
      i++;
    }
  }
  if (c === '"') return scanString(text, i);
  for (const word of ['true', 'false', 'null'])
    if (text.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  return fail(text, i, 'a JSON value');
}

/** Where the first syntax error of `text` is, or `undefined` when the scanner finds none. */
export function findJsonError(text: string): JsonScanError | undefined {
  try {
    const end = skipWhitespace(text, scanValue(text, 0));
    if (end < text.length) fail(text, end, 'the end of the file after the top-level value');
    return undefined;
  } catch (err) {
    if (err instanceof JsonScanError) return err;
    // A RangeError from absurd nesting: no position to give.
    return undefined;
  }
}

/**
 * Finds the offsets of JSON pointer targets in one text. Each container on a looked-up path is
 * indexed once (child name → value offset), so many lookups into one large file stay linear.
 */
export class JsonLocator {
  private readonly children = new Map<number, Map<string, number> | null>();

  constructor(private readonly text: string) {}

  /** Offset of the deepest existing value along `tokens`, and how many tokens were matched. */
  locate(tokens: readonly string[]): { offset: number; matched: number } {
    let offset = skipWhitespace(this.text, 0);
    for (let k = 0; k < tokens.length; k++) {
      const next = this.childrenOf(offset)?.get(tokens[k]!);
      if (next === undefined) return { offset, matched: k };
      offset = next;
    }
    return { offset, matched: tokens.length };
  }

  private childrenOf(offset: number): Map<string, number> | null {
    let map = this.children.get(offset);
    if (map === undefined) {
      try {
        map = this.index(offset);
      } catch {
        map = null;
      }
      this.children.set(offset, map);
    }
    return map;
  }

  private index(at: number): Map<string, number> | null {
    const text = this.text;
    const map = new Map<string, number>();
    if (text[at] === '{') {
      let i = skipWhitespace(text, at + 1);
      while (text[i] === '"') {
        const keyEnd = scanString(text, i);
        const key = JSON.parse(text.slice(i, keyEnd)) as string;
        const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
        map.set(key, valueStart);
        i = skipWhitespace(text, scanValue(text, valueStart));
        if (text[i] !== ',') break;
        i = skipWhitespace(text, i + 1);
      }
      return map;
    }
    if (text[at] === '[') {
      let i = skipWhitespace(text, at + 1);
      let n = 0;
      while (i < text.length && text[i] !== ']') {
        map.set(String(n++), i);
        i = skipWhitespace(text, scanValue(text, i));
        if (text[i] !== ',') break;
        i = skipWhitespace(text, i + 1);
      }
      return map;
    }
    return null;
  }
}
