/** Shared by the sheet tests: buildable fixture plans, and plan comparison by the round-trip rules. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkPlan } from '../../src/check.js';
import { hasErrors } from '../../src/diagnostics/types.js';
import type { Json, Plan, Rule } from '../../src/plan/types.js';
import { REPO } from '../support/helpers.js';

/** JSON text with object keys sorted at every level (arrays keep their order). */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort())
      Object.defineProperty(out, k, {
        value: (v as Record<string, unknown>)[k],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  });
}

const ruleOrder = (a: Rule, b: Rule) =>
  a.type.localeCompare(b.type) ||
  String(a.key).localeCompare(String(b.key)) ||
  a.version - b.version;

/**
 * A plan as the round trip compares it: keys sorted, rules in (type, key, version) order (the sheet
 * groups rules by tab), `rules` only when `rulesOnly` (a CSV holds no plan fields).
 */
export function comparable(plan: Plan, rulesOnly = false): string {
  const rules = [...plan.rules].sort(ruleOrder);
  return sortedJson(rulesOnly ? rules : { ...plan, rules });
}

/** Every plan file or folder under fixtures/ that `check` accepts without an error. */
export async function buildableFixturePlans(): Promise<{ name: string; plan: Plan }[]> {
  const out: { name: string; plan: Plan }[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (['valid', 'invalid', 'generated', 'node_modules', 'sheets'].includes(entry)) continue;
        await walk(path);
        continue;
      }
      if (!/\.(json|ya?ml)$/.test(entry) || entry === 'package.json') continue;
      const result = await checkPlan(path);
      if (result.loaded && !hasErrors(result.diagnostics))
        out.push({ name: relative(REPO, path), plan: result.loaded.plan });
    }
  };
  await walk(join(REPO, 'fixtures'));
  return out;
}

export type { Json };
