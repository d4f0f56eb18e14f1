/** validatePlan: shape checks, the loosened draft-07 meta-schema, duplicates; every problem collected. */
import { describe, expect, it } from 'vitest';
import { parsePlanText, validatePlan } from '../../src/plan/index.js';

function check(rules: unknown[]) {
  const { loaded, diagnostics } = parsePlanText(JSON.stringify({ id: 'tp', rules }), 'plan.json');
  expect(diagnostics).toEqual([]);
  return validatePlan(loaded!).map((d) => ({
    code: d.code,
    severity: d.severity,
    pointer: d.pointer,
  }));
}

const track = (jsonSchema: unknown, extra: object = {}) => ({
  type: 'TRACK',
  key: 'E',
  version: 1,
  jsonSchema,
  ...extra,
});
const payload = (props: object) => ({
  type: 'object',
  properties: { properties: { type: 'object', properties: props } },
});
const P = '/rules/0/jsonSchema/properties/properties/properties';

describe('validatePlan accepts what real plans hold', () => {
  const cases: [string, { given: unknown[] }][] = [
    [
      'draft-04 id, $schema and boolean exclusiveMinimum',
      {
        given: [
          track({
            $schema: 'http://json-schema.org/draft-04/schema#',
            id: 'urn:x',
            ...payload({ n: { type: 'number', minimum: 0, exclusiveMinimum: true } }),
          }),
        ],
      },
    ],
    [
      'draft-06 $schema over https',
      { given: [track({ $schema: 'https://json-schema.org/draft-06/schema', type: 'object' })] },
    ],
    ['Segment labels', { given: [track({ labels: { team: 'growth' }, type: 'object' })] }],
    [
      'one-element type arrays and enum with null',
      { given: [track(payload({ c: { type: ['string'], enum: ['a', null] } }))] },
    ],
    [
      'type "any" and enum [] are left to the IR stage',
      { given: [track(payload({ a: { type: ['any'] }, e: { enum: [] } }))] },
    ],
    [
      'boolean schemas',
      { given: [track(true), { type: 'SCREEN', key: null, version: 1, jsonSchema: false }] },
    ],
    [
      'same key at versions 1, 2, 3',
      { given: [track({}), track({}, { version: 2 }), track({}, { version: 3 })] },
    ],
    ['same key under different types', { given: [track({}, { type: 'PAGE' }), track({})] }],
    [
      'PAGE without key, IDENTIFY with key null',
      {
        given: [
          { type: 'PAGE', version: 1, jsonSchema: {} },
          { type: 'IDENTIFY', key: null, version: 1, jsonSchema: {} },
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given }) => {
    expect(check(given)).toEqual([]);
  });
});

describe('validatePlan reports', () => {
  const cases: [
    string,
    { given: unknown[]; want: { code: string; severity: string; pointer: string }[] },
  ][] = [
    [
      'no rules (info)',
      { given: [], want: [{ code: 'empty-plan', severity: 'info', pointer: '/rules' }] },
    ],
    [
      'a key on IDENTIFY (warning)',
      {
        given: [{ type: 'IDENTIFY', key: 'me', version: 1, jsonSchema: {} }],
        want: [{ code: 'unexpected-key', severity: 'warning', pointer: '/rules/0/key' }],
      },
    ],
    [
      'an unknown $schema (warning)',
      {
        given: [track({ $schema: 'https://json-schema.org/draft/2020-12/schema' })],
        want: [
          {
            code: 'unsupported-schema-version',
            severity: 'warning',
            pointer: '/rules/0/jsonSchema/$schema',
          },
        ],
      },
    ],
    [
      'enum with duplicate values',
      {
        given: [track(payload({ c: { enum: ['a', 'a'] } }))],
        want: [{ code: 'invalid-schema', severity: 'error', pointer: `${P}/c/enum` }],
      },
    ],
    [
      'negative maxLength and non-integer minItems',
      {
        given: [track(payload({ s: { maxLength: -1 }, l: { minItems: 1.5 } }))],
        want: [
          { code: 'invalid-schema', severity: 'error', pointer: `${P}/s/maxLength` },
          { code: 'invalid-schema', severity: 'error', pointer: `${P}/l/minItems` },
        ],
      },
    ],
    [
      'pattern invalid under the u flag',
      {
        given: [track(payload({ s: { pattern: '\\-[' } }))],
        want: [{ code: 'invalid-schema', severity: 'error', pointer: `${P}/s/pattern` }],
      },
    ],
    [
      'invalid patternProperties key',
      {
        given: [track({ type: 'object', patternProperties: { '(': {} } })],
        want: [
          {
            code: 'invalid-schema',
            severity: 'error',
            pointer: '/rules/0/jsonSchema/patternProperties',
          },
        ],
      },
    ],
    [
      'a duplicate points at the second rule',
      {
        given: [track({}), track({}), track({})],
        want: [
          { code: 'duplicate-rule', severity: 'error', pointer: '/rules/1' },
          { code: 'duplicate-rule', severity: 'error', pointer: '/rules/2' },
        ],
      },
    ],
    [
      'every problem of one rule, not just the first',
      {
        given: [{ type: 'BOGUS', key: 7, version: '1', jsonSchema: 'x' }],
        want: [
          { code: 'invalid-rule-type', severity: 'error', pointer: '/rules/0/type' },
          { code: 'invalid-version', severity: 'error', pointer: '/rules/0/version' },
          { code: 'invalid-key', severity: 'error', pointer: '/rules/0/key' },
          { code: 'invalid-rule', severity: 'error', pointer: '/rules/0/jsonSchema' },
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    expect(check(given)).toEqual(want);
  });

  it('places each diagnostic on its line and column', () => {
    const text =
      '{\n  "id": "tp",\n  "rules": [\n    { "type": "TRACK", "key": "E", "version": 0, "jsonSchema": {} }\n  ]\n}\n';
    const { loaded } = parsePlanText(text, 'plan.json');
    expect(validatePlan(loaded!)).toEqual([
      expect.objectContaining({
        code: 'invalid-version',
        file: 'plan.json',
        line: 4,
        column: 47,
        rule: { type: 'TRACK', key: 'E', version: 0 },
      }),
    ]);
  });

  it('a schema nested past any sane depth is a diagnostic, not a crash', () => {
    const depth = 20_000;
    const deep = '{"not":'.repeat(depth) + '{}' + '}'.repeat(depth);
    const text = `{"id":"tp","rules":[{"type":"TRACK","key":"E","version":1,"jsonSchema":${deep}}]}`;
    const { loaded, diagnostics } = parsePlanText(text, 'plan.json');
    const all = [...diagnostics, ...(loaded ? validatePlan(loaded) : [])];
    expect(all.map((d) => d.code)).toEqual(['schema-too-deep']);
  });
});
