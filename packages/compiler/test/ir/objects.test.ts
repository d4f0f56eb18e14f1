import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/plan/types.js';
import { codes, normalizeProperty, P } from '../support/ir.js';

type Case = [string, { given: Json; want: object; diagnostics?: [string, string, string][] }];

describe('objects', () => {
  const cases: Case[] = [
    [
      'properties and required, in schema order',
      {
        given: {
          type: 'object',
          properties: { b: { type: 'string' }, a: { type: 'number' } },
          required: ['a'],
        },
        want: {
          kind: 'object',
          properties: [
            { name: 'b', required: false, type: { kind: 'string' }, pointer: P + '/properties/b' },
            { name: 'a', required: true, type: { kind: 'number' }, pointer: P + '/properties/a' },
          ],
        },
      },
    ],
    [
      'absent additionalProperties is open but implicit',
      {
        given: { type: 'object', properties: {} },
        want: { additionalProperties: { kind: 'unknown' }, additionalPropertiesImplicit: true },
      },
    ],
    [
      'additionalProperties false closes',
      {
        given: { type: 'object', properties: {}, additionalProperties: false },
        want: { kind: 'object', additionalProperties: false },
      },
    ],
    [
      'additionalProperties true is unknown, explicit',
      {
        given: { type: 'object', properties: {}, additionalProperties: true },
        want: { additionalProperties: { kind: 'unknown', pointer: P + '/additionalProperties' } },
      },
    ],
    [
      'additionalProperties schema beside properties stays an object',
      {
        given: {
          type: 'object',
          properties: { a: { type: 'string' } },
          additionalProperties: { type: 'number' },
        },
        want: {
          kind: 'object',
          additionalProperties: { kind: 'number' },
          properties: [{ name: 'a' }],
        },
      },
    ],
    [
      'no properties and an additionalProperties schema is a map',
      {
        given: {
          type: 'object',
          additionalProperties: { type: 'integer' },
          propertyNames: { enum: ['x', 'y'] },
          maxProperties: 2,
        },
        want: {
          kind: 'map',
          values: { kind: 'integer' },
          keys: { kind: 'union', origin: 'enum' },
          maxProperties: 2,
        },
      },
    ],
    [
      'patternProperties, propertyNames and property counts',
      {
        given: {
          type: 'object',
          patternProperties: { '^x-': { type: 'string' } },
          propertyNames: { pattern: '^[a-z-]+$' },
          minProperties: 1,
          maxProperties: 3,
        },
        want: {
          kind: 'object',
          patternProperties: [
            { pattern: '^x-', type: { kind: 'string' }, pointer: P + '/patternProperties/^x-' },
          ],
          propertyNames: { kind: 'string', pattern: '^[a-z-]+$' },
          minProperties: 1,
          maxProperties: 3,
        },
      },
    ],
    [
      'a required name with no schema is a required unknown property',
      {
        given: { type: 'object', properties: {}, required: ['id', 'id'] },
        want: {
          properties: [
            { name: 'id', required: true, type: { kind: 'unknown' }, pointer: P + '/required/0' },
          ],
        },
        // Issue 16: most often a typo, so it is named (once, though listed twice).
        diagnostics: [['required-undeclared', 'warning', P + '/required/0']],
      },
    ],
    [
      'a required name with no schema takes the additionalProperties schema',
      {
        given: {
          type: 'object',
          properties: {},
          required: ['flag'],
          additionalProperties: { type: 'boolean' },
        },
        want: {
          properties: [
            {
              name: 'flag',
              required: true,
              type: { kind: 'boolean', pointer: P + '/additionalProperties' },
              pointer: P + '/required/0',
            },
          ],
          additionalProperties: { kind: 'boolean' },
        },
      },
    ],
    [
      'a required name with no schema beside additionalProperties true is unknown',
      {
        given: { type: 'object', required: ['x'], additionalProperties: true },
        want: {
          properties: [{ name: 'x', type: { kind: 'unknown', pointer: P + '/required/0' } }],
        },
      },
    ],
    [
      'a required name with no schema that additionalProperties false forbids is never',
      {
        given: {
          type: 'object',
          properties: { a: { type: 'string' } },
          required: ['a', 'gone'],
          additionalProperties: false,
        },
        want: {
          properties: [
            { name: 'a', type: { kind: 'string' } },
            { name: 'gone', required: true, type: { kind: 'never', pointer: P + '/required/1' } },
          ],
          additionalProperties: false,
        },
        diagnostics: [['unsatisfiable-required', 'warning', P + '/required/1']],
      },
    ],
    [
      'a required name with no schema takes the patternProperties it matches, not additionalProperties',
      {
        given: {
          type: 'object',
          required: ['x-one', 'x-y', 'other'],
          patternProperties: { '^x-': { type: 'string' }, y$: { type: 'string', minLength: 1 } },
          additionalProperties: { type: 'number' },
        },
        want: {
          properties: [
            { name: 'x-one', type: { kind: 'string', pointer: P + '/patternProperties/^x-' } },
            {
              name: 'x-y',
              type: {
                kind: 'intersection',
                members: [{ kind: 'string' }, { kind: 'string', minLength: 1 }],
              },
            },
            { name: 'other', type: { kind: 'number' } },
          ],
        },
      },
    ],
    [
      'a required name matching a pattern is allowed beside additionalProperties false',
      {
        given: {
          type: 'object',
          required: ['x-one'],
          patternProperties: { '^x-': { type: 'integer' } },
          additionalProperties: false,
        },
        want: { properties: [{ name: 'x-one', type: { kind: 'integer' } }] },
      },
    ],
    [
      'names with slashes, tildes, quotes and empty names are escaped in pointers',
      {
        given: {
          type: 'object',
          properties: {
            'a/b': { type: 'string' },
            '~x': { type: 'string' },
            '"q"': { type: 'string' },
            '': { type: 'string' },
          },
        },
        want: {
          properties: [
            { name: 'a/b', pointer: P + '/properties/a~1b' },
            { name: '~x', pointer: P + '/properties/~0x' },
            { name: '"q"', pointer: P + '/properties/"q"' },
            { name: '', pointer: P + '/properties/' },
          ],
        },
      },
    ],
    [
      'properties that is not an object',
      {
        given: { type: 'object', properties: [] },
        want: { kind: 'object', properties: [] },
        diagnostics: [['invalid-keyword-value', 'error', P + '/properties']],
      },
    ],
    [
      'required that is not an array',
      {
        given: { type: 'object', required: true },
        want: { kind: 'object' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/required']],
      },
    ],
    [
      'untyped nested property warns at its pointer',
      {
        given: { type: 'object', properties: { x: {} } },
        want: { properties: [{ name: 'x', type: { kind: 'unknown' } }] },
        diagnostics: [['untyped', 'warning', P + '/properties/x']],
      },
    ],
    [
      'invalid patternProperties regex',
      {
        given: { type: 'object', patternProperties: { '[': {} } },
        want: { patternProperties: [] },
        diagnostics: [['invalid-keyword-value', 'error', P + '/patternProperties/[']],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, diagnostics = [] }) => {
    const result = normalizeProperty(given);
    expect(result.node).toMatchObject(want);
    expect(codes(result.diagnostics)).toEqual(diagnostics);
  });

  it('keeps a __proto__ property as a property, not a prototype', () => {
    const given = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"}},"required":["__proto__"]}',
    ) as Json;
    const { node } = normalizeProperty(given);
    expect(node).toMatchObject({
      kind: 'object',
      properties: [{ name: '__proto__', required: true, type: { kind: 'string' } }],
    });
  });
});

