import { describe, expect, it } from 'vitest';
import {
  group,
  hardline,
  indent,
  jsDoc,
  line,
  printDoc,
  softline,
  type Doc,
} from '../../src/emit/code.js';

// The printer writes line breaks and indentation lazily; these pin the exact text it lays out.
const cases: Array<[string, { given: Doc; width?: number; want: string }]> = [
  [
    'blank lines carry no indentation',
    { given: indent(['a', hardline, hardline, 'b']), want: 'a\n\n  b' },
  ],
  [
    'a trailing break is kept, without indentation',
    { given: indent(['a', hardline]), want: 'a\n' },
  ],
  [
    'a flat space right after a break starts the new line, before the indentation',
    { given: indent(['a', hardline, group([line, 'b'])]), want: 'a\n   b' },
  ],
  [
    'a flat space after a break with nothing after it',
    { given: indent(['a', hardline, group(line)]), want: 'a\n ' },
  ],
  [
    'a group that fits stays flat',
    { given: group(['(', indent([softline, 'x,', line, 'y']), softline, ')']), want: '(x, y)' },
  ],
  [
    'a group that does not fit breaks',
    {
      given: group(['(', indent([softline, 'xxxx,', line, 'y']), softline, ')']),
      width: 6,
      want: '(\n  xxxx,\n  y\n)',
    },
  ],
  [
    'a JSDoc block is indented as its position',
    {
      given: [
        '{',
        indent([hardline, jsDoc({ paragraphs: ['One.', 'Two.'] }), 'a: string;']),
        hardline,
        '}',
      ],
      want: '{\n  /**\n   * One.\n   *\n   * Two.\n   */\n  a: string;\n}',
    },
  ],
  [
    'a one-line JSDoc stays on one line',
    { given: [jsDoc({ paragraphs: ['One.'] }), 'x'], want: '/** One. */\nx' },
  ],
  [
    // A group followed by a multi-line JSDoc: only the block's first line counts toward the fit.
    'a group measures a following block up to its first line only',
    {
      given: [group(['a', line, 'b']), jsDoc({ paragraphs: ['One.', 'Two.'] })],
      width: 6,
      want: 'a b/**\n * One.\n *\n * Two.\n */\n',
    },
  ],
  [
    'a group breaks when a following block overflows its first line',
    {
      given: [group(['a', line, 'b']), jsDoc({ paragraphs: ['One.', 'Two.'] })],
      width: 5,
      want: 'a\nb/**\n * One.\n *\n * Two.\n */\n',
    },
  ],
];

describe('printDoc', () => {
  it.each(cases)('%s', (_, { given, width, want }) => {
    expect(printDoc(given, width)).toBe(want);
  });

  it('gives the same text when called again (its stacks are shared between calls)', () => {
    const doc = group(['f(', indent([softline, 'a,', line, 'b']), softline, ')']);
    expect(printDoc(doc, 4)).toBe(printDoc(doc, 4));
    expect(printDoc(doc)).toBe('f(a, b)');
  });
});
