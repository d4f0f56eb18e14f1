/** IR kind → TypeScript type text, one table row per shape the emitter must get right. */
import { describe, expect, it } from 'vitest';
import type { IrNode } from '../../src/ir/types.js';
import { printDoc } from '../../src/emit/code.js';
import { declaration, typeContext } from '../../src/emit/typescript/type-printer.js';
import {
  and,
  arr,
  bool,
  definition,
  enumOf,
  int,
  lit,
  map,
  names,
  never,
  nul,
  num,
  obj,
  prop,
  ref,
  rule,
  str,
  tuple,
  union,
  unknown,
} from '../support/ir-builders.js';

interface Given {
  node: IrNode;
  /** Names by pointer, filled in by the row (nested objects, definitions). */
  types?: Record<string, string>;
  definitions?: ReturnType<typeof definition>[];
}

/** `export type T = …` / `export interface T …` and every nested declaration, as printed. */
function print({ node, types = {}, definitions = [] }: Given): string {
  const defs = Object.fromEntries(definitions.map((d) => [d.target, d]));
  const ctx = typeContext({
    rule: rule('TRACK', 'E', node, { definitions: defs }),
    names: names('e', 'T', 'e', types),
  });
  const docs = [declaration('T', node, ctx), ...ctx.declarations];
  return docs.map((d) => printDoc(d)).join('\n');
}

const a = obj([prop('a', str())]);
const b = obj([prop('b', num())]);
const nested = obj([prop('x', str())]);
const ua = obj([prop('k', lit('a')), prop('p?', int())]);
const ub = obj([prop('k', lit('b'))]);
const tree = obj([prop('name', str()), prop('children?', arr(ref('/definitions/Tree')))]);