describe('arrays', () => {
  const cases: Case[] = [
    [
      'items schema with counts',
      {
        given: {
          type: 'array',
          items: { type: 'string' },
          minItems: 1,
          maxItems: 4,
          uniqueItems: true,
        },
        want: {
          kind: 'array',
          items: { kind: 'string', pointer: P + '/items' },
          minItems: 1,
          maxItems: 4,
          uniqueItems: true,
        },
      },
    ],
    [
      'no items is unknown elements',
      { given: { type: 'array' }, want: { kind: 'array', items: { kind: 'unknown' } } },
    ],
    [
      'contains',
      {
        given: { type: 'array', contains: { const: 'x' } },
        want: { kind: 'array', contains: { kind: 'literal', value: 'x' } },
      },
    ],
    [
      'tuple items with additionalItems false',
      {
        given: {
          type: 'array',
          items: [{ type: 'string' }, { type: 'number' }],
          additionalItems: false,
          minItems: 1,
        },
        want: {
          kind: 'tuple',
          items: [
            { kind: 'string', pointer: P + '/items/0' },
            { kind: 'number', pointer: P + '/items/1' },
          ],
          rest: false,
          minItems: 1,
        },
      },
    ],
    [
      'tuple rest defaults to unknown',
      {
        given: { type: 'array', items: [{ type: 'string' }] },
        want: { kind: 'tuple', minItems: 0, rest: { kind: 'unknown' } },
      },
    ],
    [
      'tuple additionalItems schema',
      {
        given: { type: 'array', items: [{ type: 'string' }], additionalItems: { type: 'boolean' } },
        want: { rest: { kind: 'boolean', pointer: P + '/additionalItems' } },
      },
    ],
    [
      'prefixItems with items as the rest',
      {
        given: { type: 'array', prefixItems: [{ type: 'string' }], items: false },
        want: {
          kind: 'tuple',
          items: [{ kind: 'string', pointer: P + '/prefixItems/0' }],
          rest: false,
        },
      },
    ],
    [
      'items of the wrong kind',
      {
        given: { type: 'array', items: 3 },
        want: { kind: 'array', items: { kind: 'unknown' } },
        diagnostics: [['invalid-keyword-value', 'error', P + '/items']],
      },
    ],
    [
      'uniqueItems of the wrong kind',
      {
        given: { type: 'array', uniqueItems: 'yes' },
        want: { kind: 'array' },
        diagnostics: [['invalid-keyword-value', 'error', P + '/uniqueItems']],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, diagnostics = [] }) => {
    const result = normalizeProperty(given);
    expect(result.node).toMatchObject(want);
    expect(codes(result.diagnostics)).toEqual(diagnostics);
  });
});
