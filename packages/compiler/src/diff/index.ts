/**
 * `platen diff`'s engine: two plans → every change per event and property, with who it breaks.
 * {@link diffIr} and the formatters are pure (no Node built-ins): a bundle for Apps Script can take
 * them. {@link diffPlans} also normalizes loaded plans, which hashes rules with `node:crypto`.
 */
import { normalizePlan } from '../ir/index.js';
import type { Ir } from '../ir/types.js';
import type { LoadedPlan, Plan, Rule } from '../plan/types.js';
import { diffIr, type DiffableIr } from './events.js';
import type { PlanDiff } from './types.js';

export { diffIr, classOf, compareRule, type DiffableIr } from './events.js';
export {
  formatDiffMarkdown,
  formatDiffText,
  summaryLine,
  eventName,
  type DiffLabels,
} from './format.js';
export { pointerOf } from './text.js';
export type * from './types.js';
export { CHANGE_CLASSES } from './types.js';

/** A plan as the diff takes it: loaded from a file, a plan object, bare rules, or already normalized. */
export type DiffInput = LoadedPlan | Plan | readonly Rule[] | Ir | DiffableIr;

/** Normalizes what {@link diffPlans} is given into IR rules. */
export function toDiffable(input: DiffInput): DiffableIr {
  if (Array.isArray(input))
    return normalizePlan(loadedOf({ id: '', name: '', type: 'LIVE', rules: input as Rule[] }));
  const value = input as Partial<LoadedPlan> & Partial<Plan> & Partial<DiffableIr>;
  if (value.plan !== undefined && value.format !== undefined)
    return normalizePlan(value as LoadedPlan);
  const rules = value.rules as unknown[] | undefined;
  // IR rules carry `body()`; plan rules carry `jsonSchema`.
  if (
    rules !== undefined &&
    rules.length > 0 &&
    typeof (rules[0] as { body?: unknown }).body === 'function'
  )
    return value as DiffableIr;
  if (rules !== undefined && rules.length === 0 && (value as Partial<Ir>).diagnostics !== undefined)
    return value as DiffableIr;
  return normalizePlan(loadedOf(value as Plan));
}

function loadedOf(plan: Plan): LoadedPlan {
  return {
    plan: { ...plan, rules: Array.isArray(plan.rules) ? plan.rules : [] },
    format: 'public-api',
    file: '',
    ruleSources: [],
  };
}

/** Compares two plans (any {@link DiffInput}) after normalizing both to the IR. */
export function diffPlans(from: DiffInput, to: DiffInput): PlanDiff {
  return diffIr(toDiffable(from), toDiffable(to));
}