const cases: Array<[string, { given: Given; want: string }]> = [
  ['string', { given: { node: str() }, want: 'export type T = string;' }],
  ['number', { given: { node: num() }, want: 'export type T = number;' }],
  [
    'integer is number (documented)',
    { given: { node: int() }, want: '/** @integer */\nexport type T = number;' },
  ],
  ['boolean', { given: { node: bool() }, want: 'export type T = boolean;' }],
  ['null', { given: { node: nul() }, want: 'export type T = null;' }],
  [
    'untyped is unknown, never any',
    { given: { node: unknown() }, want: 'export type T = unknown;' },
  ],
  ['never', { given: { node: never() }, want: 'export type T = never;' }],
  [
    'string const is a literal',
    { given: { node: lit('a"b\u2028') }, want: "export type T = 'a\"b\\u2028';" },
  ],
  ['number const 1e21', { given: { node: lit(1e21) }, want: 'export type T = 1e+21;' }],
  ['negative zero is 0', { given: { node: lit(-0) }, want: 'export type T = 0;' }],
  [
    'boolean and null consts',
    { given: { node: enumOf(true, null) }, want: 'export type T = true | null;' },
  ],
  [
    'string enum is a literal union',
    { given: { node: enumOf('card', 'cash') }, want: "export type T = 'card' | 'cash';" },
  ],
  [
    'integer enum stays literal, duplicates dropped',
    { given: { node: enumOf(1, 2, 1) }, want: 'export type T = 1 | 2;' },
  ],
  ['empty union is never', { given: { node: union([]) }, want: 'export type T = never;' }],
  [
    'unknown absorbs a union',
    { given: { node: union([str(), unknown()]) }, want: 'export type T = unknown;' },
  ],
  [
    'nullable',
    { given: { node: union([str(), nul()], 'nullable') }, want: 'export type T = string | null;' },
  ],
  [
    'long unions break one member per line',
    {
      given: {
        node: enumOf(
          'aaaaaaaaaaaaaaaa',
          'bbbbbbbbbbbbbbbb',
          'cccccccccccccccc',
          'dddddddddddddddd',
          'eeeeeeeeeeeeeeee',
        ),
      },
      want: "export type T =\n  | 'aaaaaaaaaaaaaaaa'\n  | 'bbbbbbbbbbbbbbbb'\n  | 'cccccccccccccccc'\n  | 'dddddddddddddddd'\n  | 'eeeeeeeeeeeeeeee';",
    },
  ],
  [
    'exact object',
    {
      given: { node: obj([prop('a', str()), prop('b?', num())]) },
      want: 'export interface T {\n  a: string;\n  b?: number;\n}',
    },
  ],
  [
    'exact empty object accepts only {}',
    { given: { node: obj([]) }, want: 'export type T = Record<string, never>;' },
  ],
  [
    'additionalProperties true: unknown index signature',
    {
      given: { node: obj([prop('a', str())], { additionalProperties: unknown() }) },
      want: 'export interface T {\n  a: string;\n  [key: string]: unknown;\n}',
    },
  ],
  [
    'typed additionalProperties: index covers declared types',
    {
      given: { node: obj([prop('n', num())], { additionalProperties: str() }) },
      want: 'export interface T {\n  n: number;\n  [key: string]: string | number;\n}',
    },
  ],
  [
    'optional declared properties add undefined to the index signature',
    {
      given: { node: obj([prop('n?', num())], { additionalProperties: str() }) },
      want: 'export interface T {\n  n?: number;\n  [key: string]: string | number | undefined;\n}',
    },
  ],
  [
    'patternProperties: index signature of their types',
    {
      given: {
        node: obj([], { patternProperties: [{ pattern: '^x-', type: bool(), pointer: '/p' }] }),
      },
      want: 'export interface T {\n  [key: string]: boolean;\n}',
    },
  ],
  [
    'keys that are not identifiers are quoted',
    {
      given: {
        node: obj([
          prop('', str()),
          prop('a-b', str()),
          prop('1', str()),
          prop('__proto__', str()),
          prop('default', str()),
        ]),
      },
      want: "export interface T {\n  '': string;\n  'a-b': string;\n  '1': string;\n  __proto__: string;\n  default: string;\n}",
    },
  ],
  [
    'optional Object.prototype names admit the inherited member',
    {
      given: { node: obj([prop('constructor?', num()), prop('toString', str())]) },
      want: "export interface T {\n  constructor?: number | Object['constructor'];\n  toString: string;\n}",
    },
  ],
  ['map', { given: { node: map(num()) }, want: 'export type T = {\n  [key: string]: number;\n};' }],
  [
    'map with enumerated keys',
    {
      given: { node: map(num(), enumOf('a', 'b')) },
      want: "export type T = Partial<Record<'a' | 'b', number>>;",
    },
  ],
  [
    'array of a union needs parentheses',
    { given: { node: arr(union([str(), num()])) }, want: 'export type T = (string | number)[];' },
  ],
  ['array of unknown', { given: { node: arr(unknown()) }, want: 'export type T = unknown[];' }],
  [
    'tuple, all required',
    { given: { node: tuple([str(), num()], 2) }, want: 'export type T = [string, number];' },
  ],
  [
    'tuple with optional elements',
    { given: { node: tuple([str(), num()], 1) }, want: 'export type T = [string, number?];' },
  ],
  [
    'tuple with rest',
    {
      given: { node: tuple([str()], 0, bool()) },
      want: 'export type T = [string?, ...boolean[]];',
    },
  ],
  [
    'tuple: minItems beyond the items is spelled out',
    {
      given: { node: tuple([str()], 3, num()) },
      want: 'export type T = [string, number, number, ...number[]];',
    },
  ],
  [
    'tuple that can never be long enough',
    { given: { node: tuple([str()], 2) }, want: 'export type T = never;' },
  ],
  ['empty tuple', { given: { node: tuple([], 0) }, want: 'export type T = [];' }],
  [
    'union of closed objects is exclusive',
    {
      given: { node: union([a, b], 'oneOf') },
      want: 'export type T =\n  | {\n      a: string;\n      b?: never;\n    }\n  | {\n      b: number;\n      a?: never;\n    };',
    },
  ],
  [
    'union of $refs to closed objects is exclusive too',
    {
      given: {
        node: union([ref('/d/A'), ref('/d/B')], 'anyOf'),
        types: { 'definition:/d/A': 'A', 'definition:/d/B': 'B' },
        definitions: [definition('/d/A', a), definition('/d/B', b)],
      },
      want: 'export type T = (A & { b?: never }) | (B & { a?: never });',
    },
  ],
  [
    'discriminated union is left as is',
    {
      given: {
        node: union(
          [obj([prop('k', lit('x'))]), obj([prop('k', lit('y')), prop('v', num())])],
          'oneOf',
          { discriminator: 'k' },
        ),
      },
      want: "export type T =\n  | {\n      k: 'x';\n    }\n  | {\n      k: 'y';\n      v: number;\n    };",
    },
  ],
  [
    'a union of discriminated unions sharing discriminant values is exclusive when flattened',
    {
      given: {
        node: union([
          str(),
          union([obj([prop('k', lit('a'))]), obj([prop('k', lit('b'))])], 'anyOf', {
            discriminator: 'k',
          }),
          union(
            [obj([prop('k', lit('a')), prop('id', bool())]), obj([prop('k', lit('b'))])],
            'oneOf',
            {
              discriminator: 'k',
            },
          ),
        ]),
      },
      want: "export type T =\n  | string\n  | {\n      k: 'a';\n      id?: never;\n    }\n  | {\n      k: 'b';\n      id?: never;\n    }\n  | {\n      k: 'a';\n      id: boolean;\n    }\n  | {\n      k: 'b';\n      id?: never;\n    };",
    },
  ],
  [
    'a union of unions still discriminated once flattened is left as is',
    {
      given: {
        node: union([
          union([obj([prop('k', lit('a'))]), obj([prop('k', lit('b'))])], 'anyOf', {
            discriminator: 'k',
          }),
          obj([prop('k', lit('c')), prop('id', bool())]),
        ]),
      },
      want: "export type T =\n  | {\n      k: 'a';\n    }\n  | {\n      k: 'b';\n    }\n  | {\n      k: 'c';\n      id: boolean;\n    };",
    },
  ],
  [
    'a nested union of closed objects with an open sibling keeps its own guards',
    {
      given: {
        node: union([union([a, b], 'oneOf'), obj([], { additionalProperties: unknown() })]),
      },
      want: 'export type T =\n  | {\n      a: string;\n      b?: never;\n    }\n  | {\n      b: number;\n      a?: never;\n    }\n  | {\n      [key: string]: unknown;\n    };',
    },
  ],
  [
    'a $ref to a union is flattened too: its members are guarded by name, never redeclared',
    {
      given: {
        node: union([ref('/d/U'), obj([prop('k', lit('a')), prop('q', str())])]),
        types: { 'definition:/d/U': 'U', [ua.pointer]: 'UA', [ub.pointer]: 'UB' },
        definitions: [definition('/d/U', union([ua, ub], 'oneOf', { discriminator: 'k' }))],
      },
      want: "export type T =\n  | (UA & { q?: never })\n  | (UB & { p?: never; q?: never })\n  | {\n      k: 'a';\n      q: string;\n      p?: never;\n    };",
    },
  ],
  [
    'a required key that nothing may satisfy stays never',
    {
      given: { node: obj([prop('a', str()), prop('req-only', never())]) },
      want: "export interface T {\n  a: string;\n  'req-only': never;\n}",
    },
  ],
  [
    'intersection wraps unions',
    {
      given: { node: and(union([str(), num()]), unknown()) },
      want: 'export type T = (string | number) & unknown;',
    },
  ],
  [
    'nested object gets its assigned name',
    {
      given: { node: obj([prop('n', nested)]), types: { [nested.pointer]: 'TNested' } },
      want: 'export interface T {\n  n: TNested;\n}\nexport interface TNested {\n  x: string;\n}',
    },
  ],
  [
    'nested object without a name is inline',
    {
      given: { node: obj([prop('n', obj([prop('x', str())]))]) },
      want: 'export interface T {\n  n: {\n    x: string;\n  };\n}',
    },
  ],
  [
    'nullable nested object hugs its braces',
    {
      given: { node: obj([prop('n', union([obj([prop('x', str())]), nul()], 'nullable'))]) },
      want: 'export interface T {\n  n: {\n    x: string;\n  } | null;\n}',
    },
  ],
  [
    'recursive $ref uses the definition name',
    {
      given: {
        node: obj([prop('root', ref('/definitions/Tree'))]),
        types: { 'definition:/definitions/Tree': 'Tree' },
        definitions: [definition('/definitions/Tree', tree, true)],
      },
      want: 'export interface T {\n  root: Tree;\n}',
    },
  ],
  [
    'unnamed recursive $ref widens to unknown',
    {
      given: {
        node: ref('/definitions/Tree'),
        definitions: [definition('/definitions/Tree', tree, true)],
      },
      want: 'export type T = unknown;',
    },
  ],
  [
    'unnamed plain $ref is inlined',
    {
      given: { node: ref('/d/S'), definitions: [definition('/d/S', str())] },
      want: 'export type T = string;',
    },
  ],
  [
    'constraints become JSDoc',
    {
      given: {
        node: obj([
          prop('at?', str({ format: 'date-time', description: 'When */ it ended' })),
          prop('n', int({ minimum: 0, maximum: 9 })),
        ]),
      },
      want: 'export interface T {\n  /**\n   * When *\\/ it ended\n   *\n   * @format date-time\n   */\n  at?: string;\n  /**\n   * @integer\n   * @minimum 0\n   * @maximum 9\n   */\n  n: number;\n}',
    },
  ],
  [
    'deprecated property',
    {
      given: { node: obj([prop('old', str({ deprecated: true }))]) },
      want: 'export interface T {\n  /** @deprecated */\n  old: string;\n}',
    },
  ],
];

describe('printType: IR kind → TypeScript', () => {
  it.each(cases)('%s', (_, { given, want }) => {
    expect(print(given)).toBe(want);
  });
});
