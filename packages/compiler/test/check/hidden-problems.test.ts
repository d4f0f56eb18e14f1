/**
 * Issue 16, item 13: `check` reports every rule's problems, not only the first stage's. One rule
 * with an unknown rule type used to stop the schema stage for all rules.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/check.js';
import { REPO, tempDir } from '../support/helpers.js';

interface PlanJson {
  rules: {
    type: string;
    key: string;
    jsonSchema: {
      properties: {
        properties: {
          properties: Record<string, unknown>;
          required?: string[];
          additionalProperties?: boolean;
        };
      };
    };
  }[];
}

function examplePlan(): PlanJson {
  return JSON.parse(readFileSync(join(REPO, 'fixtures/example/plan.json'), 'utf8')) as PlanJson;
}

async function check(plan: unknown) {
  const dir = tempDir('hidden');
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan, null, 2));
  return (await checkPlan('plan.json', { cwd: dir })).diagnostics;
}

describe('check reports every rule', () => {
  it('a rule with "type": "TRACKK" no longer hides the others\' schema errors', async () => {
    const plan = examplePlan();
    plan.rules[0]!.type = 'TRACKK';
    plan.rules[1]!.jsonSchema.properties.properties.properties.zzz = { type: 'strin' };
    plan.rules[2]!.jsonSchema.properties.properties.properties.yyy = {
      $ref: '#/definitions/nope',
    };
    const found = (await check(plan)).map((d) => [d.code, d.pointer]);
    expect(found).toEqual([
      ['invalid-rule-type', '/rules/0/type'],
      ['invalid-type', '/rules/1/jsonSchema/properties/properties/properties/zzz/type'],
      ['unresolved-ref', '/rules/2/jsonSchema/properties/properties/properties/yyy/$ref'],
    ]);
  });
});

describe('required-undeclared', () => {
  it('"required": ["plna"] beside declared properties is a warning naming it', async () => {
    const plan = examplePlan();
    const payload = plan.rules[0]!.jsonSchema.properties.properties;
    delete payload.additionalProperties;
    payload.required = ['plna'];
    const found = await check(plan);
    expect(found.map((d) => [d.code, d.severity, d.pointer])).toEqual([
      ['required-undeclared', 'warning', '/rules/0/jsonSchema/properties/properties/required/0'],
    ]);
    expect(found[0]!.message).toContain('"plna"');
  });

  it('a declared required name, or one a pattern covers, is no warning', async () => {
    const plan = examplePlan();
    const payload = plan.rules[0]!.jsonSchema.properties.properties as Record<string, unknown>;
    delete payload.additionalProperties;
    payload.patternProperties = { '^x_': { type: 'string' } };
    payload.required = [
      Object.keys(plan.rules[0]!.jsonSchema.properties.properties.properties)[0],
      'x_a',
    ];
    expect(await check(plan)).toEqual([]);
  });
});

describe('name-collision', () => {
  it('"Signed Up" and "signed_up" → a warning naming both events and the functions chosen', async () => {
    const plan = examplePlan();
    const copy = (key: string) => ({ ...structuredClone(plan.rules[0]!), key });
    plan.rules.push(copy('Signed Up'), copy('signed_up'));
    const found = await check(plan);
    expect(found.map((d) => [d.code, d.severity, d.rule?.key])).toEqual([
      ['name-collision', 'warning', 'signed_up'],
    ]);
    expect(found[0]!.message).toContain('"Signed Up" → signedUp, "signed_up" → signedUp2');
  });

  it('versions of one event are no collision', async () => {
    // The example plan holds "Order Completed" v1 and v2.
    expect(await check(examplePlan())).toEqual([]);
  });
});
