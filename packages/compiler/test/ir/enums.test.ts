import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/plan/types.js';
import { codes, normalizeProperty, P } from '../support/ir.js';

type Case = [string, { given: Json; want: object; diagnostics?: [string, string, string][] }];

const lit = (value: string | number | boolean | null, at: string) => ({
  kind: 'literal',
  value,
  pointer: at,
});

describe('enum and const', () => {
  const E = P + '/enum';
  const cases: Case[] = [
    [
      'string enum',
      {
        given: { type: 'string', enum: ['a', 'b'] },
        want: { kind: 'union', origin: 'enum', members: [lit('a', E + '/0'), lit('b', E + '/1')] },
      },
    ],
    [
      'integer enum keeps literals',
      {
        given: { type: 'integer', enum: [1, 2, 3] },
        want: { kind: 'union', members: [lit(1, E + '/0'), lit(2, E + '/1'), lit(3, E + '/2')] },
      },
    ],
    [
      'boolean enum',
      {
        given: { enum: [true, false] },
        want: { kind: 'union', members: [{ value: true }, { value: false }] },
      },
    ],
    [
      'enum with null is nullable',
      {
        given: { type: ['string', 'null'], enum: ['a', null] },
        want: {
          kind: 'union',
          origin: 'enum',
          members: [{ value: 'a' }, { kind: 'literal', value: null }],
        },
      },
    ],
    [
      'null dropped when type forbids it',
      {
        given: { type: 'string', enum: ['a', null, 'b'] },
        want: { kind: 'union', members: [{ value: 'a' }, { value: 'b' }] },
      },
    ],
    [
      'mixed enum',
      {
        given: { enum: ['a', 1, false, null] },
        want: { members: [{ value: 'a' }, { value: 1 }, { value: false }, { value: null }] },
      },
    ],
    [
      'one-value enum is a literal at the schema',
      { given: { enum: ['only'] }, want: { kind: 'literal', value: 'only', pointer: P } },
    ],
    [
      'duplicates removed, 1 and "1" kept apart',
      {
        given: { enum: ['1', 1, '1', 1] },
        want: { kind: 'union', members: [{ value: '1' }, { value: 1 }] },
      },
    ],
    [
      'integer type admits whole numbers only',
      { given: { type: 'integer', enum: [1, 1.5] }, want: { kind: 'literal', value: 1 } },
    ],
    [
      'object and array members become their exact structure',
      {
        given: { enum: [{ a: 1 }, [true, 'x']] },
        want: {
          kind: 'union',
          members: [
            {
              kind: 'object',
              additionalProperties: false,
              properties: [{ name: 'a', required: true, type: lit(1, E + '/0/a') }],
            },
            { kind: 'tuple', minItems: 2, rest: false, items: [{ value: true }, { value: 'x' }] },
          ],
        },
      },
    ],
    [
      'enum: [] is an error and never',
      {
        given: { enum: [] },
        want: { kind: 'never', pointer: P },
        diagnostics: [['empty-enum', 'error', E]],
      },
    ],
    [
      'enum that is not an array',
      {
        given: { type: 'string', enum: 'a' },
        want: { kind: 'string' },
        diagnostics: [['invalid-keyword-value', 'error', E]],
      },
    ],
    [
      'no value fits the type',
      {
        given: { type: 'number', enum: ['a'] },
        want: { kind: 'never' },
        diagnostics: [['enum-type-mismatch', 'warning', E]],
      },
    ],
    [
      'const string',
      { given: { const: 'x' }, want: { kind: 'literal', value: 'x', pointer: P + '/const' } },
    ],
    [
      'const number with type',
      { given: { type: 'number', const: 3 }, want: { kind: 'literal', value: 3 } },
    ],
    ['const null', { given: { const: null }, want: { kind: 'literal', value: null } }],
    [
      'const object',
      {
        given: { const: { k: 'v' } },
        want: { kind: 'object', properties: [{ name: 'k', type: { value: 'v' } }] },
      },
    ],
    [
      'const against its type',
      {
        given: { type: 'string', const: 1 },
        want: { kind: 'never' },
        diagnostics: [['enum-type-mismatch', 'warning', P + '/const']],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, diagnostics = [] }) => {
    const result = normalizeProperty(given);
    expect(result.node).toMatchObject(want);
    expect(codes(result.diagnostics)).toEqual(diagnostics);
  });
});
