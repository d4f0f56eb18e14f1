import { describe, expect, it } from 'vitest';
import { normalizePlan } from '../../src/ir/index.js';
import type { IrRule } from '../../src/ir/types.js';
import type { Json, Rule, RuleType } from '../../src/plan/types.js';
import { codes, FILE, loadedPlan, trackRule } from '../support/ir.js';

const rule = (
  type: RuleType,
  key: string | null,
  version: number,
  jsonSchema: Json = {},
): Rule => ({ type, key, version, jsonSchema });
const order = (rules: readonly IrRule[]) => rules.map((r) => [r.type, r.key, r.version, r.latest]);

describe('rule order and versions', () => {
  const cases: [string, { given: Rule[]; want: (string | number | boolean | null)[][] }][] = [
    [
      'type order, then key with null first, then version',
      {
        given: [
          rule('COMMON', null, 1),
          rule('SCREEN', 'Home', 1),
          rule('TRACK', 'b', 1),
          rule('PAGE', null, 1),
          rule('PAGE', 'Docs', 1),
          rule('GROUP', null, 1),
          rule('IDENTIFY', null, 1),
          rule('TRACK', 'a', 1),
        ],
        want: [
          ['TRACK', 'a', 1, true],
          ['TRACK', 'b', 1, true],
          ['IDENTIFY', null, 1, true],
          ['GROUP', null, 1, true],
          ['PAGE', null, 1, true],
          ['PAGE', 'Docs', 1, true],
          ['SCREEN', 'Home', 1, true],
          ['COMMON', null, 1, true],
        ],
      },
    ],
    [
      'keys by code unit, not locale (uppercase before lowercase, é after z)',
      {
        given: [
          rule('TRACK', 'é', 1),
          rule('TRACK', 'a', 1),
          rule('TRACK', 'Z', 1),
          rule('TRACK', 'z', 1),
        ],
        want: [
          ['TRACK', 'Z', 1, true],
          ['TRACK', 'a', 1, true],
          ['TRACK', 'z', 1, true],
          ['TRACK', 'é', 1, true],
        ],
      },
    ],
    [
      'every version kept, only the highest is latest',
      {
        given: [rule('TRACK', 'x', 3), rule('TRACK', 'x', 1), rule('TRACK', 'x', 2)],
        want: [
          ['TRACK', 'x', 1, false],
          ['TRACK', 'x', 2, false],
          ['TRACK', 'x', 3, true],
        ],
      },
    ],
    ['a plan with no rules', { given: [], want: [] }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(order(normalizePlan(loadedPlan(given)).rules)).toEqual(want);
  });

  it('keeps each rule with its own file and pointer after sorting', () => {
    const ir = normalizePlan(loadedPlan([rule('TRACK', 'b', 1), rule('TRACK', 'a', 1)]));
    expect(ir.rules.map((r) => [r.key, r.pointer, r.file])).toEqual([
      ['a', '/rules/1/jsonSchema', FILE],
      ['b', '/rules/0/jsonSchema', FILE],
    ]);
  });
});

describe('payload per rule type', () => {
  const props = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
  const cases: [string, { given: Rule; want: object; required: boolean }][] = [
    [
      'TRACK properties',
      {
        given: trackRule('E', props),
        want: {
          kind: 'object',
          pointer: '/rules/0/jsonSchema/properties/properties',
          properties: [{ name: 'a', required: true }],
        },
        required: true,
      },
    ],
    [
      'PAGE properties',
      {
        given: rule('PAGE', 'Home', 1, { properties: { properties: props } }),
        want: { properties: [{ name: 'a' }] },
        required: false,
      },
    ],
    [
      'SCREEN properties',
      {
        given: rule('SCREEN', 'Home', 1, {
          properties: { properties: props },
          required: ['properties'],
        }),
        want: { properties: [{ name: 'a' }] },
        required: true,
      },
    ],
    [
      'IDENTIFY traits',
      {
        given: rule('IDENTIFY', null, 1, { properties: { traits: props }, required: ['traits'] }),
        want: { pointer: '/rules/0/jsonSchema/properties/traits', properties: [{ name: 'a' }] },
        required: true,
      },
    ],
    [
      'GROUP traits',
      {
        given: rule('GROUP', null, 1, { properties: { traits: props } }),
        want: { properties: [{ name: 'a' }] },
        required: false,
      },
    ],
    [
      'COMMON is the whole message',
      {
        given: rule('COMMON', null, 1, {
          type: 'object',
          properties: { context: {}, traits: {}, userId: { type: 'string' } },
          required: ['userId'],
        }),
        want: {
          pointer: '/rules/0/jsonSchema',
          properties: [{ name: 'context' }, { name: 'traits' }, { name: 'userId', required: true }],
        },
        required: true,
      },
    ],
    [
      'missing payload is an open object',
      {
        given: rule('TRACK', 'Bare', 1, { type: 'object', properties: {} }),
        want: {
          kind: 'object',
          properties: [],
          additionalProperties: { kind: 'unknown' },
          additionalPropertiesImplicit: true,
        },
        required: false,
      },
    ],
    [
      'untyped payload {} is an open object',
      {
        given: trackRule('Untyped', { description: 'd' }),
        want: {
          kind: 'object',
          properties: [],
          additionalPropertiesImplicit: true,
          description: 'd',
        },
        required: true,
      },
    ],
    [
      'empty schema is an open object',
      {
        given: rule('TRACK', 'Empty', 1, {}),
        want: { kind: 'object', properties: [], additionalPropertiesImplicit: true },
        required: false,
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, required }) => {
    const ir = normalizePlan(loadedPlan([given]));
    expect(ir.diagnostics).toEqual([]);
    expect(ir.rules[0]?.body().payload).toMatchObject(want);
    expect(ir.rules[0]?.body().payloadRequired).toBe(required);
  });

  it('reports a rule schema that is not an object, and still gives an open payload', () => {
    const ir = normalizePlan(loadedPlan([rule('TRACK', 'Bad', 1, 'nope')]));
    expect(codes(ir.diagnostics)).toEqual([
      ['invalid-keyword-value', 'error', '/rules/0/jsonSchema'],
    ]);
    expect(ir.rules[0]?.body().payload).toMatchObject({ kind: 'object', properties: [] });
  });
});

