import { describe, expect, it } from 'vitest';
import { normalizePlan } from '../../src/ir/index.js';
import type { IrRule } from '../../src/ir/types.js';
import type { Json, Rule } from '../../src/plan/types.js';
import { codes, loadedPlan, PROPS } from '../support/ir.js';

const ROOT = '/rules/0/jsonSchema';

/** A TRACK rule with `definitions` at the message root and `properties` as event properties. */
function ruleWith(properties: Json, definitions: Json = {}): Rule {
  return {
    type: 'TRACK',
    key: 'Ref Event',
    version: 1,
    jsonSchema: { type: 'object', definitions, properties: { properties } },
  };
}

function normalize(properties: Json, definitions?: Json) {
  const ir = normalizePlan(loadedPlan([ruleWith(properties, definitions)]));
  const rule = ir.rules[0] as IrRule;
  return { rule, payload: rule.body().payload, diagnostics: ir.diagnostics };
}

/** An event whose single property `p` is `{ $ref: ref }` (plus `extra` keywords). */
function refProperty(ref: string, definitions: Json, extra: object = {}) {
  return normalize({ type: 'object', properties: { p: { $ref: ref, ...extra } } }, definitions);
}

describe('$ref', () => {
  const address = { type: 'object', properties: { city: { type: 'string' } } };
  const P = PROPS + '/properties/p';
  const cases: [
    string,
    {
      ref: string;
      definitions: Json;
      target: string;
      nameHint: string;
      kind: string;
      recursive?: boolean;
    },
  ][] = [
    [
      'definitions',
      {
        ref: '#/definitions/Address',
        definitions: { Address: address },
        target: '/definitions/Address',
        nameHint: 'Address',
        kind: 'object',
      },
    ],
    [
      '$defs',
      { ref: '#/$defs/A', definitions: {}, target: '/$defs/A', nameHint: 'A', kind: 'string' },
    ],
    [
      'a property by pointer',
      {
        ref: '#/properties/properties/properties/q',
        definitions: {},
        target: '/properties/properties/properties/q',
        nameHint: 'q',
        kind: 'number',
      },
    ],
    [
      '~1 and ~0 escapes',
      {
        ref: '#/definitions/a~1b~0c',
        definitions: { 'a/b~c': { type: 'boolean' } },
        target: '/definitions/a~1b~0c',
        nameHint: 'a/b~c',
        kind: 'boolean',
      },
    ],
    [
      'percent-encoding',
      {
        ref: '#/definitions/Order%20Item',
        definitions: { 'Order Item': { type: 'integer' } },
        target: '/definitions/Order Item',
        nameHint: 'Order Item',
        kind: 'integer',
      },
    ],
    [
      'the whole schema',
      { ref: '#', definitions: {}, target: '', nameHint: 'Root', kind: 'object', recursive: true },
    ],
  ];
  it.each(cases)(
    'resolves %s',
    (_name, { ref, definitions, target, nameHint, kind, recursive = false }) => {
      const schema: Json = {
        type: 'object',
        definitions,
        $defs: { A: { type: 'string' } },
        properties: {
          properties: { type: 'object', properties: { p: { $ref: ref }, q: { type: 'number' } } },
        },
      };
      const ir = normalizePlan(
        loadedPlan([{ type: 'TRACK', key: 'E', version: 1, jsonSchema: schema }]),
      );
      const rule = ir.rules[0] as IrRule;
      expect(ir.diagnostics).toEqual([]);
      expect(rule.body().payload).toMatchObject({
        properties: [{ name: 'p', type: { kind: 'ref', target, pointer: P } }, { name: 'q' }],
      });
      expect(rule.body().definitions[target]).toMatchObject({
        target,
        nameHint,
        recursive,
        node: { kind, pointer: ROOT + target },
      });
      expect(Object.keys(rule.body().definitions)).toEqual([target]);
    },
  );

  it('normalizes a definition once however often it is referenced', () => {
    const { payload, rule } = normalize(
      {
        type: 'object',
        properties: { a: { $ref: '#/definitions/X' }, b: { $ref: '#/definitions/X' } },
      },
      { X: { type: 'string' } },
    );
    expect(payload).toMatchObject({
      properties: [
        { type: { kind: 'ref', target: '/definitions/X' } },
        { type: { kind: 'ref', target: '/definitions/X' } },
      ],
    });
    expect(Object.keys(rule.body().definitions)).toEqual(['/definitions/X']);
  });

  it('terminates on direct recursion and marks it', () => {
    const tree = {
      type: 'object',
      properties: { children: { type: 'array', items: { $ref: '#/definitions/Node' } } },
    };
    const { rule, diagnostics } = normalize({ $ref: '#/definitions/Node' }, { Node: tree });
    expect(diagnostics).toEqual([]);
    expect(rule.body().payload).toMatchObject({ kind: 'ref', target: '/definitions/Node' });
    expect(rule.body().definitions['/definitions/Node']).toMatchObject({
      recursive: true,
      node: {
        kind: 'object',
        properties: [
          {
            name: 'children',
            type: { kind: 'array', items: { kind: 'ref', target: '/definitions/Node' } },
          },
        ],
      },
    });
  });

  it('marks every definition on an indirect cycle, and only those', () => {
    const { rule } = normalize(
      {
        type: 'object',
        properties: { a: { $ref: '#/definitions/A' }, c: { $ref: '#/definitions/C' } },
      },
      {
        A: { type: 'object', properties: { b: { $ref: '#/definitions/B' } } },
        B: { type: 'object', properties: { a: { $ref: '#/definitions/A' } } },
        C: { type: 'string' },
      },
    );
    expect(
      Object.fromEntries(
        Object.values(rule.body().definitions).map((d) => [d.nameHint, d.recursive]),
      ),
    ).toEqual({ A: true, B: true, C: false });
  });

  it('terminates on a ref to itself', () => {
    const { rule } = normalize(
      { type: 'object', properties: { p: { $ref: '#/definitions/Self' } } },
      { Self: { $ref: '#/definitions/Self' } },
    );
    expect(rule.body().definitions['/definitions/Self']).toMatchObject({
      recursive: true,
      node: { kind: 'ref' },
    });
  });

  const errors: [string, { ref: string; code: string }][] = [
    [
      'remote http ref',
      { ref: 'http://example.com/schema.json#/definitions/A', code: 'remote-ref' },
    ],
    ['relative file ref', { ref: 'other.json#/definitions/A', code: 'remote-ref' }],
    ['ref to nothing', { ref: '#/definitions/Missing', code: 'unresolved-ref' }],
    ['anchor-style fragment', { ref: '#Address', code: 'unresolved-ref' }],
    ['broken percent-encoding', { ref: '#/definitions/%E0%A4%A', code: 'unresolved-ref' }],
    ['array index out of range', { ref: '#/definitions/List/5', code: 'unresolved-ref' }],
  ];
  it.each(errors)('%s is an error, typed unknown', (_name, { ref, code }) => {
    const { payload, diagnostics } = refProperty(ref, { List: [1, 2] });
    expect(payload).toMatchObject({ properties: [{ type: { kind: 'unknown', pointer: P } }] });
    expect(codes(diagnostics)).toEqual([[code, 'error', P + '/$ref']]);
  });

  it('ignores $ref siblings (draft-07) with an info, keeping documentation', () => {
    const { payload, diagnostics } = refProperty(
      '#/definitions/A',
      { A: { type: 'string' } },
      { type: 'number', maxLength: 2, description: 'why' },
    );
    expect(payload).toMatchObject({ properties: [{ type: { kind: 'ref', description: 'why' } }] });
    expect(codes(diagnostics)).toEqual([['ref-siblings-ignored', 'info', P]]);
    expect(diagnostics[0]?.message).toContain('`type`, `maxLength`');
  });

  it('merges allOf parts reached through $ref', () => {
    const { payload } = normalize(
      {
        allOf: [
          { $ref: '#/definitions/Base' },
          { type: 'object', properties: { extra: { type: 'string' } }, required: ['extra'] },
        ],
      },
      { Base: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
    );
    expect(payload).toMatchObject({
      kind: 'object',
      properties: [
        { name: 'id', required: true },
        { name: 'extra', required: true },
      ],
    });
  });

  it('finds a discriminator through $ref members', () => {
    const variant = (k: string) => ({
      type: 'object',
      properties: { type: { const: k } },
      required: ['type'],
    });
    const { payload } = normalize(
      { oneOf: [{ $ref: '#/definitions/A' }, { $ref: '#/definitions/B' }] },
      { A: variant('a'), B: variant('b') },
    );
    expect(payload).toMatchObject({ kind: 'union', discriminator: 'type' });
  });

  it('resolves hoisted Typewriter refs inside the hoisted part, with file pointers', () => {
    const rule: Rule = {
      type: 'TRACK',
      key: 'Hoisted',
      version: 1,
      jsonSchema: {
        type: 'object',
        properties: {
          properties: {
            type: 'object',
            definitions: { D: { type: 'string' } },
            properties: { p: { $ref: '#/definitions/D' } },
          },
        },
      },
    };
    const ir = normalizePlan(
      loadedPlan([rule], [{ file: 'plan.json', pointer: '/events/0', hoisted: true }]),
    );
    const result = ir.rules[0] as IrRule;
    expect(ir.diagnostics).toEqual([]);
    expect(result.body().definitions['/properties/properties/definitions/D']).toMatchObject({
      nameHint: 'D',
      node: { kind: 'string', pointer: '/events/0/definitions/D' },
    });
    expect(result.body().payload).toMatchObject({
      pointer: '/events/0',
      properties: [{ pointer: '/events/0/properties/p' }],
    });
  });
});
