import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, normalizePlan, ruleData } from '../../src/ir/index.js';
import type { Ir, IrNode, IrRule } from '../../src/ir/types.js';
import type { Json, Rule } from '../../src/plan/types.js';
import { codes, deepFreeze, loadedPlan, normalizeProps, PROPS, trackRule } from '../support/ir.js';

/** A plan exercising most keywords, refs and recursion. */
function richRules(): Rule[] {
  return [
    trackRule('Order Completed', {
      type: 'object',
      properties: {
        sku: { type: ['string', 'null'], enum: ['a', 'b', null] },
        items: { type: 'array', items: { $ref: '#/definitions/Item' } },
        pay: {
          oneOf: [
            { type: 'object', properties: { k: { const: 'card' } }, required: ['k'] },
            { type: 'object', properties: { k: { const: 'cash' } }, required: ['k'] },
          ],
        },
        both: {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } } },
            { type: 'object', properties: { b: { type: 'number' } } },
          ],
        },
        when: { type: 'string', format: 'date-time', not: { const: '' } },
        meta: { type: 'object', additionalProperties: { type: 'string' } },
        loose: {},
      },
      required: ['sku'],
    }),
    {
      type: 'IDENTIFY',
      key: null,
      version: 1,
      jsonSchema: {
        labels: { team: 'x' },
        definitions: {
          Tree: {
            type: 'object',
            properties: { kids: { type: 'array', items: { $ref: '#/definitions/Tree' } } },
          },
        },
        properties: {
          traits: { type: 'object', properties: { tree: { $ref: '#/definitions/Tree' } } },
        },
      },
    },
    {
      type: 'COMMON',
      key: null,
      version: 1,
      jsonSchema: { type: 'object', properties: { context: {}, userId: { type: ['any'] } } },
    },
  ].map((r, i) =>
    i === 0
      ? {
          ...r,
          jsonSchema: {
            ...(r.jsonSchema as object),
            definitions: { Item: { type: 'object', properties: { id: { type: 'integer' } } } },
          },
        }
      : r,
  ) as Rule[];
}

describe('plain data, no mutation, determinism', () => {
  it('never mutates a deep-frozen plan and keeps each rule schema as the same object', () => {
    const loaded = deepFreeze(loadedPlan(richRules()));
    const before = structuredClone(loaded);
    const ir = normalizePlan(loaded);
    expect(loaded).toEqual(before);
    const byKey = new Map(loaded.plan.rules.map((r) => [r.type + r.key, r.jsonSchema]));
    for (const rule of ir.rules) expect(rule.schema).toBe(byKey.get(rule.type + rule.key));
  });

  it('round-trips through JSON unchanged', () => {
    const ir = normalizePlan(loadedPlan(richRules()));
    const data = { ...ir, rules: ir.rules.map(ruleData) };
    expect(JSON.parse(JSON.stringify(data))).toStrictEqual(data);
    // Reading a field runs no code: every own property is a plain value but the explicit `body`.
    for (const rule of ir.rules)
      for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(rule)))
        expect([key, 'value' in descriptor]).toEqual([key, true]);
    expect(ir.rules.map((r) => Object.keys(r.body().definitions))).toEqual([
      ['/definitions/Item'],
      ['/definitions/Tree'],
      [],
    ]);
  });

  it('gives the same IR for the same plan', () => {
    const data = (ir: Ir) => JSON.stringify(ir.rules.map(ruleData));
    expect(data(normalizePlan(loadedPlan(richRules())))).toBe(
      data(normalizePlan(loadedPlan(richRules()))),
    );
  });
});

