/**
 * fast-check generator of payload JSON Schemas over the IR's keyword set: types, nullability, enums
 * and const of every kind, nested objects, required, additionalProperties (absent, true, false, a
 * schema), arrays, tuples, anyOf/oneOf, allOf, `$ref` (recursion included), formats, patterns, bounds.
 */
import fc from 'fast-check';
import type { Json } from '../../src/plan/types.js';

/** A generated case: the payload schema and the definitions its `$ref`s point into. */
export interface GenSchema {
  payload: Json;
  definitions: Record<string, Json>;
}

type Obj = { [key: string]: Json };

// Property names: plain, spaced, dashed, leading digit, empty, unicode. (`__proto__` is the hostile suite's.)
const NAMES = ['a', 'b', 'c', 'id', 'with space', 'x-y', '0lead', '', 'naïve', 'type', 'default'];
/** Formats whose sample values {@link ./agreement-instances} knows; all are checked by both sides. */
export const FORMATS = ['date-time', 'date', 'time', 'email', 'uri', 'uuid', 'ipv4', 'hostname'];
/** Patterns with a sample that matches each. */
export const PATTERNS: Record<string, string> = {
  '^[a-z]+$': 'abc',
  '^\\d{3}-\\d{4}$': '555-1234',
  x: 'axb',
  '^\\p{Lu}': 'Éa',
};

const strings = fc.constantFrom('x', 'y', 'card', 'with "quote"', '', 'ünï', 'a b', '1');
const numbers = fc.constantFrom(0, 1, -1, 2, 1.5, 100, -0.25);
const scalar: fc.Arbitrary<Json> = fc.oneof(strings, numbers, fc.boolean(), fc.constant(null));

// Structured enum and const values: objects and arrays compare by deep equality.
const structured: fc.Arbitrary<Json> = fc.constantFrom<Json>(
  { k: 'v' },
  [1, 2],
  { a: [null, { b: 'x' }] },
  [],
  {},
);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/** Drops `undefined` fields so the schema is plain JSON. */
function clean(obj: Record<string, Json | undefined>): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

const stringSchema: fc.Arbitrary<Json> = fc.oneof(
  fc.constant({ type: 'string' }),
  fc.constantFrom(...FORMATS).map((format) => ({ type: 'string', format })),
  fc.constantFrom(...Object.keys(PATTERNS)).map((pattern) => ({ type: 'string', pattern })),
  fc
    .record({
      minLength: maybe(fc.integer({ min: 0, max: 2 })),
      maxLength: maybe(fc.integer({ min: 2, max: 6 })),
    })
    .map((b) => clean({ type: 'string', ...b })),
);

const numberSchema: fc.Arbitrary<Json> = fc
  .record({
    type: fc.constantFrom('number', 'integer'),
    minimum: maybe(fc.constantFrom(-1, 0, 1)),
    exclusiveMaximum: maybe(fc.constantFrom(2, 50, 1000)),
    multipleOf: maybe(fc.constantFrom(0.5, 2)),
  })
  .map(clean);

const enumSchema: fc.Arbitrary<Json> = fc.oneof(
  fc.uniqueArray(strings, { minLength: 1, maxLength: 4 }).map((e) => ({ type: 'string', enum: e })),
  fc
    .uniqueArray(fc.constantFrom(1, 2, 3, 10), { minLength: 1, maxLength: 3 })
    .map((e) => ({ type: 'integer', enum: e })),
  fc
    .uniqueArray(fc.constantFrom(0.5, 1, -2.5), { minLength: 1, maxLength: 3 })
    .map((e) => ({ type: 'number', enum: e })),
  fc.uniqueArray(fc.boolean(), { minLength: 1, maxLength: 2 }).map((e) => ({ enum: e })),
  // Nullable enums: `null` listed, with or without `null` in `type`.
  fc
    .uniqueArray(strings, { minLength: 1, maxLength: 3 })
    .map((e) => ({ type: ['string', 'null'], enum: [...e, null] })),
  fc
    .uniqueArray(scalar, { minLength: 1, maxLength: 4, comparator: 'SameValueZero' })
    .map((e) => ({ enum: e })),
  fc
    .uniqueArray(fc.oneof(scalar, structured), {
      minLength: 1,
      maxLength: 3,
      selector: (v) => JSON.stringify(v),
    })
    .map((e) => ({ enum: e })),
);

const leaf: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: stringSchema, weight: 3 },
  { arbitrary: numberSchema, weight: 2 },
  { arbitrary: fc.constant({ type: 'boolean' }), weight: 1 },
  { arbitrary: fc.constant({ type: 'null' }), weight: 1 },
  { arbitrary: fc.constantFrom<Json>({}, { description: 'anything' }), weight: 1 },
  { arbitrary: enumSchema, weight: 3 },
  { arbitrary: scalar.map((c) => ({ const: c })), weight: 2 },
  { arbitrary: structured.map((c) => ({ const: c })), weight: 1 },
  // Nullable forms: a type array with null, and one-element arrays as real plans write them.
  {
    arbitrary: fc
      .constantFrom<Json>(
        ['string', 'null'],
        ['integer', 'null'],
        ['number', 'string'],
        ['boolean'],
        ['string'],
      )
      .map((type) => ({ type })),
    weight: 2,
  },
);

