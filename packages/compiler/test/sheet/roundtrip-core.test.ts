/**
 * Plan → sheet → plan, in the pure conversion (no file): every buildable fixture plan comes back
 * JSON-equal, and sheet → plan → sheet gives the same cells.
 */
import { describe, expect, it } from 'vitest';
import { planToSheet, sheetToPlan } from '../../src/sheet/index.js';
import { buildableFixturePlans, comparable } from './support.js';

const plans = await buildableFixturePlans();

describe('sheet round trip (workbook model)', () => {
  it('finds the buildable fixture plans', () => expect(plans.length).toBeGreaterThan(10));
  for (const { name, plan } of plans) {
    it(name, () => {
      const { workbook } = planToSheet(plan);
      const back = sheetToPlan(workbook, { file: 'plan.xlsx' });
      expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(comparable(back.plan!)).toBe(comparable(plan));
      const again = planToSheet(back.plan!).workbook;
      expect(again).toEqual(workbook);
    });
  }
});