describe('plan hash', () => {
  /** Rebuilds a JSON value with every object's keys in reverse order. */
  const reverseKeys = (value: Json): Json =>
    Array.isArray(value)
      ? value.map(reverseKeys)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .reverse()
              .map((k) => [k, reverseKeys(value[k] as Json)]),
          )
        : value;

  it('is a sha256 hex digest', () => {
    expect(normalizePlan(loadedPlan(richRules())).plan).toMatchObject({
      id: 'tp_test',
      name: 'Test',
      slug: 'test',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
    });
  });

  it('ignores key order and rule order in the file', () => {
    const base = normalizePlan(loadedPlan(richRules())).plan.hash;
    const shuffled = loadedPlan(
      richRules()
        .reverse()
        .map((r) => reverseKeys(r as unknown as Json) as unknown as Rule),
    );
    expect(normalizePlan(shuffled).plan.hash).toBe(base);
  });

  it('changes when the content changes', () => {
    const base = normalizePlan(loadedPlan(richRules())).plan.hash;
    const rules = richRules();
    rules[0] = { ...(rules[0] as Rule), version: 2 };
    expect(normalizePlan(loadedPlan(rules)).plan.hash).not.toBe(base);
  });

  it('canonical JSON sorts keys at every level and survives deep nesting', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
    let deep: Json = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(canonicalJson(deep)).toHaveLength(40_001);
  });

  it('canonical JSON writes every scalar as JSON.stringify does, by either serializer', () => {
    // Reference: JSON.stringify over a copy whose objects have their keys inserted in sorted order.
    const sorted = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(sorted);
      if (typeof value !== 'object' || value === null) return value;
      const record = value as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .map((k) => [k, sorted(record[k])]),
      );
    };
    const scalars: unknown[] = [
      'plain',
      '',
      'quote " and \\ backslash',
      "single ' quote",
      'tab\tnew\nline\u0000nul\u001f',
      '\u2028\u2029',
      'emoji \ud83d\ude00 pair',
      'lone \ud800 high',
      'lone \udc00 low',
      '\u007f del',
      0,
      -0,
      1e21,
      -1.5e-7,
      Number.MAX_SAFE_INTEGER,
      NaN,
      Infinity,
      true,
      false,
      null,
    ];
    const value = {
      z: scalars,
      a: { é: 1, e: 2, E: 3, '\ud83d\ude00': 4, '"k"': 5, skipped: undefined },
      m: [undefined, { y: 1, x: [2, undefined] }],
    };
    expect(canonicalJson(value)).toBe(JSON.stringify(sorted(value)));
    for (const scalar of scalars) expect(canonicalJson(scalar)).toBe(JSON.stringify(scalar));
    // Past the recursive serializer's depth the stack-safe one takes over: same text.
    let deep: unknown = value;
    for (let i = 0; i < 1_500; i++) deep = { next: deep, s: scalars };
    expect(canonicalJson(deep)).toBe(JSON.stringify(sorted(deep)));
  });
});

