/**
 * Object members as laid out at the 100-column limit: a top-level declaration's members are laid
 * out as text where they are built, nested object types through the Doc printer. Both must give
 * prettier's layout: a union stays on its line while the line fits, else breaks one `| member` a line.
 */
import { describe, expect, it } from 'vitest';
import type { IrNode } from '../../src/ir/types.js';
import { printDoc } from '../../src/emit/code.js';
import { declaration, typeContext } from '../../src/emit/typescript/type-printer.js';
import {
  arr,
  enumOf,
  map,
  names,
  nul,
  obj,
  prop,
  rule,
  str,
  union,
} from '../support/ir-builders.js';

/** `export interface T …` and every nested declaration, as printed. */
function print(node: IrNode, types: Record<string, string> = {}): string {
  const ctx = typeContext({ rule: rule('TRACK', 'E', node), names: names('e', 'T', 'e', types) });
  const docs = [declaration('T', node, ctx), ...ctx.declarations];
  return docs.map((d) => printDoc(d)).join('\n');
}

const a = (n: number): string => 'a'.repeat(n);
const b = (n: number): string => 'b'.repeat(n);
// `  k: 'a…' | 'b…';` is 2 + 3 + (n + 2) + 3 + (m + 2) + 1 = n + m + 13 columns.
const fits = enumOf(a(43), b(44));
const over = enumOf(a(43), b(45));

const cases: Array<[string, { given: IrNode; types?: Record<string, string>; want: string }]> = [
  [
    'a union line of exactly 100 columns stays on one line',
    {
      given: obj([prop('k', fits)]),
      want: `export interface T {\n  k: '${a(43)}' | '${b(44)}';\n}`,
    },
  ],
  [
    'a union line of 101 columns breaks one member a line',
    {
      given: obj([prop('k', over)]),
      want: `export interface T {\n  k:\n    | '${a(43)}'\n    | '${b(45)}';\n}`,
    },
  ],
  [
    'an optional member counts its `?`, and its JSDoc stays above it',
    {
      given: obj([prop('k?', enumOf(a(43), b(43), 'c'))]),
      want: `export interface T {\n  k?:\n    | '${a(43)}'\n    | '${b(43)}'\n    | 'c';\n}`,
    },
  ],
  [
    'a documented nullable union',
    {
      given: obj([
        prop(
          'key',
          union([enumOf(a(40), b(40)), nul()], 'anyOf', {
            description: 'Two long values, or null.',
          }),
        ),
      ]),
      want:
        'export interface T {\n  /** Two long values, or null. */\n' +
        `  key:\n    | '${a(40)}'\n    | '${b(40)}'\n    | null;\n}`,
    },
  ],
  [
    'an array of a long union is parenthesized and never broken inside',
    {
      given: obj([prop('list', arr(enumOf(a(50), b(50))))]),
      want: `export interface T {\n  list: ('${a(50)}' | '${b(50)}')[];\n}`,
    },
  ],
  [
    'an inherited member name widens with its Object type',
    {
      given: obj([prop('constructor?', str()), prop('toString', str())]),
      want: "export interface T {\n  constructor?: string | Object['constructor'];\n  toString: string;\n}",
    },
  ],
  [
    'an index signature over long member types breaks like a property',
    {
      given: obj([prop('k', fits)], { additionalProperties: str() }),
      want:
        `export interface T {\n  k: '${a(43)}' | '${b(44)}';\n  [key: string]:\n` +
        `    | string\n    | '${a(43)}'\n    | '${b(44)}';\n}`,
    },
  ],
  [
    'a member with a layout of its own (an inline map) leaves the block to the Doc printer',
    {
      given: obj([prop('k', over), prop('m', map(str()))]),
      want:
        `export interface T {\n  k:\n    | '${a(43)}'\n    | '${b(45)}';\n` +
        '  m: {\n    [key: string]: string;\n  };\n}',
    },
  ],
  [
    'an inline object in a union breaks its members one level deeper',
    {
      given: obj([prop('u', union([obj([prop('k', over)]), nul()]))]),
      want:
        'export interface T {\n  u: {\n    k:\n' +
        `      | '${a(43)}'\n      | '${b(45)}';\n  } | null;\n}`,
    },
  ],
];

describe('object members at the line limit', () => {
  it.each(cases)('%s', (_, { given, types, want }) => {
    expect(print(given, types)).toBe(want);
  });
});
