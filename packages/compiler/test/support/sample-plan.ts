/**
 * A hand-made plan exercising every IR kind and the messy names of real plans, shared by the
 * type-check and snapshot-free behaviour tests. Facts restated in our own words, values invented.
 */
import type { Json } from '../../src/plan/types.js';
import type { TestRule } from './emit.js';

const closed = (properties: Record<string, Json>, required: string[] = []): Json => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

// A literal `__proto__:` key would set the prototype instead of declaring a property.
const PROTO = JSON.parse('{ "__proto__": { "type": "string" } }') as Record<string, Json>;

/** Every rule of the sample plan. */
export const SAMPLE_RULES: TestRule[] = [
  {
    key: 'Order Completed',
    version: 1,
    properties: closed({ revenue: { type: 'number' } }, ['revenue']),
  },
  {
    key: 'Order Completed',
    version: 2,
    description: 'Checkout done. */ alert(1) /*',
    properties: closed(
      {
        revenue: { type: 'number', minimum: 0, description: 'In USD.' },
        currency: { type: 'string', enum: ['USD', 'EUR', 'it\'s "quoted"'] },
        quantity: { type: 'integer', minimum: 1, maximum: 1e21 },
        placed_at: { type: 'string', format: 'date-time' },
        kind: { const: 'order' },
        size: { enum: [1, 2, 3] },
        payment: {
          oneOf: [
            closed({ card: { type: 'string' } }, ['card']),
            closed({ iban: { type: 'string' } }, ['iban']),
          ],
        },
        shape: {
          oneOf: [
            closed({ kind: { const: 'circle' }, r: { type: 'number' } }, ['kind', 'r']),
            closed({ kind: { const: 'square' }, side: { type: 'number' } }, ['kind', 'side']),
          ],
        },
        address: {
          type: ['object', 'null'],
          properties: {
            street: { type: 'string' },
            zip: { type: 'string', pattern: '^[0-9]{5}$' },
          },
          required: ['street'],
          additionalProperties: false,
        },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 5 },
        point: {
          type: 'array',
          items: [{ type: 'number' }, { type: 'number' }],
          minItems: 2,
          additionalItems: false,
        },
        note: { type: ['string', 'null'] },
        extra: {},
        ...PROTO,
        constructor: { type: 'number' },
        '': { type: 'boolean' },
        'a-b': { type: 'string' },
      },
      ['revenue', 'payment'],
    ),
  },
  { key: 'Signed Up "Beta" <&> = \u2028', properties: closed({}) },
  {
    key: 'Checkout: Started',
    properties: {
      type: 'object',
      // An optional declared property must also fit the index signature without exactOptionalPropertyTypes.
      properties: { total: { type: 'number' }, discount: { type: 'integer' } },
      required: ['total'],
      additionalProperties: { type: 'string' },
    },
  },
  {
    key: 'Tree Viewed',
    jsonSchema: {
      type: 'object',
      definitions: {
        node: closed(
          {
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/definitions/node' } },
          },
          ['name'],
        ),
      },
      properties: { properties: closed({ root: { $ref: '#/definitions/node' } }, ['root']) },
      required: ['properties'],
    },
  },
  { key: 'default', properties: closed({ value: { type: 'string' } }) },
  {
    key: 'Refs Chosen',
    jsonSchema: {
      type: 'object',
      definitions: {
        card: closed({ card: { type: 'string' } }, ['card']),
        iban: closed({ iban: { type: 'string' }, bic: { type: 'string' } }, ['iban']),
      },
      properties: {
        properties: closed(
          { pay: { anyOf: [{ $ref: '#/definitions/card' }, { $ref: '#/definitions/iban' }] } },
          ['pay'],
        ),
      },
      required: ['properties'],
    },
  },
  // Events whose functions are named like the event modules' own imports (`send`, `state`).
  { key: 'Send', properties: closed({}) },
  { key: 'State', properties: closed({ on: { type: 'boolean' } }, ['on']) },
  { key: 'A ## B', properties: {} },
  {
    key: 'Signed Up (Email/Password)!',
    properties: closed({ at: { type: 'string', format: 'date' } }),
  },
  {
    type: 'IDENTIFY',
    key: null,
    jsonSchema: {
      type: 'object',
      properties: { traits: closed({ email: { type: 'string', format: 'email' } }) },
    },
  },
];
