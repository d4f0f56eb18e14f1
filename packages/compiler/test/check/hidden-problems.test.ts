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
    jsonSchema: { properties: { properties: { properties: Record<string, unknown> } } };
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