describe('hostile plans', () => {
  /** `levels` nested object schemas, each holding the next as property `n`. */
  function nested(levels: number): Json {
    let schema: Json = { type: 'string' };
    for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { n: schema } };
    return schema;
  }
  /** How many `object` levels the payload really has. */
  function objectDepth(node: IrNode): number {
    let depth = 0;
    for (let at: IrNode | undefined = node; at?.kind === 'object'; at = at.properties[0]?.type)
      depth++;
    return depth;
  }

  it('normalizes 100 levels without complaint', () => {
    const { payload, diagnostics } = normalizeProps(nested(100));
    expect(diagnostics).toEqual([]);
    expect(objectDepth(payload)).toBe(100);
  });

  it('stops at the depth limit with one error instead of overflowing the stack', () => {
    const { payload, diagnostics } = normalizeProps(nested(50_000));
    expect(codes(diagnostics).map(([code]) => code)).toEqual(['schema-too-deep']);
    expect(objectDepth(payload)).toBe(128);
  });

  it('stops recursion through deep ref chains too', () => {
    const definitions: Record<string, Json> = {};
    for (let i = 0; i < 5_000; i++) definitions[`D${i}`] = { $ref: `#/definitions/D${i + 1}` };
    const ir = normalizePlan(
      loadedPlan([
        {
          type: 'TRACK',
          key: 'Chain',
          version: 1,
          jsonSchema: { definitions, properties: { properties: { $ref: '#/definitions/D0' } } },
        },
      ]),
    );
    expect(ir.diagnostics.map((d) => d.code)).toContain('schema-too-deep');
  });

  it('does not expand shared definitions exponentially when merging allOf', () => {
    const definitions: Record<string, Json> = {
      D0: { type: 'object', properties: { x: { type: 'string' } } },
    };
    for (let i = 1; i <= 40; i++) {
      const prev = { $ref: `#/definitions/D${i - 1}` };
      definitions[`D${i}`] = { type: 'object', properties: { a: prev, b: prev } };
    }
    const top = { $ref: '#/definitions/D40' };
    const ir = normalizePlan(
      loadedPlan([
        {
          type: 'TRACK',
          key: 'Dag',
          version: 1,
          jsonSchema: {
            definitions,
            properties: {
              properties: { allOf: [top, top, { type: 'object', properties: { a: top } }] },
            },
          },
        },
      ]),
    );
    expect(ir.rules[0]?.body().payload).toMatchObject({
      kind: 'object',
      properties: [
        { name: 'a', type: { kind: 'intersection' } },
        { name: 'b', type: { kind: 'ref' } },
      ],
    });
    expect(Object.keys(ir.rules[0]?.body().definitions ?? {})).toHaveLength(41);
  });

  it('handles 10,000 properties in one object', () => {
    const properties: Record<string, Json> = {};
    const required: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      properties[`p${i}`] = { type: 'string' };
      if (i % 2 === 0) required.push(`p${i}`);
    }
    const { payload } = normalizeProps({ type: 'object', properties, required });
    expect(payload.kind === 'object' && payload.properties.length).toBe(10_000);
    expect(payload.kind === 'object' && payload.properties.filter((p) => p.required).length).toBe(
      5_000,
    );
  });

  it('handles a 100,000-value enum, removing duplicates', () => {
    const values: Json[] = [];
    for (let i = 0; i < 100_000; i++) values.push(`v${i % 50_000}`);
    const { payload } = normalizeProps({ type: 'object', properties: { e: { enum: values } } });
    const e = payload.kind === 'object' ? payload.properties[0]?.type : undefined;
    expect(e?.kind === 'union' && e.members.length).toBe(50_000);
  });

  it('never throws for arbitrary JSON as a schema, and always yields a payload', () => {
    const keyword = fc.constantFrom(
      'type',
      'enum',
      'const',
      '$ref',
      'properties',
      'required',
      'items',
      'allOf',
      'anyOf',
      'oneOf',
      'not',
      'additionalProperties',
      'minimum',
      'exclusiveMinimum',
      'pattern',
      'definitions',
      'a',
    );
    const { schema } = fc.letrec((tie) => ({
      schema: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.dictionary(keyword, tie('schema'), { maxKeys: 4 }),
        fc.array(tie('schema'), { maxLength: 3 }),
      ),
    }));
    fc.assert(
      fc.property(schema, (s) => {
        const ir = normalizePlan(
          deepFreeze(
            loadedPlan([
              trackRule('F', s as Json),
              { type: 'COMMON', key: null, version: 1, jsonSchema: s as Json },
            ]),
          ),
        );
        expect(ir.rules.every((r: IrRule) => typeof r.body().payload.kind === 'string')).toBe(true);
        expect(ir.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
        expect(ir.diagnostics.every((d) => d.pointer?.startsWith('/rules/'))).toBe(true);
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });

  it('puts every node pointer inside the plan file', () => {
    const { payload } = normalizeProps({
      type: 'object',
      properties: { a: { type: 'array', items: { enum: ['x', 'y'] } } },
    });
    const pointers: string[] = [];
    JSON.stringify(payload, (key, value: unknown) => {
      if (key === 'pointer') pointers.push(value as string);
      return value;
    });
    expect(pointers.length).toBeGreaterThan(4);
    expect(pointers.every((p) => p.startsWith(PROPS))).toBe(true);
  });
});
