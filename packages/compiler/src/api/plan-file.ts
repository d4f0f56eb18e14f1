/**
 * The canonical plan file `platen pull` writes, and the rule diff `platen push` shows. Pure functions:
 * the same plan always gives the same bytes, whatever order the API returned things in.
 */
import { type Json, type Plan, type Rule, type RuleType } from '../plan/types.js';
import type { ApiRule, ApiRuleInput, ApiTrackingPlan } from './types.js';
import { compareRules } from '../ir/rules.js';
import { compareText } from '../order.js';

/** Orders rules by type (TRACK, IDENTIFY, GROUP, PAGE, SCREEN, COMMON), then key (null first), then version: the IR's order. */
export { compareRules };

/** A copy of `value` with every object's keys sorted, at every depth. Arrays keep their order. */
export function sortKeysDeep(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort(compareText))
    out[key] = sortKeysDeep(value[key] as Json);
  return out;
}

/** Turns an API rule into a plan rule: an absent key becomes `null`, timestamps are kept when present. */
export function ruleFromApi(rule: ApiRule): Rule {
  const out: Rule = {
    type: rule.type,
    key: rule.key ?? null,
    version: rule.version,
    jsonSchema: rule.jsonSchema,
  };
  if (rule.createdAt !== undefined) out.createdAt = rule.createdAt;
  if (rule.updatedAt !== undefined) out.updatedAt = rule.updatedAt;
  if (rule.deprecatedAt !== undefined) out.deprecatedAt = rule.deprecatedAt;
  return out;
}

/** The rule as `PUT /rules` takes it: no timestamps, no `key` when it is null. */
export function ruleToApiInput(rule: Rule): ApiRuleInput {
  const out: ApiRuleInput = { type: rule.type, version: rule.version, jsonSchema: rule.jsonSchema };
  if (rule.key !== null) out.key = rule.key;
  return out;
}

/** Merges a plan and its rules into the Public API plan-file shape, rules sorted by {@link compareRules}. */
export function planFromApi(plan: ApiTrackingPlan, rules: ApiRule[]): Plan {
  // The registry's `revision` is the plan's as it was read, which is not always the rules' revision:
  // `pull` records the rules' own in `pulled` instead.
  const { revision: _revision, ...fields } = plan;
  const out: Plan = {
    ...fields,
    id: plan.id,
    name: plan.name ?? '',
    type: plan.type,
    rules: rules.map(ruleFromApi).sort(compareRules),
  };
  return out;
}

/** The canonical text of a plan file: keys sorted at every depth, two-space indent, trailing newline. */
export function canonicalPlanText(plan: Plan): string {
  const sorted = sortKeysDeep({
    ...plan,
    rules: [...plan.rules].sort(compareRules),
  } as unknown as Json);
  return JSON.stringify(sorted, null, 2) + '\n';
}

/** One line of a rule diff. */
export interface RuleChange {
  type: RuleType;
  key: string | null;
  version: number;
}

/** What replacing `before` with `after` does, each list sorted by {@link compareRules}. */
export interface RuleDiff {
  added: RuleChange[];
  removed: RuleChange[];
  changed: RuleChange[];
  unchanged: number;
}

/** The identity of a rule: type + key + version. */
export function ruleIdentity(rule: Pick<Rule, 'type' | 'key' | 'version'>): string {
  return JSON.stringify([rule.type, rule.key ?? null, rule.version]);
}

/** Compares two rule sets by identity; a rule "changed" when its JSON Schema differs in anything but key order. */
export function diffRules(before: readonly Rule[], after: readonly Rule[]): RuleDiff {
  const schemaText = (r: Rule) => JSON.stringify(sortKeysDeep(r.jsonSchema));
  const old = new Map(before.map((r) => [ruleIdentity(r), r]));
  const diff: RuleDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const rule of after) {
    const id = ruleIdentity(rule);
    seen.add(id);
    const prev = old.get(id);
    const ref = { type: rule.type, key: rule.key ?? null, version: rule.version };
    if (!prev) diff.added.push(ref);
    else if (schemaText(prev) !== schemaText(rule)) diff.changed.push(ref);
    else diff.unchanged++;
  }
  for (const rule of before) {
    if (!seen.has(ruleIdentity(rule)))
      diff.removed.push({ type: rule.type, key: rule.key ?? null, version: rule.version });
  }
  for (const list of [diff.added, diff.removed, diff.changed]) list.sort(compareRules);
  return diff;
}

/** `TRACK "Order Completed" v2`, `IDENTIFY v1`: a rule named for people, quotes escaped as JSON does. */
export function describeRule(rule: RuleChange): string {
  return rule.key === null
    ? `${rule.type} v${rule.version}`
    : `${rule.type} ${JSON.stringify(rule.key)} v${rule.version}`;
}

/** The diff as lines: `+` added, `-` removed, `~` changed, then a summary line. */
export function formatDiff(diff: RuleDiff): string {
  const lines = [
    ...diff.added.map((r) => `  + ${describeRule(r)}`),
    ...diff.removed.map((r) => `  - ${describeRule(r)}`),
    ...diff.changed.map((r) => `  ~ ${describeRule(r)}`),
  ];
  lines.push(
    `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ` +
      `${diff.unchanged} unchanged`,
  );
  return lines.join('\n') + '\n';
}
