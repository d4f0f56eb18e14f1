/** The only doors from plan text into code: string/number literals, keys and comment text. */
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  commentLines,
  numberLiteral,
  propertyKey,
  stringLiteral,
} from '../../src/emit/literals.js';

/** Evaluates a JavaScript expression the way generated code would see it. */
const evaluate = (source: string): unknown => new Function(`return (${source});`)();

const strings: Array<[string, { given: string; want: string }]> = [
  [
    'quotes and HTML characters stay raw',
    { given: `Signed Up "Beta" ' = & < >`, want: `'Signed Up "Beta" \\' = & < >'` },
  ],
  ['more single than double quotes: double-quoted', { given: "it's", want: `"it's"` }],
  ['an escaped backslash before a quote', { given: '\\"\'', want: `'\\\\"\\''` }],
  ['backslash', { given: 'a\\b', want: "'a\\\\b'" }],
  ['line separators are escaped', { given: 'a\u2028b\u2029c', want: "'a\\u2028b\\u2029c'" }],
  ['lone surrogates are escaped', { given: 'x\ud800y\udc00', want: "'x\\ud800y\\udc00'" }],
  ['a surrogate pair stays as is', { given: '😀', want: "'😀'" }],
  ['newline and control characters', { given: 'a\nb\u0000', want: "'a\\nb\\u0000'" }],
  ['empty string', { given: '', want: "''" }],
  ['script close tag', { given: '</script>', want: "'</script>'" }],
];

describe('stringLiteral', () => {
  it.each(strings)('%s', (_, { given, want }) => {
    expect(stringLiteral(given)).toBe(want);
    expect(evaluate(stringLiteral(given))).toBe(given);
  });

  it('round-trips any string byte for byte, and never contains a raw line terminator', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const literal = stringLiteral(value);
        expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
        expect(evaluate(literal)).toBe(value);
      }),
      { numRuns: 300 },
    );
  });
});

const numbers: Array<[string, { given: number; want: string | undefined }]> = [
  ['integer', { given: 42, want: '42' }],
  ['negative', { given: -5, want: '-5' }],
  ['fraction', { given: 0.1, want: '0.1' }],
  ['large exponent', { given: 1e21, want: '1e+21' }],
  ['small exponent', { given: 1e-7, want: '1e-7' }],
  ['negative zero', { given: -0, want: '0' }],
  ['NaN cannot come from JSON', { given: Number.NaN, want: undefined }],
  ['Infinity cannot come from JSON', { given: Number.POSITIVE_INFINITY, want: undefined }],
];

describe('numberLiteral', () => {
  it.each(numbers)('%s', (_, { given, want }) => {
    expect(numberLiteral(given)).toBe(want);
    if (want !== undefined) expect(evaluate(want)).toBe(Object.is(given, -0) ? 0 : given);
  });
});

const keys: Array<[string, { given: string; want: string }]> = [
  ['identifier', { given: 'revenue', want: 'revenue' }],
  ['reserved word is a fine key', { given: 'default', want: 'default' }],
  ['__proto__', { given: '__proto__', want: '__proto__' }],
  ['empty', { given: '', want: "''" }],
  ['dash', { given: 'a-b', want: "'a-b'" }],
  ['leading digit', { given: '1st', want: "'1st'" }],
  ['non-ASCII', { given: 'prix€', want: "'prix€'" }],
];

describe('propertyKey', () => {
  it.each(keys)('%s', (_, { given, want }) => {
    expect(propertyKey(given)).toBe(want);
  });
});

const comments: Array<[string, { given: string; want: string[] }]> = [
  ['comment close is broken', { given: 'a */ b', want: ['a *\\/ b'] }],
  [
    'JSDoc tags are neutralized',
    { given: '@deprecated now\n  @param x', want: ['\\@deprecated now', '  \\@param x'] },
  ],
  ['an email address is left alone', { given: 'mail a@b.c', want: ['mail a@b.c'] }],
  [
    'every line separator splits',
    { given: 'a\r\nb\rc\u2028d\u2029e', want: ['a', 'b', 'c', 'd', 'e'] },
  ],
  ['blank edges dropped, trailing spaces trimmed', { given: '\n\n a  \n\n', want: [' a'] }],
  ['control characters become escapes', { given: 'a\u0007b', want: ['a\\u0007b'] }],
];

describe('commentLines', () => {
  it.each(comments)('%s', (_, { given, want }) => {
    expect(commentLines(given)).toEqual(want);
  });

  it('never lets text escape a block comment', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const source = `/**\n${commentLines(text)
          .map((l) => ` * ${l}`)
          .join('\n')}\n */\nexport const x = 1;\n`;
        const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
        // Exactly one statement: nothing from the comment became code.
        expect(file.statements.length).toBe(1);
        expect(ts.getJSDocTags(file.statements[0]!).length).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
