/**
 * Issue 17: the catalogue of schema changes `platen diff` classifies. Each row gives an old and a new
 * event schema and the exact changes expected (path, kind, class); equivalent spellings ($ref,
 * allOf, one-element type arrays) must give none. Classes: docs/decisions.md#diff-classes.
 */
import { describe, expect, it } from 'vitest';
import { diffPlans, type Change, type PlanDiff } from '../../src/diff/index.js';
import type { Json, Plan, Rule, RuleType } from '../../src/plan/types.js';

type Schema = { [key: string]: Json };

/** A TRACK rule whose event properties are `props` (the `properties.properties` schema). */
function track(props: Schema, key = 'Order Completed', version = 1, root: Schema = {}): Rule {
  // `definitions` written beside the properties belong at the rule's root, where `#/definitions/…` points.
  if (props.definitions !== undefined) {
    const { definitions, ...rest } = props;
    return track(rest, key, version, { ...root, definitions });
  }
  return {
    type: 'TRACK',
    key,
    version,
    jsonSchema: {
      type: 'object',
      properties: { properties: props },
      required: ['properties'],
      ...root,
    },
  };
}

function plan(...rules: Rule[]): Plan {
  return { id: 'tp_1', name: 'Plan', type: 'LIVE', rules };
}

/** The changes of the only event of a diff, as `[pointer, kind, class]` rows. */
function rows(diff: PlanDiff): [string, Change['kind'], Change['class']][] {
  return diff.events.flatMap((e) =>
    e.changes.map((c) => [c.pointer, c.kind, c.class] as [string, Change['kind'], Change['class']]),
  );
}

