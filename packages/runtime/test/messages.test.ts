import { describe, expect, it } from 'vitest';
import { formatViolation, toViolationErrors, type ViolationError } from '../src/index.js';
import { errorsFor } from './support/ajv.js';

/** One line per error, as formatViolation prints them: `pointer: message (keyword)`. */
function lines(schema: object, payload: unknown): string[] {
  return toViolationErrors(errorsFor(schema, payload), payload).map(
    (e) => `${e.pointer}: ${e.message} (${e.keyword})`,
  );
}

const obj = (properties: object, extra: object = {}) => ({ type: 'object', properties, ...extra });

const cases: [string, { schema: object; payload: unknown; want: string[] }][] = [
  [
    'required names the missing property',
    {
      schema: obj({ a: {} }, { required: ['email'] }),
      payload: {},
      want: ['/email: is missing (required)'],
    },
  ],
  [
    'required escapes ~ and / in the pointer',
    {
      schema: obj({}, { required: ['a/b~c'] }),
      payload: {},
      want: ['/a~1b~0c: is missing (required)'],
    },
  ],
  [
    'dependencies names the missing property',
    {
      schema: obj({}, { dependencies: { card: ['cvv'] } }),
      payload: { card: '4242' },
      want: ['/cvv: is missing (dependencies)'],
    },
  ],
  [
    'type gives expected and received type',
    {
      schema: obj({ price: { type: 'number' } }),
      payload: { price: '12' },
      want: ['/price: must be number, got string "12" (type)'],
    },
  ],
  [
    'type lists a union and names containers',
    {
      schema: obj({ a: { type: ['string', 'null'] } }),
      payload: { a: [1] },
      want: ['/a: must be string or null, got [1] (type)'],
    },
  ],
  [
    'type on integer',
    {
      schema: obj({ n: { type: 'integer' } }),
      payload: { n: 1.5 },
      want: ['/n: must be integer, got number 1.5 (type)'],
    },
  ],
  [
    'type null received',
    {
      schema: obj({ s: { type: 'string' } }),
      payload: { s: null },
      want: ['/s: must be string, got null (type)'],
    },
  ],
  [
    'enum lists allowed values as JSON',
    {
      schema: obj({ m: { enum: ['card', 'cash', 2, null] } }),
      payload: { m: 'cheque' },
      want: ['/m: must be one of "card", "cash", 2, null, got "cheque" (enum)'],
    },
  ],
  [
    'const',
    {
      schema: obj({ v: { const: 'v2' } }),
      payload: { v: 'v1' },
      want: ['/v: must be "v2", got "v1" (const)'],
    },
  ],
  [
    'additionalProperties points at the extra key',
    {
      schema: obj({ a: {} }, { additionalProperties: false }),
      payload: { a: 1, coupon: 'X' },
      want: ['/coupon: unplanned property (additionalProperties)'],
    },
  ],
  [
    'format',
    {
      schema: obj({ at: { type: 'string', format: 'date-time' } }),
      payload: { at: 'yesterday' },
      want: ['/at: must be a valid date-time, got "yesterday" (format)'],
    },
  ],
  [
    'pattern inside an array',
    {
      schema: obj({
        products: { type: 'array', items: obj({ sku: { type: 'string', pattern: '^[A-Z]+$' } }) },
      }),
      payload: { products: [{ sku: 'ab1' }] },
      want: ['/products/0/sku: must match pattern "^[A-Z]+$", got "ab1" (pattern)'],
    },
  ],
  [
    'minLength counts code points',
    {
      schema: obj({ s: { type: 'string', minLength: 3 } }),
      payload: { s: '😀😀' },
      want: ['/s: length must be >= 3, got "😀😀" (minLength)'],
    },
  ],
  [
    'maxLength',
    {
      schema: obj({ s: { maxLength: 2 } }),
      payload: { s: 'abc' },
      want: ['/s: length must be <= 2, got "abc" (maxLength)'],
    },
  ],
  [
    'minItems',
    {
      schema: obj({ l: { minItems: 1 } }),
      payload: { l: [] },
      want: ['/l: item count must be >= 1, got [] (minItems)'],
    },
  ],
  [
    'maxItems',
    {
      schema: obj({ l: { maxItems: 1 } }),
      payload: { l: [1, 2] },
      want: ['/l: item count must be <= 1, got [1,2] (maxItems)'],
    },
  ],
  [
    'minProperties',
    {
      schema: obj({ o: { minProperties: 2 } }),
      payload: { o: { a: 1 } },
      want: ['/o: property count must be >= 2, got {"a":1} (minProperties)'],
    },
  ],
  [
    'maxProperties on the root',
    {
      schema: { maxProperties: 0 },
      payload: { a: 1 },
      want: [': property count must be <= 0, got {"a":1} (maxProperties)'],
    },
  ],
  [
    'minimum',
    {
      schema: obj({ n: { minimum: 0 } }),
      payload: { n: -1 },
      want: ['/n: must be >= 0, got -1 (minimum)'],
    },
  ],
  [
    'maximum',
    {
      schema: obj({ n: { maximum: 10 } }),
      payload: { n: 11 },
      want: ['/n: must be <= 10, got 11 (maximum)'],
    },
  ],
  [
    'exclusiveMinimum',
    {
      schema: obj({ n: { exclusiveMinimum: 0 } }),
      payload: { n: 0 },
      want: ['/n: must be > 0, got 0 (exclusiveMinimum)'],
    },
  ],
  [
    'exclusiveMaximum',
    {
      schema: obj({ n: { exclusiveMaximum: 1 } }),
      payload: { n: 1 },
      want: ['/n: must be < 1, got 1 (exclusiveMaximum)'],
    },
  ],
  [
    'multipleOf',
    {
      schema: obj({ n: { multipleOf: 0.5 } }),
      payload: { n: 0.3 },
      want: ['/n: must be a multiple of 0.5, got 0.3 (multipleOf)'],
    },
  ],
  [
    'uniqueItems names both indexes',
    {
      schema: obj({ l: { uniqueItems: true } }),
      payload: { l: [1, { a: 1 }, { a: 1 }] },
      want: [
        '/l: must have unique items (1 and 2 are equal), got [1,{"a":1},{"a":1}] (uniqueItems)',
      ],
    },
  ],
  [
    'oneOf matching several',
    {
      schema: obj({ a: { oneOf: [{ type: 'number' }, { type: 'integer' }] } }),
      payload: { a: 1 },
      want: ['/a: must match exactly one schema, got 1 (oneOf)'],
    },
  ],
  [
    'anyOf reports branches then itself',
    {
      schema: obj({ a: { anyOf: [{ type: 'string' }, { type: 'number' }] } }),
      payload: { a: true },
      want: [
        '/a: must be string, got boolean true (type)',
        '/a: must be number, got boolean true (type)',
        '/a: must match at least one schema, got true (anyOf)',
      ],
    },
  ],
  [
    'unknown keywords fall back to a generic sentence',
    {
      schema: obj({ a: { not: { type: 'string' } } }),
      payload: { a: 'x' },
      want: ['/a: is invalid, got "x" (not)'],
    },
  ],
  [
    'long values are cut',
    {
      schema: obj({ s: { maxLength: 1 } }),
      payload: { s: 'x'.repeat(100) },
      want: [`/s: length must be <= 1, got "${'x'.repeat(56)}... (maxLength)`],
    },
  ],
];

