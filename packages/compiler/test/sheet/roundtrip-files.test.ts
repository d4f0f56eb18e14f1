/**
 * Plan → .xlsx / .csv file → plan, through the real file adapters: every buildable fixture plan, 2,000
 * generated schemas, the synthetic and the hostile-name plans come back JSON-equal (a CSV holds the
 * rules only: it has no Instructions tab), and writing the plan read back gives the same bytes
 * (sheet → plan → sheet gives the same cells).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { planToSheet } from '../../src/sheet/index.js';
import { sheetFileBytes, type SheetFileKind } from '../../src/sheet-io/index.js';
import { REPO } from '../support/helpers.js';
import { hostilePlan } from '../support/hostile-plan.js';
import { synthPlan } from '../support/synth.js';
import { throughFile } from './files.js';
import { generatedPlans } from './generated.js';
import { buildableFixturePlans, comparable } from './support.js';

const KINDS: SheetFileKind[] = ['xlsx', 'csv'];

async function roundTrip(plan: Plan, kind: SheetFileKind): Promise<void> {
  const { bytes, back, readDiagnostics } = await throughFile(plan, kind);
  expect(readDiagnostics).toEqual([]);
  expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(comparable(back.plan!, kind === 'csv')).toBe(comparable(plan, kind === 'csv'));
  // The same cells: the plan read back writes the same file, byte for byte.
  const again = await sheetFileBytes(planToSheet(back.plan!).workbook, kind);
  expect(again.equals(bytes)).toBe(true);
}

const fixtures = await buildableFixturePlans();
const hostile = readdirSync(join(REPO, 'fixtures/hostile'))
  .filter((f) => f.endsWith('.json'))
  .map(
    (f) =>
      (JSON.parse(readFileSync(join(REPO, 'fixtures/hostile', f), 'utf8')) as { plan: Plan }).plan,
  );

for (const kind of KINDS) {
  describe(`sheet round trip through .${kind} files`, () => {
    it(`every buildable fixture plan (${fixtures.length})`, async () => {
      expect(fixtures.length).toBeGreaterThan(10);
      for (const { plan } of fixtures) await roundTrip(plan, kind);
    }, 120_000);
    it('2,000 generated schemas over every rule type', async () => {
      for (const plan of generatedPlans(2000, 200)) await roundTrip(plan, kind);
    }, 300_000);
    it('synthetic plans', async () => {
      await roundTrip(synthPlan({ events: 40, seed: 7 }), kind);
    }, 120_000);
    it('hostile-name plans and fixtures/hostile', async () => {
      for (const seed of [1, 2, 3]) await roundTrip(hostilePlan(seed, 60).loaded.plan, kind);
      for (const plan of hostile) await roundTrip(plan, kind);
    }, 120_000);
  });
}
