/**
 * Wire name → words → camelCase / PascalCase / kebab-case. Pure string functions with no scope:
 * collisions and reserved words are handled by {@link Scope} and the `to*` helpers in `./index.js`.
 *
 * Rules (each one is a row of the tables in `test/naming/convert.test.ts`):
 * - NFKD, then combining marks dropped (`é` → `e`, `Ｆｕｌｌ` → `Full`, `ﬁ` → `fi`), then a small table for
 *   letters NFKD leaves alone (`ß` → `ss`, `æ` → `ae`, `ø` → `o`, `ł` → `l`, `đ` → `d`, `þ` → `th`, …).
 * - Apostrophes join (`Don't` → `dont`); `&` `+` `%` `#` `@` are spelled out as their own word
 *   (`And` `Plus` `Percent` `Number` `At`); every other non-ASCII-alphanumeric character separates words.
 * - Words also split on camelCase boundaries, acronyms become one word (`orderID` → `order`,`ID` →
 *   `orderId`; `XMLHttpRequest` → `xmlHttpRequest`); digits stay with the word before them (`page2`).
 * - A name with no usable character becomes `event` + a 7-character hash of the wire name.
 */

/** Letters NFKD does not decompose, spelled in ASCII. Upper-case forms keep a readable case shape. */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'Ss',
  æ: 'ae',
  Æ: 'Ae',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  œ: 'oe',
  Œ: 'Oe',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŧ: 't',
  Ŧ: 'T',
};

/** Symbols that carry meaning in event names (`Q&A`, `C++`, `100%`, `#1`, `@mention`): spelled as a word. */
export const SPELLED_SYMBOLS: Readonly<Record<string, string>> = {
  '&': 'And',
  '+': 'Plus',
  '%': 'Percent',
  '#': 'Number',
  '@': 'At',
};

/** Joined into the surrounding word rather than splitting it (`Don't` → `dont`, not `donT`). */
const APOSTROPHES = new Set(["'", '\u2019', '\u2018', '\u02bc']);

const COMBINING_MARK = /^\p{M}$/u;

/** FNV-1a over UTF-16 code units (lone surrogates included), 7 base-36 characters. Stable across runs. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}

/** 1 lower-case letter, 2 upper-case letter, 3 digit, 0 anything else (ASCII only). */
function charClass(code: number): number {
  if (code >= 97 && code <= 122) return 1;
  if (code >= 65 && code <= 90) return 2;
  if (code >= 48 && code <= 57) return 3;
  return 0;
}

/** Splits one run of ASCII letters and digits on camelCase boundaries. */
function splitCamel(run: string, out: string[]): void {
  let start = 0;
  for (let i = 1; i < run.length; i++) {
    const prev = charClass(run.charCodeAt(i - 1));
    const cur = charClass(run.charCodeAt(i));
    const next = i + 1 < run.length ? charClass(run.charCodeAt(i + 1)) : 0;
    const lowerOrDigitToUpper = prev !== 2 && cur === 2;
    // `XMLHttp`: the last capital of an acronym starts the next word.
    const acronymEnd = prev === 2 && cur === 2 && next === 1;
    if (lowerOrDigitToUpper || acronymEnd) {
      out.push(run.slice(start, i));
      start = i;
    }
  }
  out.push(run.slice(start));
}

/**
 * The words of a wire name, ASCII letters and digits only, in their original case.
 * Empty when nothing usable remains (`""`, `"!!!"`, `"日本"`); see {@link wordsOrFallback}.
 */
export function splitWords(wire: string): string[] {
  // The same property names recur across thousands of events: split each once.
  const known = SPLIT_CACHE.get(wire);
  if (known !== undefined) return [...known];
  const words = splitUncached(wire);
  if (SPLIT_CACHE.size < SPLIT_CACHE_MAX) SPLIT_CACHE.set(wire, words);
  return [...words];
}

const SPLIT_CACHE = new Map<string, readonly string[]>();
const SPLIT_CACHE_MAX = 100_000;

function splitUncached(wire: string): string[] {
  const words: string[] = [];
  let run = '';
  const flush = (): void => {
    if (run !== '') splitCamel(run, words);
    run = '';
  };
  // Pure-ASCII names (the common case) skip normalization: NFKD leaves them unchanged.
  const text = /^[\x00-\x7f]*$/.test(wire) ? wire : wire.normalize('NFKD');
  for (const char of text) {
    if (charClass(char.charCodeAt(0)) !== 0) run += char;
    else if (APOSTROPHES.has(char) || (char > '\x7f' && COMBINING_MARK.test(char))) continue;
    else if (Object.hasOwn(TRANSLITERATIONS, char)) run += TRANSLITERATIONS[char];
    else if (Object.hasOwn(SPELLED_SYMBOLS, char)) {
      flush();
      words.push(SPELLED_SYMBOLS[char]!);
    } else flush();
  }
  flush();
  return words;
}

/** {@link splitWords}, or `[fallback, shortHash(wire)]` when the name has no usable character. */
export function wordsOrFallback(wire: string, fallback = 'event'): string[] {
  const words = splitWords(wire);
  return words.length > 0 ? words : [fallback, shortHash(wire)];
}

const capitalize = (word: string): string =>
  word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

/** Longest identifier before it is cut and suffixed with a hash of the whole name. */
export const MAX_IDENTIFIER_LENGTH = 100;
/** Longest file stem before it is cut and suffixed with a hash of the whole stem. */
export const MAX_FILE_STEM_LENGTH = 80;

/** Cuts `text` to `max` characters, the last 8 being `-`/`` + a hash of the whole text, so cut names stay distinct. */
function cap(text: string, max: number, joiner: string): string {
  if (text.length <= max) return text;
  const hash = shortHash(text);
  let head = text.slice(0, max - hash.length - joiner.length);
  while (head.endsWith('-')) head = head.slice(0, -1);
  return `${head}${joiner}${hash}`;
}

/** `['products', 'item']` → `ProductsItem`: a PascalCase segment to append after a prefix (no digit guard, no cap). */
export function pascalSegment(words: readonly string[]): string {
  return words.map(capitalize).join('');
}

/** Caps a composed identifier at {@link MAX_IDENTIFIER_LENGTH}, keeping distinct names distinct by hash. */
export function capIdentifier(name: string): string {
  return cap(name, MAX_IDENTIFIER_LENGTH, '');
}

/** Identifiers may not start with a digit: `1st Purchase` → `_1stPurchase`. */
const guardDigit = (name: string): string => (/^[0-9]/.test(name) ? `_${name}` : name);

/** `['order', 'ID']` → `orderId`. Not escaped for reserved words; never empty for non-empty input. */
export function renderCamel(words: readonly string[]): string {
  const text = words.map((w, i) => (i === 0 ? w.toLowerCase() : capitalize(w))).join('');
  return guardDigit(cap(text, MAX_IDENTIFIER_LENGTH, ''));
}

/** `['order', 'ID']` → `OrderId`. Not escaped for reserved words. */
export function renderPascal(words: readonly string[]): string {
  return guardDigit(cap(words.map(capitalize).join(''), MAX_IDENTIFIER_LENGTH, ''));
}

/** `['order', 'ID']` → `order-id`. Only `[a-z0-9-]`. */
export function renderKebab(words: readonly string[]): string {
  return cap(words.map((w) => w.toLowerCase()).join('-'), MAX_FILE_STEM_LENGTH, '-');
}