describe('rule metadata', () => {
  const cases: [
    string,
    { given: Rule; want: Partial<IrRule>; diagnostics?: [string, string, string][] },
  ][] = [
    [
      'labels, description, examples',
      {
        given: {
          ...trackRule('E', {}),
          jsonSchema: { labels: { team: 'growth' }, description: 'Checkout done', examples: [{}] },
        },
        want: {
          labels: { team: 'growth' },
          description: 'Checkout done',
          examples: [{}],
          deprecated: false,
        },
      },
    ],
    [
      'deprecatedAt',
      {
        given: trackRule('E', {}, 1, { deprecatedAt: '2024-01-01T00:00:00Z' }),
        want: { deprecated: true },
      },
    ],
    [
      'deprecatedAt null',
      { given: trackRule('E', {}, 1, { deprecatedAt: null }), want: { deprecated: false } },
    ],
    [
      'deprecated: true in the schema',
      { given: rule('TRACK', 'E', 1, { deprecated: true }), want: { deprecated: true } },
    ],
    [
      'non-string label',
      {
        given: rule('TRACK', 'E', 1, { labels: { a: 'x', n: 1 } }),
        want: { labels: { a: 'x' } },
        diagnostics: [['invalid-keyword-value', 'error', '/rules/0/jsonSchema/labels/n']],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want, diagnostics = [] }) => {
    const ir = normalizePlan(loadedPlan([given]));
    expect(ir.rules[0]).toMatchObject(want);
    expect(codes(ir.diagnostics)).toEqual(diagnostics);
  });

  it('keeps a __proto__ label as a label', () => {
    const jsonSchema = JSON.parse('{"labels":{"__proto__":"x"}}') as Json;
    const labels =
      normalizePlan(loadedPlan([rule('TRACK', 'E', 1, jsonSchema)])).rules[0]?.labels ?? {};
    expect(Object.keys(labels)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
  });
});

describe('diagnostics carry file, rule and pointer', () => {
  it('names the file, the rule and the pointer into the file', () => {
    const ir = normalizePlan(
      loadedPlan([
        rule('TRACK', 'x', 1),
        trackRule('Order Completed', { type: 'object', properties: { sku: { enum: [] } } }, 2),
      ]),
    );
    expect(ir.diagnostics).toEqual([
      {
        code: 'empty-enum',
        severity: 'error',
        message: expect.stringContaining('enum: []') as string,
        file: FILE,
        rule: { type: 'TRACK', key: 'Order Completed', version: 2 },
        pointer: '/rules/1/jsonSchema/properties/properties/properties/sku/enum',
      },
    ]);
  });

  it('does not warn about the root-level context/traits placeholders', () => {
    const ir = normalizePlan(
      loadedPlan([
        rule('COMMON', null, 1, {
          type: 'object',
          properties: { context: {}, traits: {}, properties: {}, userId: {} },
        }),
      ]),
    );
    expect(codes(ir.diagnostics)).toEqual([
      ['untyped', 'warning', '/rules/0/jsonSchema/properties/userId'],
    ]);
  });

  it('maps hoisted Typewriter pointers onto the rule itself', () => {
    const hoisted = trackRule('E', { type: 'object', properties: { q: { type: 'any' } } });
    const ir = normalizePlan(
      loadedPlan([hoisted], [{ file: 'tw/plan.json', pointer: '/events/4', hoisted: true }]),
    );
    expect(codes(ir.diagnostics)).toEqual([['any-type', 'warning', '/events/4/properties/q/type']]);
    expect(ir.diagnostics[0]?.file).toBe('tw/plan.json');
  });
});
