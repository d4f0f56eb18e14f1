import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/plan/types.js';
import { codes, normalizeProperty, P } from '../support/ir.js';

type Case = [string, { given: Json; want: object; diagnostics?: [string, string, string][] }];

describe('type keyword', () => {
  const cases: Case[] = [
    ['string', { given: { type: 'string' }, want: { kind: 'string', pointer: P } }],
    ['number', { given: { type: 'number' }, want: { kind: 'number' } }],
    ['integer', { given: { type: 'integer' }, want: { kind: 'integer' } }],
    ['boolean', { given: { type: 'boolean' }, want: { kind: 'boolean' } }],
    ['null', { given: { type: 'null' }, want: { kind: 'null' } }],
    [
      'one-element array is that type',
      { given: { type: ['string'] }, want: { kind: 'string', pointer: P } },
    ],
    [
      'string or null is a nullable union',
      {
        given: { type: ['string', 'null'], maxLength: 3 },
        want: {
          kind: 'union',
          origin: 'nullable',
          members: [{ kind: 'string', maxLength: 3 }, { kind: 'null' }],
        },
      },
    ],
    [
      'mixed type array is a type-array union in canonical order',
      {
        given: { type: ['number', 'string', 'boolean'] },
        want: {
          kind: 'union',
          origin: 'type-array',
          members: [{ kind: 'string' }, { kind: 'number' }, { kind: 'boolean' }],
        },
      },
    ],
    [
      'integer and number collapse to number',
      { given: { type: ['integer', 'number'] }, want: { kind: 'number' } },
    ],
    [
      'duplicate names collapse',
      { given: { type: ['string', 'string'] }, want: { kind: 'string' } },
    ],
    [
      '"any" is unknown with a warning',
      {
        given: { type: 'any' },
        want: { kind: 'unknown' },
        diagnostics: [['any-type', 'warning', P + '/type']],
      },
    ],
    [
      '["any"] is unknown with a warning at the entry',
      {
        given: { type: ['any'] },
        want: { kind: 'unknown' },
        diagnostics: [['any-type', 'warning', P + '/type/0']],
      },
    ],
    [
      'enum beside "any" still applies',
      {
        given: { type: ['any'], enum: ['a', 'b'] },
        want: { kind: 'union', origin: 'enum', members: [{ value: 'a' }, { value: 'b' }] },
        diagnostics: [['any-type', 'warning', P + '/type/0']],
      },
    ],
    [
      'misspelt type is an error',
      {
        given: { type: 'strng' },
        want: { kind: 'unknown' },
        diagnostics: [['invalid-type', 'error', P + '/type']],
      },
    ],
    [
      'misspelt member of a type array is an error and widens',
      {
        given: { type: ['string', 'nul'] },
        want: { kind: 'unknown' },
        diagnostics: [['invalid-type', 'error', P + '/type/1']],
      },
    ],
    [
      'type of the wrong kind',
      {
        given: { type: 5 },
        want: { kind: 'unknown' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/type']],
      },
    ],
    [
      'empty type array',
      {
        given: { type: [] },
        want: { kind: 'unknown' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/type']],
      },
    ],
    [
      'properties without type is an object',
      {
        given: { properties: { a: { type: 'string' } } },
        want: { kind: 'object', properties: [{ name: 'a' }] },
      },
    ],
    [
      'items without type is an array',
      { given: { items: { type: 'string' } }, want: { kind: 'array', items: { kind: 'string' } } },
    ],
    [
      'maxLength without type is a string',
      { given: { maxLength: 4 }, want: { kind: 'string', maxLength: 4 } },
    ],
    [
      'keywords of several types without type are their union',
      {
        given: { minLength: 1, minimum: 0 },
        want: {
          kind: 'union',
          origin: 'type-array',
          members: [
            { kind: 'string', minLength: 1 },
            { kind: 'number', minimum: 0 },
          ],
        },
      },
    ],
    ['true is unknown', { given: true, want: { kind: 'unknown', pointer: P } }],
    ['false is never', { given: false, want: { kind: 'never', pointer: P } }],
    [
      'untyped {} property warns',
      { given: {}, want: { kind: 'unknown' }, diagnostics: [['untyped', 'warning', P]] },
    ],
    [
      'documented but untyped property warns',
      {
        given: { description: 'anything' },
        want: { kind: 'unknown', description: 'anything' },
        diagnostics: [['untyped', 'warning', P]],
      },
    ],
    [
      'a schema that is not an object',
      {
        given: 'string',
        want: { kind: 'unknown' },
        diagnostics: [['invalid-keyword-value', 'error', P]],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, diagnostics = [] }) => {
    const result = normalizeProperty(given);
    expect(result.node).toMatchObject(want);
    expect(codes(result.diagnostics)).toEqual(diagnostics);
  });
});

describe('scalar constraints and documentation', () => {
  const cases: Case[] = [
    [
      'string constraints',
      {
        given: { type: 'string', format: 'date-time', pattern: '^a', minLength: 1, maxLength: 9 },
        want: { kind: 'string', format: 'date-time', pattern: '^a', minLength: 1, maxLength: 9 },
      },
    ],
    [
      'number bounds',
      {
        given: { type: 'number', minimum: 0, maximum: 9, multipleOf: 0.5 },
        want: { minimum: 0, maximum: 9, multipleOf: 0.5 },
      },
    ],
    [
      'draft-06 exclusive bounds',
      {
        given: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        want: { exclusiveMinimum: 0, exclusiveMaximum: 1 },
      },
    ],
    [
      'draft-04 boolean exclusive bounds are converted',
      {
        given: {
          type: 'integer',
          minimum: 1,
          exclusiveMinimum: true,
          maximum: 5,
          exclusiveMaximum: false,
        },
        want: { kind: 'integer', exclusiveMinimum: 1, maximum: 5 },
      },
    ],
    [
      'negative minLength',
      {
        given: { type: 'string', minLength: -1 },
        want: { kind: 'string' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/minLength']],
      },
    ],
    [
      'zero multipleOf',
      {
        given: { type: 'number', multipleOf: 0 },
        want: { kind: 'number' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/multipleOf']],
      },
    ],
    [
      'pattern that does not compile',
      {
        given: { type: 'string', pattern: '(' },
        want: { kind: 'string' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/pattern']],
      },
    ],
    [
      'format that is not a string',
      {
        given: { type: 'string', format: 1 },
        want: { kind: 'string' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/format']],
      },
    ],
    [
      'documentation keywords',
      {
        given: {
          type: 'string',
          title: 'T',
          description: 'D',
          examples: ['e'],
          default: 'd',
          deprecated: true,
        },
        want: {
          kind: 'string',
          title: 'T',
          description: 'D',
          examples: ['e'],
          default: 'd',
          deprecated: true,
        },
      },
    ],
    [
      'description that is not a string',
      {
        given: { type: 'string', description: 5 },
        want: { kind: 'string' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/description']],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, diagnostics = [] }) => {
    const result = normalizeProperty(given);
    expect(result.node).toMatchObject(want);
    expect(codes(result.diagnostics)).toEqual(diagnostics);
  });

  it('keeps the draft-04 inclusive bound only when exclusive is false', () => {
    const { node } = normalizeProperty({ type: 'number', minimum: 1, exclusiveMinimum: true });
    expect(node).not.toHaveProperty('minimum');
    expect(node).toMatchObject({ exclusiveMinimum: 1 });
  });
});