describe('toViolationErrors', () => {
  it.each(cases)('%s', (_, { schema, payload, want }) => {
    expect(lines(schema, payload)).toEqual(want);
  });

  it('fills expected and received', () => {
    const payload = { products: [{ sku: 'ab1' }], extra: { deep: true } };
    const schema = obj(
      { products: { type: 'array', items: obj({ sku: { pattern: '^[A-Z]+$' } }) } },
      { additionalProperties: false, required: ['id'] },
    );
    const byKeyword = Object.fromEntries(
      toViolationErrors(errorsFor(schema, payload), payload).map((e) => [e.keyword, e]),
    );
    expect(byKeyword.pattern).toMatchObject({ expected: '^[A-Z]+$', received: 'ab1' });
    expect(byKeyword.additionalProperties).toMatchObject({
      pointer: '/extra',
      received: { deep: true },
    });
    expect(byKeyword.required?.received).toBeUndefined();
  });

  it('never throws on hostile values or params', () => {
    const payload = { big: 10n, self: {} as Record<string, unknown> };
    payload.self.self = payload.self;
    const errors = [
      { instancePath: '/big', schemaPath: '', keyword: 'type', params: { type: 'string' } },
      { instancePath: '/self', schemaPath: '', keyword: 'const', params: { allowedValue: 1 } },
      { instancePath: '/a/b/c', schemaPath: '', keyword: 'weird', params: {} },
      {
        instancePath: '/__proto__',
        schemaPath: '',
        keyword: 'required',
        params: { missingProperty: 'constructor' },
      },
    ];
    const got = toViolationErrors(errors, payload).map((e: ViolationError) => [
      e.pointer,
      e.message,
    ]);
    expect(got).toEqual([
      ['/big', 'must be string, got bigint 10'],
      ['/self', 'must be 1, got [object Object]'],
      ['/a/b/c', 'is invalid'],
      ['/__proto__/constructor', 'is missing'],
    ]);
  });
});

describe('formatViolation', () => {
  const errors = (schema: object, payload: unknown) =>
    toViolationErrors(errorsFor(schema, payload), payload);
  const schema = obj(
    { products: { type: 'array', items: obj({ sku: { type: 'string', pattern: '^[A-Z]+$' } }) } },
    { additionalProperties: false },
  );
  const payload = { products: [{ sku: 'ab1' }], coupon: 'X' };

  it.each([
    [
      'a named, versioned track event',
      { event: { type: 'track', name: 'Order Completed', version: 2 } as const },
      // Ajv checks additionalProperties before descending into properties.
      'Platen: "Order Completed" (track v2) does not match the tracking plan:\n  • /coupon: unplanned property (additionalProperties)\n  • /products/0/sku: must match pattern "^[A-Z]+$", got "ab1" (pattern)',
    ],
    [
      'an unnamed identify without version, root error',
      {
        event: { type: 'identify', name: null, version: 0 } as const,
        schema: { type: 'object' },
        payload: 'x',
      },
      'Platen: identify does not match the tracking plan:\n  • (root): must be object, got string "x" (type)',
    ],
    [
      'a name with quotes stays readable',
      {
        event: { type: 'page', name: 'Signed Up "Beta"', version: 0 } as const,
        schema: { type: 'object' },
        payload: 1,
      },
      'Platen: "Signed Up \\"Beta\\"" (page) does not match the tracking plan:\n  • (root): must be object, got number 1 (type)',
    ],
  ])('%s', (_, given, want) => {
    const s = 'schema' in given ? given.schema : schema;
    const p = 'payload' in given ? given.payload : payload;
    expect(formatViolation({ event: given.event, errors: errors(s, p), payload: p })).toBe(want);
  });
});