const obj = (properties: Schema, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

type Row = [string, Schema, Schema, [string, Change['kind'], Change['class']][]];

/** Property-level cases: old properties schema, new properties schema, expected changes. */
const CASES: Row[] = [
  // Properties added and removed
  [
    'optional property added',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string' }, b: { type: 'number' } }),
    [['/b', 'property-added', 'safe']],
  ],
  [
    'required property added',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string' }, b: { type: 'number' } }, ['b']),
    [['/b', 'property-added', 'breaking-sender']],
  ],
  [
    'property removed from an open object',
    obj({ a: { type: 'string' }, b: { type: 'string' } }, [], { additionalProperties: true }),
    obj({ a: { type: 'string' } }, [], { additionalProperties: true }),
    [['/b', 'property-removed', 'breaking-consumer']],
  ],
  [
    'property removed from a closed object',
    obj({ a: { type: 'string' }, b: { type: 'string' } }, [], { additionalProperties: false }),
    obj({ a: { type: 'string' } }, [], { additionalProperties: false }),
    [['/b', 'property-removed', 'breaking-both']],
  ],
  [
    'property removed where additionalProperties is unsaid (unplanned keys reported)',
    obj({ a: { type: 'string' }, b: { type: 'string' } }),
    obj({ a: { type: 'string' } }),
    [['/b', 'property-removed', 'breaking-both']],
  ],
  [
    'optional → required',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string' } }, ['a']),
    [['/a', 'required-added', 'breaking-sender']],
  ],
  [
    'required → optional',
    obj({ a: { type: 'string' } }, ['a']),
    obj({ a: { type: 'string' } }),
    [['/a', 'required-removed', 'breaking-consumer']],
  ],
  // Types
  [
    'string → number',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'number' } }),
    [['/a', 'type-changed', 'breaking-both']],
  ],
  [
    'integer → number (widened)',
    obj({ a: { type: 'integer' } }),
    obj({ a: { type: 'number' } }),
    [['/a', 'type-widened', 'breaking-consumer']],
  ],
  [
    'number → integer (narrowed)',
    obj({ a: { type: 'number' } }),
    obj({ a: { type: 'integer' } }),
    [['/a', 'type-narrowed', 'breaking-sender']],
  ],
  [
    'string → string | number (widened)',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: ['string', 'number'] } }),
    [['/a', 'type-widened', 'breaking-consumer']],
  ],
  [
    'string | number → string (narrowed)',
    obj({ a: { type: ['string', 'number'] } }),
    obj({ a: { type: 'string' } }),
    [['/a', 'type-narrowed', 'breaking-sender']],
  ],
  [
    'nullable added',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: ['string', 'null'] } }),
    [['/a', 'type-widened', 'breaking-consumer']],
  ],
  [
    'nullable removed',
    obj({ a: { type: ['string', 'null'] } }),
    obj({ a: { type: 'string' } }),
    [['/a', 'type-narrowed', 'breaking-sender']],
  ],
  [
    'untyped → string (narrowed)',
    obj({ a: {} }),
    obj({ a: { type: 'string' } }),
    [['/a', 'type-narrowed', 'breaking-sender']],
  ],
  [
    'string → untyped (widened)',
    obj({ a: { type: 'string' } }),
    obj({ a: {} }),
    [['/a', 'type-widened', 'breaking-consumer']],
  ],
  [
    'boolean → string',
    obj({ a: { type: 'boolean' } }),
    obj({ a: { type: 'string' } }),
    [['/a', 'type-changed', 'breaking-both']],
  ],
  [
    'object → map of any keys',
    obj({ a: obj({ x: { type: 'string' } }) }),
    obj({ a: { type: 'object', additionalProperties: { type: 'string' } } }),
    [['/a', 'shape-changed', 'breaking-both']],
  ],
  [
    'array → tuple',
    obj({ a: { type: 'array', items: { type: 'string' } } }),
    obj({ a: { type: 'array', items: [{ type: 'string' }] } }),
    [['/a', 'shape-changed', 'breaking-both']],
  ],
  // Enums and const
  [
    'enum value removed',
    obj({ a: { type: 'string', enum: ['x', 'y', 'z'] } }),
    obj({ a: { type: 'string', enum: ['x', 'y'] } }),
    [['/a', 'enum-values-removed', 'breaking-sender']],
  ],
  [
    'enum value added',
    obj({ a: { type: 'string', enum: ['x', 'y'] } }),
    obj({ a: { type: 'string', enum: ['x', 'y', 'z'] } }),
    [['/a', 'enum-values-added', 'breaking-consumer']],
  ],
  [
    'enum value swapped',
    obj({ a: { enum: ['x', 'y'] } }),
    obj({ a: { enum: ['x', 'z'] } }),
    [
      ['/a', 'enum-values-removed', 'breaking-sender'],
      ['/a', 'enum-values-added', 'breaking-consumer'],
    ],
  ],
  [
    'enum reordered (no change)',
    obj({ a: { enum: ['x', 'y', 'z'] } }),
    obj({ a: { enum: ['z', 'x', 'y'] } }),
    [],
  ],
  [
    'integer enum value removed',
    obj({ a: { type: 'integer', enum: [1, 2, 3] } }),
    obj({ a: { type: 'integer', enum: [1, 2] } }),
    [['/a', 'enum-values-removed', 'breaking-sender']],
  ],
  [
    'enum added to a string',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string', enum: ['x'] } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'enum removed from a string',
    obj({ a: { type: 'string', enum: ['x', 'y'] } }),
    obj({ a: { type: 'string' } }),
    [['/a', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'const changed',
    obj({ a: { const: 'web' } }),
    obj({ a: { const: 'app' } }),
    [['/a', 'const-changed', 'breaking-both']],
  ],
  [
    'const added',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string', const: 'web' } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'const removed',
    obj({ a: { const: 'web' } }),
    obj({ a: { type: 'string' } }),
    [['/a', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'const ≡ one-value enum (no change)',
    obj({ a: { const: 'web' } }),
    obj({ a: { enum: ['web'] } }),
    [],
  ],
  [
    'enum gains null (nullable)',
    obj({ a: { enum: ['x', 'y'] } }),
    obj({ a: { enum: ['x', 'y', null] } }),
    [['/a', 'type-widened', 'breaking-consumer']],
  ],
  // Formats, patterns, bounds
  [
    'format added',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string', format: 'email' } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'format removed',
    obj({ a: { type: 'string', format: 'email' } }),
    obj({ a: { type: 'string' } }),
    [['/a', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'format changed',
    obj({ a: { type: 'string', format: 'email' } }),
    obj({ a: { type: 'string', format: 'uri' } }),
    [['/a', 'constraint-changed', 'breaking-both']],
  ],
  [
    'pattern added',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string', pattern: '^[a-z]+$' } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'pattern changed',
    obj({ a: { type: 'string', pattern: '^a' } }),
    obj({ a: { type: 'string', pattern: '^b' } }),
    [['/a', 'constraint-changed', 'breaking-both']],
  ],
  [
    'pattern removed',
    obj({ a: { type: 'string', pattern: '^a' } }),
    obj({ a: { type: 'string' } }),
    [['/a', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'maxLength added',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string', maxLength: 10 } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'maxLength lowered',
    obj({ a: { type: 'string', maxLength: 20 } }),
    obj({ a: { type: 'string', maxLength: 10 } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'maxLength raised',
    obj({ a: { type: 'string', maxLength: 10 } }),
    obj({ a: { type: 'string', maxLength: 20 } }),
    [['/a', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'minLength raised',
    obj({ a: { type: 'string', minLength: 1 } }),
    obj({ a: { type: 'string', minLength: 3 } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'minLength 0 ≡ absent (no change)',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string', minLength: 0 } }),
    [],
  ],
  [
    'minimum added',
    obj({ a: { type: 'number' } }),
    obj({ a: { type: 'number', minimum: 0 } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'minimum lowered',
    obj({ a: { type: 'number', minimum: 5 } }),
    obj({ a: { type: 'number', minimum: 0 } }),
    [['/a', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'maximum removed',
    obj({ a: { type: 'number', maximum: 5 } }),
    obj({ a: { type: 'number' } }),
    [['/a', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'exclusiveMaximum lowered',
    obj({ a: { type: 'number', exclusiveMaximum: 10 } }),
    obj({ a: { type: 'number', exclusiveMaximum: 5 } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'multipleOf added',
    obj({ a: { type: 'number' } }),
    obj({ a: { type: 'number', multipleOf: 0.01 } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'draft-04 exclusiveMinimum ≡ draft-06 form (no change)',
    obj({ a: { type: 'number', minimum: 0, exclusiveMinimum: true } }),
    obj({ a: { type: 'number', exclusiveMinimum: 0 } }),
    [],
  ],
  // Arrays
  [
    'array items type changed',
    obj({ a: { type: 'array', items: { type: 'string' } } }),
    obj({ a: { type: 'array', items: { type: 'integer' } } }),
    [['/a/[]', 'type-changed', 'breaking-both']],
  ],
  [
    'minItems added',
    obj({ a: { type: 'array', items: { type: 'string' } } }),
    obj({ a: { type: 'array', items: { type: 'string' }, minItems: 1 } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'minItems lowered',
    obj({ a: { type: 'array', minItems: 2 } }),
    obj({ a: { type: 'array', minItems: 1 } }),
    [['/a', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'maxItems lowered',
    obj({ a: { type: 'array', maxItems: 5 } }),
    obj({ a: { type: 'array', maxItems: 3 } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'uniqueItems added',
    obj({ a: { type: 'array' } }),
    obj({ a: { type: 'array', uniqueItems: true } }),
    [['/a', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'required property added inside array items',
    obj({ p: { type: 'array', items: obj({ sku: { type: 'string' } }) } }),
    obj({
      p: {
        type: 'array',
        items: obj({ sku: { type: 'string' }, qty: { type: 'integer' } }, ['qty']),
      },
    }),
    [['/p/[]/qty', 'property-added', 'breaking-sender']],
  ],
  [
    'enum value removed in nested array items',
    obj({ p: { type: 'array', items: obj({ c: { enum: ['a', 'b'] } }) } }),
    obj({ p: { type: 'array', items: obj({ c: { enum: ['a'] } }) } }),
    [['/p/[]/c', 'enum-values-removed', 'breaking-sender']],
  ],
  [
    'tuple item type changed',
    obj({ a: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] } }),
    obj({ a: { type: 'array', items: [{ type: 'string' }, { type: 'string' }] } }),
    [['/a/[1]', 'type-changed', 'breaking-both']],
  ],
  // Nested objects
  [
    'nested property type widened',
    obj({ addr: obj({ zip: { type: 'integer' } }) }),
    obj({ addr: obj({ zip: { type: ['integer', 'string'] } }) }),
    [['/addr/zip', 'type-widened', 'breaking-consumer']],
  ],
  [
    'nested required property added',
    obj({ addr: obj({ city: { type: 'string' } }) }),
    obj({ addr: obj({ city: { type: 'string' }, country: { type: 'string' } }, ['country']) }),
    [['/addr/country', 'property-added', 'breaking-sender']],
  ],
  [
    'deeply nested removal (3 levels)',
    obj({ a: obj({ b: obj({ c: { type: 'string' }, d: { type: 'string' } }) }) }),
    obj({ a: obj({ b: obj({ c: { type: 'string' } }) }) }),
    [['/a/b/d', 'property-removed', 'breaking-both']],
  ],
  [
    'property name with a slash and tilde',
    obj({ 'a/b~c': { type: 'string' } }),
    obj({ 'a/b~c': { type: 'number' } }),
    [['/a~1b~0c', 'type-changed', 'breaking-both']],
  ],
  // additionalProperties and patternProperties
  [
    'additionalProperties opened (false → true)',
    obj({ a: { type: 'string' } }, [], { additionalProperties: false }),
    obj({ a: { type: 'string' } }, [], { additionalProperties: true }),
    [['', 'additional-properties-opened', 'breaking-consumer']],
  ],
  [
    'additionalProperties closed (true → false)',
    obj({ a: { type: 'string' } }, [], { additionalProperties: true }),
    obj({ a: { type: 'string' } }, [], { additionalProperties: false }),
    [['', 'additional-properties-closed', 'breaking-sender']],
  ],
  [
    'additionalProperties made explicit (unsaid → false)',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string' } }, [], { additionalProperties: false }),
    [['', 'additional-properties-explicit', 'safe']],
  ],
  [
    'additionalProperties schema narrowed',
    obj({ a: { type: 'string' } }, [], { additionalProperties: { type: ['string', 'number'] } }),
    obj({ a: { type: 'string' } }, [], { additionalProperties: { type: 'string' } }),
    [['/{}', 'type-narrowed', 'breaking-sender']],
  ],
  [
    'map values widened',
    obj({ m: { type: 'object', additionalProperties: { type: 'integer' } } }),
    obj({ m: { type: 'object', additionalProperties: { type: 'number' } } }),
    [['/m/{}', 'type-widened', 'breaking-consumer']],
  ],
  [
    'patternProperties added to a closed object',
    obj({ a: { type: 'string' } }, [], { additionalProperties: false }),
    obj({ a: { type: 'string' } }, [], {
      additionalProperties: false,
      patternProperties: { '^x_': { type: 'string' } },
    }),
    [['/{^x_}', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'patternProperties value type changed',
    obj({}, [], { patternProperties: { '^x_': { type: 'string' } } }),
    obj({}, [], { patternProperties: { '^x_': { type: 'number' } } }),
    [['/{^x_}', 'type-changed', 'breaking-both']],
  ],
  // Documentation
  [
    'description changed',
    obj({ a: { type: 'string', description: 'old' } }),
    obj({ a: { type: 'string', description: 'new' } }),
    [['/a', 'description-changed', 'safe']],
  ],
  [
    'examples added',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string', examples: ['x'] } }),
    [['/a', 'examples-changed', 'safe']],
  ],
  [
    'title changed',
    obj({ a: { type: 'string', title: 'A' } }),
    obj({ a: { type: 'string', title: 'B' } }),
    [['/a', 'title-changed', 'safe']],
  ],
  [
    'default changed',
    obj({ a: { type: 'string', default: 'x' } }),
    obj({ a: { type: 'string', default: 'y' } }),
    [['/a', 'default-changed', 'safe']],
  ],
  [
    'property deprecated',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string', deprecated: true } }),
    [['/a', 'deprecated-changed', 'safe']],
  ],
  [
    '$comment changed (no change)',
    obj({ a: { type: 'string', $comment: 'x' } }),
    obj({ a: { type: 'string', $comment: 'y' } }),
    [],
  ],
  // Equivalent spellings: no change
  [
    '$ref to a definition ≡ the same schema inline',
    obj({ a: { type: 'string', format: 'email' } }),
    {
      ...obj({ a: { $ref: '#/definitions/Email' } }),
      definitions: { Email: { type: 'string', format: 'email' } },
    },
    [],
  ],
  [
    'allOf of two objects ≡ one merged object',
    obj({ a: { type: 'string' }, b: { type: 'number' } }, ['a']),
    { allOf: [obj({ a: { type: 'string' } }, ['a']), obj({ b: { type: 'number' } })] },
    [],
  ],
  [
    'one-element type array ≡ the type',
    obj({ a: { type: ['string'] } }),
    obj({ a: { type: 'string' } }),
    [],
  ],
  [
    'key order changed (no change)',
    obj({ a: { type: 'string', maxLength: 3 }, b: { type: 'number' } }),
    {
      required: [],
      properties: { b: { type: 'number' }, a: { maxLength: 3, type: 'string' } },
      type: 'object',
    },
    [],
  ],
  [
    'anyOf [string, null] ≡ type [string, null]',
    obj({ a: { type: ['string', 'null'] } }),
    obj({ a: { anyOf: [{ type: 'string' }, { type: 'null' }] } }),
    [],
  ],
  [
    '$ref target changed (a change seen through the ref)',
    {
      ...obj({ a: { $ref: '#/definitions/A' } }),
      definitions: { A: obj({ x: { type: 'string' } }) },
    },
    {
      ...obj({ a: { $ref: '#/definitions/A' } }),
      definitions: { A: obj({ x: { type: 'string' } }, ['x']) },
    },
    [['/a/x', 'required-added', 'breaking-sender']],
  ],
  [
    'recursive $ref, unchanged (terminates)',
    {
      ...obj({ tree: { $ref: '#/definitions/Node' } }),
      definitions: {
        Node: obj({ kids: { type: 'array', items: { $ref: '#/definitions/Node' } } }),
      },
    },
    {
      ...obj({ tree: { $ref: '#/definitions/Node' } }),
      definitions: {
        Node: obj({ kids: { type: 'array', items: { $ref: '#/definitions/Node' } } }),
      },
    },
    [],
  ],
  [
    'recursive $ref, a property added inside',
    {
      ...obj({ tree: { $ref: '#/definitions/Node' } }),
      definitions: {
        Node: obj({ kids: { type: 'array', items: { $ref: '#/definitions/Node' } } }),
      },
    },
    {
      ...obj({ tree: { $ref: '#/definitions/Node' } }),
      definitions: {
        Node: obj(
          {
            kids: { type: 'array', items: { $ref: '#/definitions/Node' } },
            id: { type: 'string' },
          },
          ['id'],
        ),
      },
    },
    [['/tree/id', 'property-added', 'breaking-sender']],
  ],
  // Unions of objects
  [
    'oneOf member gains a required property (paired by discriminator)',
    obj({
      pay: {
        oneOf: [
          obj({ kind: { const: 'card' }, last4: { type: 'string' } }, ['kind']),
          obj({ kind: { const: 'cash' } }, ['kind']),
        ],
      },
    }),
    obj({
      pay: {
        oneOf: [
          obj({ kind: { const: 'cash' } }, ['kind']),
          obj({ kind: { const: 'card' }, last4: { type: 'string' } }, ['kind', 'last4']),
        ],
      },
    }),
    [['/pay/(1)/last4', 'required-added', 'breaking-sender']],
  ],
  [
    'oneOf member added',
    obj({
      pay: {
        oneOf: [
          obj({ kind: { const: 'card' } }, ['kind']),
          obj({ kind: { const: 'cash' } }, ['kind']),
        ],
      },
    }),
    obj({
      pay: {
        oneOf: [
          obj({ kind: { const: 'card' } }, ['kind']),
          obj({ kind: { const: 'cash' } }, ['kind']),
          obj({ kind: { const: 'voucher' } }, ['kind']),
        ],
      },
    }),
    [['/pay/(2)', 'union-member-added', 'breaking-consumer']],
  ],
  // More combinations
  [
    'nested object made nullable',
    obj({ addr: obj({ city: { type: 'string' } }) }),
    obj({ addr: { ...obj({ city: { type: 'string' } }), type: ['object', 'null'] } }),
    [['/addr', 'type-widened', 'breaking-consumer']],
  ],
  [
    'enum added to array items',
    obj({ tags: { type: 'array', items: { type: 'string' } } }),
    obj({ tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } } }),
    [['/tags/[]', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'minProperties added to an object',
    obj({ o: obj({ a: { type: 'string' } }) }),
    obj({ o: obj({ a: { type: 'string' } }, [], { minProperties: 1 }) }),
    [['/o', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'map keys restricted (propertyNames)',
    obj({ m: { type: 'object', additionalProperties: { type: 'string' } } }),
    obj({
      m: {
        type: 'object',
        additionalProperties: { type: 'string' },
        propertyNames: { enum: ['a', 'b'] },
      },
    }),
    [['/m', 'constraint-changed', 'breaking-both']],
  ],
  [
    'items after a tuple no longer allowed',
    obj({ t: { type: 'array', items: [{ type: 'string' }] } }),
    obj({ t: { type: 'array', items: [{ type: 'string' }], additionalItems: false } }),
    [['/t', 'constraint-tightened', 'breaking-sender']],
  ],
  [
    'made required and retyped at once',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'number' } }, ['a']),
    [
      ['/a', 'required-added', 'breaking-sender'],
      ['/a', 'type-changed', 'breaking-both'],
    ],
  ],
  [
    'integer enum → any number',
    obj({ n: { type: 'integer', enum: [1, 2] } }),
    obj({ n: { type: 'number' } }),
    [['/n', 'constraint-loosened', 'breaking-consumer']],
  ],
  [
    'date-time format → date',
    obj({ at: { type: 'string', format: 'date-time' } }),
    obj({ at: { type: 'string', format: 'date' } }),
    [['/at', 'constraint-changed', 'breaking-both']],
  ],
  [
    'property made never (false schema)',
    obj({ a: { type: 'string' } }),
    obj({ a: false }),
    [['/a', 'type-narrowed', 'breaking-sender']],
  ],
  [
    'const object value changed',
    obj({ o: { const: { k: 1 } } }),
    obj({ o: { const: { k: 2 } } }),
    [['/o/k', 'const-changed', 'breaking-both']],
  ],
  [
    'oneOf of objects without a discriminator, member changed (paired by position)',
    obj({
      u: {
        oneOf: [
          obj({ a: { type: 'string' } }, ['a'], { additionalProperties: false }),
          obj({ b: { type: 'string' } }, ['b'], { additionalProperties: false }),
        ],
      },
    }),
    obj({
      u: {
        oneOf: [
          obj({ a: { type: 'string', maxLength: 3 } }, ['a'], { additionalProperties: false }),
          obj({ b: { type: 'string' } }, ['b'], { additionalProperties: false }),
        ],
      },
    }),
    [['/u/(0)/a', 'constraint-tightened', 'breaking-sender']],
  ],
  // Runtime-only keywords
  [
    '`not` changed (runtime-only)',
    obj({ a: { type: 'string', not: { const: 'x' } } }),
    obj({ a: { type: 'string', not: { const: 'y' } } }),
    [['/a', 'runtime-keyword-changed', 'breaking-both']],
  ],
  [
    '`if` added (runtime-only)',
    obj({ a: { type: 'string' } }),
    obj({ a: { type: 'string', if: { minLength: 2 }, then: { maxLength: 4 } } }),
    [
      ['/a', 'runtime-keyword-changed', 'breaking-both'],
      ['/a', 'runtime-keyword-changed', 'breaking-both'],
    ],
  ],
];

describe('the catalogue of property changes', () => {
  it(`has at least 40 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c[0])).size).toBe(CASES.length);
  });

  it.each(CASES)('%s', (_name, before, after, want) => {
    const diff = diffPlans(plan(track(before)), plan(track(after)));
    expect(rows(diff).sort()).toEqual([...want].sort());
    // The same change, read backwards, still gives the same paths (and swaps sender and consumer).
    const back = rows(diffPlans(plan(track(after)), plan(track(before))));
    // (Union members are numbered by their place in the new plan, which is the other one backwards.)
    const place = (p: string) => p.replace(/\/\(\d+\)/g, '/(n)');
    expect(back.map((r) => place(r[0])).sort()).toEqual(want.map((r) => place(r[0])).sort());
    if (want.length === 0) expect(diff.events).toEqual([]);
    else expect(diff.summary.events.changed).toBe(1);
  });
});

/** Swapping old and new swaps who breaks: checked on every case with exactly one directed change. */
describe('direction', () => {
  const directed = CASES.filter(
    ([, , , want]) =>
      want.length === 1 &&
      (want[0]![2] === 'breaking-sender' || want[0]![2] === 'breaking-consumer') &&
      !['property-added', 'property-removed', 'union-member-added'].includes(want[0]![1]),
  );
  it.each(directed)('%s, backwards', (_name, before, after, want) => {
    const back = rows(diffPlans(plan(track(after)), plan(track(before))));
    const flipped = want[0]![2] === 'breaking-sender' ? 'breaking-consumer' : 'breaking-sender';
    expect(back.map((r) => r[2])).toEqual([flipped]);
  });
});

const TYPES: RuleType[] = ['TRACK', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN', 'COMMON'];

/** A rule of any type whose payload (properties, traits, or the message for COMMON) is `payload`. */
function ruleOf(
  type: RuleType,
  key: string | null,
  payload: Schema,
  version = 1,
  root: Schema = {},
): Rule {
  if (type === 'COMMON') return { type, key: null, version, jsonSchema: { ...payload, ...root } };
  const where = type === 'IDENTIFY' || type === 'GROUP' ? 'traits' : 'properties';
  return {
    type,
    key,
    version,
    jsonSchema: { type: 'object', properties: { [where]: payload }, ...root },
  };
}

const keyOf = (type: RuleType) =>
  type === 'TRACK' || type === 'PAGE' || type === 'SCREEN' ? 'Home' : null;

describe('events across every rule type', () => {
  it.each(TYPES)('%s added is safe; removed breaks senders', (type) => {
    const r = ruleOf(type, keyOf(type), obj({ a: { type: 'string' } }));
    const added = diffPlans(plan(), plan(r));
    expect(added.events.map((e) => [e.type, e.key, e.status, e.class])).toEqual([
      [type, keyOf(type), 'added', 'safe'],
    ]);
    const removed = diffPlans(plan(r), plan());
    expect(removed.events.map((e) => [e.type, e.status, e.class])).toEqual([
      [type, 'removed', 'breaking-sender'],
    ]);
    expect(removed.summary.breaking).toBe(true);
  });

  it.each(TYPES)('%s: a required property added is found in its payload', (type) => {
    const a = ruleOf(type, keyOf(type), obj({ a: { type: 'string' } }));
    const b = ruleOf(
      type,
      keyOf(type),
      obj({ a: { type: 'string' }, b: { type: 'string' } }, ['b']),
    );
    expect(rows(diffPlans(plan(a), plan(b)))).toEqual([
      ['/b', 'property-added', 'breaking-sender'],
    ]);
  });

  it('labels, the event description and deprecatedAt are safe', () => {
    const a = track(obj({}), 'E', 1, { labels: { team: 'a' }, description: 'old' });
    const b = {
      ...track(obj({}), 'E', 1, { labels: { team: 'b' }, description: 'new' }),
      deprecatedAt: '2026-01-01T00:00:00Z',
    };
    expect(rows(diffPlans(plan(a), plan(b))).sort()).toEqual([
      ['', 'deprecated-changed', 'safe'],
      ['', 'description-changed', 'safe'],
      ['', 'labels-changed', 'safe'],
    ]);
  });

  it('the properties object becoming required breaks senders', () => {
    const a: Rule = {
      type: 'TRACK',
      key: 'E',
      version: 1,
      jsonSchema: { type: 'object', properties: { properties: obj({ a: { type: 'string' } }) } },
    };
    const b: Rule = { ...a, jsonSchema: { ...(a.jsonSchema as Schema), required: ['properties'] } };
    expect(rows(diffPlans(plan(a), plan(b)))).toEqual([
      ['', 'payload-required', 'breaking-sender'],
    ]);
    expect(rows(diffPlans(plan(b), plan(a)))).toEqual([
      ['', 'payload-optional', 'breaking-consumer'],
    ]);
  });

  it('an event whose version is unchanged but breaks says its version should be bumped', () => {
    const diff = diffPlans(
      plan(track(obj({ a: { type: 'string' } }))),
      plan(track(obj({ a: { type: 'number' } }))),
    );
    expect(diff.events[0]!.version).toEqual({ shouldBump: true, bumped: false });
    expect(diff.summary.unbumped).toBe(1);
  });

  it('a safe change needs no bump', () => {
    const diff = diffPlans(
      plan(track(obj({ a: { type: 'string' } }))),
      plan(track(obj({ a: { type: 'string', description: 'x' } }))),
    );
    expect(diff.events[0]!.version).toEqual({ shouldBump: false, bumped: false });
    expect(diff.summary.breaking).toBe(false);
  });

  it('a new version is compared with the one it replaces, and counts as bumped', () => {
    const diff = diffPlans(
      plan(track(obj({ a: { type: 'string' } }), 'E', 1)),
      plan(track(obj({ a: { type: 'number' } }), 'E', 2)),
    );
    expect(diff.events).toHaveLength(1);
    const [event] = diff.events;
    expect([event!.status, event!.fromVersion, event!.toVersion, event!.version]).toEqual([
      'changed',
      1,
      2,
      { shouldBump: true, bumped: true },
    ]);
    expect(rows(diff).sort()).toEqual([
      ['', 'version-added', 'safe'],
      ['', 'version-removed', 'safe'],
      ['/a', 'type-changed', 'breaking-both'],
    ]);
    expect(diff.summary.unbumped).toBe(0);
  });

  it('a new version next to the old one is compared with it; the old one is unchanged', () => {
    const v1 = track(obj({ a: { type: 'string' } }), 'E', 1);
    const v2 = track(obj({ a: { type: 'string' }, b: { type: 'string' } }, ['b']), 'E', 2);
    const diff = diffPlans(plan(v1), plan(v1, v2));
    expect(diff.events.map((e) => [e.fromVersion, e.toVersion])).toEqual([[1, 2]]);
    expect(rows(diff)).toEqual([
      ['', 'version-added', 'safe'],
      ['/b', 'property-added', 'breaking-sender'],
    ]);
  });

  it('an old version removed while a newer one stays breaks its senders', () => {
    const v1 = track(obj({ a: { type: 'string' } }), 'E', 1);
    const v2 = track(obj({ a: { type: 'string' } }), 'E', 2);
    const diff = diffPlans(plan(v1, v2), plan(v2));
    expect(diff.events.map((e) => [e.status, e.fromVersion, e.toVersion, e.class])).toEqual([
      ['changed', 1, undefined, 'breaking-sender'],
    ]);
  });

  it('an event removed and another added with the same schema is a likely rename', () => {
    const a = track(obj({ id: { type: 'string' } }, ['id']), 'Signed Up');
    const b = track(
      obj({ id: { type: 'string', description: 'docs only' } }, ['id']),
      'Account Created',
    );
    const other = track(obj({ x: { type: 'number' } }), 'Unrelated');
    const diff = diffPlans(plan(a), plan(b, other));
    expect(diff.events.map((e) => [e.status, e.fromKey, e.key, e.class])).toEqual([
      ['renamed', 'Signed Up', 'Account Created', 'breaking-both'],
      ['added', undefined, 'Unrelated', 'safe'],
    ]);
    expect(diff.summary.events).toMatchObject({ renamed: 1, added: 1, removed: 0 });
  });

  it('a rename is found whatever the order of the properties, and only one to one', () => {
    const a = track(obj({ x: { type: 'string' }, y: { type: 'number' } }), 'Old');
    const b = track(obj({ y: { type: 'number' }, x: { type: 'string' } }), 'New');
    const c = track(obj({ x: { type: 'string' }, y: { type: 'number' } }), 'Newer');
    const diff = diffPlans(plan(a), plan(b, c));
    expect(diff.events.map((e) => [e.status, e.fromKey, e.key])).toEqual([
      ['renamed', 'Old', 'New'],
      ['added', undefined, 'Newer'],
    ]);
  });

  it('an event removed and another added with a different schema is not a rename', () => {
    const diff = diffPlans(
      plan(track(obj({ id: { type: 'string' } }), 'A')),
      plan(track(obj({ id: { type: 'number' } }), 'B')),
    );
    expect(diff.events.map((e) => e.status).sort()).toEqual(['added', 'removed']);
  });

  it('every plan format reads to the same IR: a Typewriter 8/9 hoisted rule vs its Public API form', () => {
    const props = obj({ a: { type: 'string' } }, ['a']);
    const same = diffPlans(
      { plan: plan(track(props, 'E')), format: 'public-api', file: 'a.json', ruleSources: [] },
      plan(track(props, 'E')),
    );
    expect(same.events).toEqual([]);
  });

  it('is deterministic whatever the rule order', () => {
    const rules = [track(obj({}), 'B'), ruleOf('IDENTIFY', null, obj({})), track(obj({}), 'A')];
    const one = diffPlans(plan(), plan(...rules));
    const two = diffPlans(plan(), plan(...[...rules].reverse()));
    expect(JSON.stringify(one)).toBe(JSON.stringify(two));
    expect(one.events.map((e) => [e.type, e.key])).toEqual([
      ['TRACK', 'A'],
      ['TRACK', 'B'],
      ['IDENTIFY', null],
    ]);
  });
});
