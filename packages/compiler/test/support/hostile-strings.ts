/**
 * Hostile strings for names, descriptions and enum values: quotes, template and comment breakers,
 * script and HTML fragments, line and paragraph separators, NUL, lone surrogates, bidi overrides,
 * HTML entities, replacement patterns of `String.replace`, prototype keys, reserved words, very long
 * strings, and payloads that would run if plan text ever became code (they set `globalThis.pwned`).
 */
import fc from 'fast-check';

/** Plan text that must never run: each sets `globalThis.pwned` (or exits) if it ever becomes code. */
export const INJECTIONS = [
  '*/ globalThis.pwned = 1; /*',
  "'); process.exit(9); ('",
  '"); globalThis.pwned = 1; ("',
  '`); globalThis.pwned = 1; (`',
  '${globalThis.pwned = 1}',
  '\u2028globalThis.pwned = 1; //',
  '\n globalThis.pwned = 1; //',
  '</script><script>globalThis.pwned = 1</script>',
  '<!-- globalThis.pwned = 1 -->',
  '\\"; globalThis.pwned = 1; //',
];

/** Fragments hostile strings are made of. */
export const FRAGMENTS = [
  ...INJECTIONS,
  "'",
  '"',
  '`',
  '${',
  '}',
  '*/',
  '/*',
  '//',
  '<!--',
  '-->',
  '</script>',
  '\u2028',
  '\u2029',
  '\u0000',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '&quot;',
  '&amp;',
  '&#x27;',
  '&lt;',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\\',
  '\\u0041',
  '\n',
  '\r\n',
  '\t',
  '\x1b[31m',
  '@param x',
  '{@link y}',
  '$&',
  "$'",
  '$`',
  '$1',
  '%s',
  '{{x}}',
  '../',
  '..\\',
  '/etc/passwd',
  'C:\\x',
  'CON',
  'nul.ts',
  'default',
  'class',
  'new',
  'delete',
  ' ',
  '',
  '👍',
  'İ',
  'ﬁ',
  'é',
  'é',
  'Order Completed',
  '0',
  '#/definitions/x',
  'A ## B',
  'Checkout: Started',
];

/** A hostile string: one to four fragments, or arbitrary UTF-16 (lone surrogates included). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...FRAGMENTS), weight: 3 },
  {
    arbitrary: fc
      .array(fc.constantFrom(...FRAGMENTS), { minLength: 2, maxLength: 4 })
      .map((parts) => parts.join('')),
    weight: 5,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 2 },
);

/** A 10,000-character string that mixes every fragment (cut to length, so it may end mid-pair). */
export function longString(seed: number): string {
  let s = `long ${seed} `;
  for (let i = 0; s.length < 10_000; i++) s += FRAGMENTS[(i * 7 + seed) % FRAGMENTS.length];
  return s.slice(0, 10_000);
}
