import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/plan/types.js';
import { codes, normalizeProperty, P } from '../support/ir.js';

type Case = [string, { given: Json; want: object; diagnostics?: [string, string, string][] }];

const str = { type: 'string' };
const num = { type: 'number' };

describe('allOf', () => {
  const cases: Case[] = [
    [
      'objects merge: required unioned, properties in first-seen order',
      {
        given: {
          allOf: [
            { type: 'object', properties: { a: str, b: num }, required: ['a'] },
            {
              type: 'object',
              properties: { b: { type: 'integer', minimum: 1 }, c: str },
              required: ['b'],
            },
          ],
        },
        want: {
          kind: 'object',
          pointer: P,
          properties: [
            { name: 'a', required: true, type: { kind: 'string' } },
            { name: 'b', required: true, type: { kind: 'integer', minimum: 1 } },
            { name: 'c', required: false, type: { kind: 'string' } },
          ],
          additionalPropertiesImplicit: true,
        },
      },
    ],
    [
      'a closed part closes the merged object',
      {
        given: {
          allOf: [
            { type: 'object', properties: { a: str } },
            { type: 'object', properties: { b: str }, additionalProperties: false },
          ],
        },
        want: {
          kind: 'object',
          properties: [
            { name: 'a', type: { kind: 'never' } },
            { name: 'b', type: { kind: 'string' } },
          ],
          additionalProperties: false,
        },
        diagnostics: [['allof-conflict', 'warning', P]],
      },
    ],
    [
      'a part with additionalProperties false forbids the keys only other parts list',
      {
        given: {
          allOf: [
            { type: 'object', properties: { a: str }, additionalProperties: false },
            { type: 'object', properties: { a: str, b: num, 'x-y': num } },
            { type: 'object', patternProperties: { '^x-': num }, additionalProperties: false },
          ],
        },
        want: {
          kind: 'object',
          properties: [
            // `a` is not listed by the third part (and matches none of its patterns) either.
            { name: 'a', type: { kind: 'never' } },
            { name: 'b', required: false, type: { kind: 'never' } },
            { name: 'x-y', type: { kind: 'never' } },
          ],
          additionalProperties: false,
        },
        diagnostics: [
          ['allof-conflict', 'warning', P],
          ['allof-conflict', 'warning', P],
          ['allof-conflict', 'warning', P],
        ],
      },
    ],
    [
      "a pattern of the closed part admits another part's key",
      {
        given: {
          allOf: [
            { type: 'object', patternProperties: { '^x-': num }, additionalProperties: false },
            { type: 'object', properties: { 'x-y': num } },
          ],
        },
        want: { properties: [{ name: 'x-y', type: { kind: 'number' } }] },
      },
    ],
    [
      'a required key a closed part does not list is never, with a warning',
      {
        given: {
          allOf: [
            { type: 'object', properties: { a: str }, additionalProperties: false },
            { type: 'object', properties: { b: num }, required: ['b'] },
          ],
        },
        want: {
          properties: [
            { name: 'a', type: { kind: 'string' } },
            { name: 'b', required: true, type: { kind: 'never' } },
          ],
        },
        diagnostics: [['allof-conflict', 'warning', P]],
      },
    ],
    [
      "a part's additionalProperties schema constrains the keys only other parts list",
      {
        given: {
          allOf: [
            { type: 'object', properties: { a: str }, additionalProperties: { type: 'integer' } },
            { type: 'object', properties: { b: num, c: { const: 'x' } } },
          ],
        },
        want: {
          properties: [
            { name: 'a', type: { kind: 'string' } },
            { name: 'b', type: { kind: 'integer' } },
            { name: 'c', type: { kind: 'never' } },
          ],
          additionalProperties: { kind: 'integer' },
        },
        diagnostics: [['allof-conflict', 'warning', P]],
      },
    ],
    [
      "the schema's own object type merges with its allOf",
      {
        given: {
          type: 'object',
          properties: { a: str },
          allOf: [{ properties: { b: str }, required: ['b'] }],
        },
        want: { kind: 'object', properties: [{ name: 'a' }, { name: 'b', required: true }] },
      },
    ],
    [
      'equal literals merge',
      {
        given: {
          allOf: [
            { type: 'object', properties: { k: { const: 'x' } } },
            { type: 'object', properties: { k: { type: 'string', enum: ['x'] } } },
          ],
        },
        want: { properties: [{ name: 'k', type: { kind: 'literal', value: 'x' } }] },
      },
    ],
    [
      'conflicting literals are never, with a warning',
      {
        given: {
          allOf: [
            { type: 'object', properties: { k: { const: 'x' } } },
            { type: 'object', properties: { k: { const: 'y' } } },
          ],
        },
        want: { kind: 'object', properties: [{ name: 'k', type: { kind: 'never' } }] },
        diagnostics: [['allof-conflict', 'warning', P]],
      },
    ],
    [
      'conflicting scalar types are never, with a warning',
      {
        given: { allOf: [str, num] },
        want: { kind: 'never', pointer: P },
        diagnostics: [['allof-conflict', 'warning', P]],
      },
    ],
    [
      'literal refines its scalar type',
      {
        given: { allOf: [str, { const: 'a' }] },
        want: { kind: 'literal', value: 'a', pointer: P },
      },
    ],
    [
      'integer refines number',
      {
        given: { allOf: [{ type: 'number', maximum: 5 }, { type: 'integer' }] },
        want: { kind: 'integer', maximum: 5 },
      },
    ],
    ['true parts are dropped', { given: { allOf: [true, str] }, want: { kind: 'string' } }],
    ['a false part makes it never', { given: { allOf: [false, str] }, want: { kind: 'never' } }],
    [
      'non-object parts stay an intersection',
      {
        given: {
          allOf: [
            { type: 'object', properties: { a: str } },
            {
              anyOf: [
                { type: 'object', properties: { b: str } },
                { type: 'object', properties: { c: str } },
              ],
            },
          ],
        },
        want: {
          kind: 'intersection',
          pointer: P,
          members: [{ kind: 'object' }, { kind: 'union', origin: 'anyOf' }],
        },
      },
    ],
    [
      'allOf that is not an array',
      {
        given: { allOf: {} },
        want: { kind: 'unknown' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/allOf']],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, diagnostics = [] }) => {
    const result = normalizeProperty(given);
    expect(result.node).toMatchObject(want);
    expect(codes(result.diagnostics)).toEqual(diagnostics);
  });
});

describe('anyOf and oneOf', () => {
  const variant = (kind: string, extra: object = {}) => ({
    type: 'object',
    properties: { kind: { const: kind }, ...extra },
    required: ['kind'],
  });
  const cases: Case[] = [
    [
      'anyOf is a union',
      {
        given: { anyOf: [str, num] },
        want: {
          kind: 'union',
          origin: 'anyOf',
          members: [
            { kind: 'string', pointer: P + '/anyOf/0' },
            { kind: 'number', pointer: P + '/anyOf/1' },
          ],
        },
      },
    ],
    [
      'oneOf is a union',
      { given: { oneOf: [str, { type: 'null' }] }, want: { kind: 'union', origin: 'oneOf' } },
    ],
    [
      'one member is that member',
      { given: { oneOf: [str] }, want: { kind: 'string', pointer: P + '/oneOf/0' } },
    ],
    [
      'objects sharing a required distinct literal are discriminated',
      {
        given: { oneOf: [variant('card', { last4: str }), variant('cash')] },
        want: {
          kind: 'union',
          discriminator: 'kind',
          members: [{ kind: 'object' }, { kind: 'object' }],
        },
      },
    ],
    [
      'members stay separate objects (never merged into one with every field optional)',
      {
        given: {
          oneOf: [
            { type: 'object', properties: { a: str }, required: ['a'] },
            { type: 'object', properties: { b: str }, required: ['b'] },
          ],
        },
        want: {
          kind: 'union',
          members: [
            { properties: [{ name: 'a', required: true }] },
            { properties: [{ name: 'b', required: true }] },
          ],
        },
      },
    ],
    [
      'a shared literal is no discriminator',
      {
        given: { oneOf: [variant('same', { a: str }), variant('same', { b: str })] },
        want: { kind: 'union' },
      },
    ],
    [
      'empty anyOf',
      {
        given: { anyOf: [] },
        want: { kind: 'unknown' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/anyOf']],
      },
    ],
    [
      'type beside anyOf is intersected with it',
      {
        given: {
          type: 'object',
          properties: { a: str },
          anyOf: [{ required: ['a'] }, { properties: { b: str } }],
        },
        want: { kind: 'intersection', members: [{ kind: 'object' }, { kind: 'union' }] },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, diagnostics = [] }) => {
    const result = normalizeProperty(given);
    expect(result.node).toMatchObject(want);
    expect(codes(result.diagnostics)).toEqual(diagnostics);
  });

  it('sets no discriminator when the literal is shared', () => {
    const { node } = normalizeProperty({
      oneOf: [variant('same', { a: str }), variant('same', { b: str })],
    });
    expect(node).not.toHaveProperty('discriminator');
  });

  it('sets no discriminator when a member lacks the property', () => {
    const { node } = normalizeProperty({
      oneOf: [variant('a'), { type: 'object', properties: { x: str } }],
    });
    expect(node).not.toHaveProperty('discriminator');
  });
});

describe('runtime-only keywords', () => {
  const info = (keyword: string): [string, string, string] => [
    'runtime-only-keyword',
    'info',
    `${P}/${keyword}`,
  ];
  const cases: Case[] = [
    [
      'not keeps the type wide',
      {
        given: { type: 'string', not: { const: 'x' } },
        want: { kind: 'string', runtimeOnly: ['not'] },
        diagnostics: [info('not')],
      },
    ],
    ['not: {} is never', { given: { not: {} }, want: { kind: 'never', pointer: P } }],
    [
      'if/then/else',
      {
        given: {
          type: 'object',
          properties: { a: str },
          if: { required: ['a'] },
          then: { required: ['b'] },
          else: {},
        },
        want: { kind: 'object', runtimeOnly: ['if', 'then', 'else'] },
        diagnostics: [info('if'), info('then'), info('else')],
      },
    ],
    [
      'dependencies',
      {
        given: { type: 'object', dependencies: { a: ['b'] } },
        want: { kind: 'object', runtimeOnly: ['dependencies'] },
        diagnostics: [info('dependencies')],
      },
    ],
    [
      'dependentRequired and dependentSchemas',
      {
        given: { type: 'object', dependentRequired: { a: ['b'] }, dependentSchemas: { a: {} } },
        want: { runtimeOnly: ['dependentRequired', 'dependentSchemas'] },
        diagnostics: [info('dependentRequired'), info('dependentSchemas')],
      },
    ],
    [
      'only a runtime keyword is unknown without an untyped warning',
      {
        given: { not: { type: 'null' } },
        want: { kind: 'unknown', runtimeOnly: ['not'] },
        diagnostics: [info('not')],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, diagnostics = [] }) => {
    const result = normalizeProperty(given);
    expect(result.node).toMatchObject(want);
    expect(codes(result.diagnostics)).toEqual(diagnostics);
  });
});
