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

interface ContainerIndex {
  children: Map<string, number>;
  /** Where scanning resumes (the next member or element), or -1 once the container is exhausted. */
  next: number;
  isArray: boolean;
}

/**
 * Finds the offsets of JSON pointer targets in one text (valid JSON: it was parsed first). Each
 * container is scanned lazily, only as far as the member asked for, and what was scanned is kept, so
 * many lookups into one large file stay linear in its size.
 */
export class JsonLocator {
  private readonly containers = new Map<number, ContainerIndex | null>();

  constructor(private readonly text: string) {}

  /** Offset of the deepest existing value along `tokens`, and how many tokens were matched. */
  locate(tokens: readonly string[]): { offset: number; matched: number } {
    let offset = skipWhitespace(this.text, 0);
    for (let k = 0; k < tokens.length; k++) {
      let next: number | undefined;
      try {
        next = this.child(offset, tokens[k]!);
      } catch {
        next = undefined;
      }
      if (next === undefined) return { offset, matched: k };
      offset = next;
    }
    return { offset, matched: tokens.length };
  }

  private child(at: number, token: string): number | undefined {
    let c = this.containers.get(at);
    if (c === undefined) {
      const open = this.text[at];
      c =
        open === '{' || open === '['
          ? { children: new Map(), next: skipWhitespace(this.text, at + 1), isArray: open === '[' }
          : null;
      this.containers.set(at, c);
    }
    if (!c) return undefined;
    const text = this.text;
    while (!c.children.has(token) && c.next !== -1) {
      let i = c.next;
      if (text[i] === '}' || text[i] === ']' || i >= text.length) {
        c.next = -1;
        break;
      }
      let name = String(c.children.size);
      if (!c.isArray) {
        const keyEnd = scanString(text, i);
        name = JSON.parse(text.slice(i, keyEnd)) as string;
        i = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
      }
      // The first of duplicate members wins here; JSON.parse keeps the last. Rare enough to accept.
      if (!c.children.has(name)) c.children.set(name, i);
      i = skipWhitespace(text, scanValue(text, i));
      c.next = text[i] === ',' ? skipWhitespace(text, i + 1) : -1;
    }
    return c.children.get(token);
  }
}