/** The references a payload may use; `d0` is a plain schema, `d1` a recursive linked node. */
const REFS = ['#/definitions/d0', '#/definitions/d1'];

function objectOf(child: fc.Arbitrary<Json>, closedOnly = false): fc.Arbitrary<Json> {
  return fc
    .uniqueArray(fc.tuple(fc.constantFrom(...NAMES), child), {
      minLength: 0,
      maxLength: 3,
      selector: ([name]) => name,
    })
    .chain((props) =>
      fc.record({
        properties: fc.constant(Object.fromEntries(props) as Json),
        required: fc.subarray(props.map(([n]) => n)),
        // Rarely, a required key that has no schema of its own (any value, but it must be there).
        extraRequired: fc.constantFrom<string[]>([], [], [], [], ['req-only']),
        additionalProperties: closedOnly
          ? fc.constant(undefined)
          : fc.oneof(
              { arbitrary: fc.constant(undefined), weight: 4 },
              { arbitrary: fc.constant<Json>(false), weight: 2 },
              { arbitrary: fc.constant<Json>(true), weight: 1 },
              { arbitrary: leaf, weight: 1 },
            ),
      }),
    )
    .map(({ properties, required, extraRequired, additionalProperties }) =>
      clean({
        type: 'object',
        properties,
        // A required key with no schema: any value beside an absent or `true` additionalProperties,
        // the additionalProperties schema's type, or unsatisfiable beside `false`.
        required: ((r) => (r.length > 0 ? r : undefined))([...required, ...extraRequired]),
        additionalProperties,
      }),
    );
}

const { schema } = fc.letrec<{ schema: Json; node: Json }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, maxDepth: 2 },
    { arbitrary: leaf, weight: 6 },
    { arbitrary: tie('node'), weight: 4 },
  ),
  node: fc.oneof(
    { arbitrary: objectOf(tie('schema')), weight: 4 },
    {
      arbitrary: fc
        .record({
          items: tie('schema'),
          minItems: maybe(fc.constantFrom(1, 2)),
          maxItems: maybe(fc.constantFrom(3)),
          uniqueItems: maybe(fc.constant(true)),
        })
        .map((a) => clean({ type: 'array', ...a })),
      weight: 2,
    },
    {
      // Draft-07 tuples: `items` as an array, extra elements per `additionalItems`.
      arbitrary: fc
        .record({
          items: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }),
          additionalItems: fc.constantFrom<Json | undefined>(undefined, false, { type: 'string' }),
          minItems: maybe(fc.constantFrom(1, 2)),
        })
        .map((t) => clean({ type: 'array', ...t })),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(
          fc.constantFrom('anyOf', 'oneOf'),
          fc.array(tie('schema'), { minLength: 2, maxLength: 3 }),
        )
        .map(([k, parts]) => ({ [k]: parts })),
      weight: 2,
    },
    {
      // Discriminated object unions, the shape where peers merged members into one loose object.
      arbitrary: fc
        .tuple(objectOf(leaf, true), objectOf(leaf, true), fc.constantFrom('anyOf', 'oneOf'))
        .map(([p, q, k]) => ({
          [k]: [withTag(p, 'a'), withTag(q, 'b')],
        })),
      weight: 1,
    },
    {
      // allOf over plain objects (no additionalProperties of their own), one part possibly a $ref.
      arbitrary: fc
        .tuple(
          objectOf(leaf, true),
          fc.oneof(objectOf(leaf, true), fc.constant<Json>({ $ref: '#/definitions/part' })),
        )
        .map((parts) => ({ allOf: parts })),
      weight: 1,
    },
    { arbitrary: fc.constantFrom<Json>(...REFS.map(($ref) => ({ $ref }))), weight: 2 },
  ),
}));

function withTag(object: Json, tag: string): Json {
  const o = object as Obj;
  const properties = { ...(o.properties as Obj), kind: { const: tag } };
  return { ...o, properties, required: [...((o.required as string[] | undefined) ?? []), 'kind'] };
}

/**
 * `d1` is recursive through an optional key. `part` is a plain object only ever used as an allOf
 * part (a definition used both ways is a fixture of its own).
 */
const definitions = fc.tuple(objectOf(leaf), objectOf(leaf, true)).chain(([d0, part]) =>
  leaf.map((value) => ({
    d0,
    part,
    d1: {
      type: 'object',
      properties: { value, next: { anyOf: [{ $ref: REFS[1]! }, { type: 'null' }] } },
      required: ['value'],
    } as Json,
  })),
);

/** Arbitrary payload schemas: an object at the root, as every track payload is. */
export const genSchema: fc.Arbitrary<GenSchema> = fc
  .tuple(objectOf(schema), definitions)
  .map(([payload, defs]) => ({ payload, definitions: defs }));
