/**
 * `prepareSchema`: the copy a rule's validator is compiled from. Wanted values are written out by
 * hand (key order included: the copy's keys are sorted, and the generated code follows them).
 */
import { describe, expect, it } from 'vitest';
import type { Json, RuleType } from '../../src/plan/types.js';
import { prepareSchema } from '../../src/validators/prepare.js';

const track = (payload: Json): Json => ({
  type: 'object',
  properties: { properties: payload },
});

const cases: [string, { given: Json; type?: RuleType; want: Json }][] = [
  [
    'draft-04 forms are rewritten in schemas, never in data (const, enum, default)',
    {
      given: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        id: 'plan-id',
        type: 'object',
        properties: {
          properties: {
            type: 'object',
            properties: {
              a: { type: 'number', minimum: 1, exclusiveMinimum: true, exclusiveMaximum: false },
              b: { type: ['any'], id: 'b' },
              c: { const: { exclusiveMinimum: true, id: 'x', $schema: 's', type: 'any' } },
            },
          },
        },
      },
      type: 'COMMON',
      want: {
        properties: {
          properties: {
            properties: {
              a: { exclusiveMinimum: 1, type: 'number' },
              b: {},
              c: { const: { $schema: 's', exclusiveMinimum: true, id: 'x', type: 'any' } },
            },
            type: 'object',
          },
        },
        type: 'object',
        $id: 'platen:rule',
      },
    },
  ],
  [
    'planned objects are closed (required-only keys listed), allOf parts merged by their parent',
    {
      given: {
        type: 'object',
        definitions: { d: { properties: { q: { type: 'number' } } } },
        properties: {
          properties: {
            type: 'object',
            required: ['z'],
            properties: {
              y: {
                allOf: [{ $ref: '#/definitions/d' }, { properties: { c: { type: 'string' } } }],
              },
            },
          },
        },
      },
      want: {
        // An allOf part stays open: its parent closes over the parts' keys.
        definitions: { d: { properties: { q: { type: 'number' } } } },
        properties: {
          properties: {
            properties: {
              y: {
                allOf: [{ $ref: '#/definitions/d' }, { properties: { c: { type: 'string' } } }],
                properties: { c: true, q: true },
                additionalProperties: false,
              },
              z: true,
            },
            required: ['z'],
            type: 'object',
            additionalProperties: false,
          },
        },
        type: 'object',
        additionalProperties: false,
        $id: 'platen:rule',
      },
    },
  ],
];

describe('prepareSchema', () => {
  it.each(cases)('%s', (_, { given, type, want }) => {
    const before = JSON.stringify(given);
    const { root } = prepareSchema(given, type ?? 'TRACK', 'platen:rule');
    // Key order matters: compare the text.
    expect(JSON.stringify(root)).toBe(JSON.stringify(want));
    expect(JSON.stringify(given)).toBe(before);
  });

  it('lists formats in walk order with escaped pointers, and moves a __proto__ property', () => {
    const given = JSON.parse(
      JSON.stringify(
        track({
          type: 'object',
          properties: {
            'a/b~c': { format: 'email' },
            PROTO: { format: 'date' },
            list: { items: [{ format: 'uri' }], allOf: [{ format: 'ipv4' }] },
          },
          additionalProperties: { format: 'uuid' },
        }),
      ).replace('"PROTO"', '"__proto__"'),
    ) as Json;
    const { root, payload, formats } = prepareSchema(given, 'TRACK', 'platen:rule');
    expect(payload).toBe('/properties/properties');
    expect(formats).toEqual([
      { name: 'uuid', pointer: '/properties/properties/additionalProperties/format' },
      { name: 'date', pointer: '/properties/properties/properties/__proto__/format' },
      { name: 'email', pointer: '/properties/properties/properties/a~1b~0c/format' },
      { name: 'ipv4', pointer: '/properties/properties/properties/list/allOf/0/format' },
      { name: 'uri', pointer: '/properties/properties/properties/list/items/0/format' },
    ]);
    const props = (root as { properties: { properties: Record<string, Json> } }).properties
      .properties;
    expect(Object.hasOwn(props.properties as object, '__proto__')).toBe(false);
    expect(props.patternProperties).toEqual({ '^__proto__$': { format: 'date' } });
  });
});
