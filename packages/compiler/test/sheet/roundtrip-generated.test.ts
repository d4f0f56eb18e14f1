/**
 * Plan → sheet → plan on 2,000 schemas from the property-based generator (every keyword the IR knows,
 * `$ref`s, unions, tuples, nullable enums of every kind), the synthetic plans, and the hostile-name
 * plans: JSON-equal after sorting keys; sheet → plan → sheet gives the same cells.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { joinPointer } from '../../src/diagnostics/pointer.js';
import { isJsonObject } from '../../src/sheet/cells.js';
import { getAt, payloadPath } from '../../src/sheet/envelope.js';
import { planToSheet, sheetToPlan } from '../../src/sheet/index.js';
import { REPO } from '../support/helpers.js';
import { hostilePlan } from '../support/hostile-plan.js';
import { synthPlan } from '../support/synth.js';
import { generatedPlans } from './generated.js';
import { comparable } from './support.js';

function roundTrip(plan: Plan): void {
  const { workbook } = planToSheet(plan);
  const back = sheetToPlan(workbook, { file: 'plan.xlsx' });
  expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(comparable(back.plan!)).toBe(comparable(plan));
  expect(planToSheet(back.plan!).workbook).toEqual(workbook);
  // Lossless is not bought by writing rules verbatim: every top-level property has a row of its own.
  back.plan!.rules.forEach((rule, i) => {
    const at = joinPointer(`/rules/${i}/jsonSchema`, ...payloadPath(rule.type));
    const payload = getAt(rule.jsonSchema, payloadPath(rule.type));
    const props =
      isJsonObject(payload) && isJsonObject(payload.properties) ? payload.properties : {};
    for (const name of Object.keys(props))
      expect(
        back.places[joinPointer(at, 'properties', name)],
        `${rule.key}: ${name}`,
      ).toHaveProperty('row');
  });
}

const hostileFixtures = readdirSync(join(REPO, 'fixtures/hostile'))
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      [
        f,
        (JSON.parse(readFileSync(join(REPO, 'fixtures/hostile', f), 'utf8')) as { plan: Plan })
          .plan,
      ] as const,
  );

describe('sheet round trip on generated and hostile plans (workbook model)', () => {
  it('2,000 generated schemas over every rule type', () => {
    const plans = generatedPlans(2000, 100);
    expect(plans.flatMap((p) => p.rules)).toHaveLength(2000);
    for (const plan of plans) roundTrip(plan);
  }, 300_000);
  it('synthetic plans (nested objects, arrays of objects, formats, enums, labels)', () => {
    for (const seed of [1, 2, 3]) roundTrip(synthPlan({ events: 60, seed }));
  }, 120_000);
  it('hostile-name plans (quotes, separators, NUL, lone surrogates, prototype keys, 10,000-character names)', () => {
    for (const seed of [1, 2, 3, 4]) roundTrip(hostilePlan(seed, 80).loaded.plan);
  });
  for (const [name, plan] of hostileFixtures) it(`fixtures/hostile/${name}`, () => roundTrip(plan));
});
