/**
 * A source's plan as validators: every rule compiled once per plan revision with the compiler's
 * {@link compileRuleValidator}, the very module a dev client's `validators/<name>.ts` holds, run by
 * the same `@platen/runtime/validation` interpreter. One implementation, not a second one.
 */
import { compileRuleValidator, type Json, type RuleType } from '@platen/compiler/api';
import * as runtimeValidation from '@platen/runtime/validation';
import type { AjvError, Validator } from '@platen/runtime';
import type { RegistryDb } from '../db.js';
import type { MessageType } from './types.js';

/** The validators of one plan revision. */
export interface PlanValidators {
  planId: string;
  revision: number;
  /** The latest COMMON rule's validator (the whole message), as generated clients run it. */
  common: Validator | undefined;
  /** Rules by `type\0key`, each key's versions ascending (the oldest applies when none is sent). */
  rules: Map<string, CompiledRule[]>;
}

/** One compiled rule. */
export interface CompiledRule {
  version: number;
  validate: Validator;
}

/** The rule type describing a call type (alias has none). */
const RULE_TYPE: Record<MessageType, RuleType | undefined> = {
  track: 'TRACK',
  identify: 'IDENTIFY',
  group: 'GROUP',
  page: 'PAGE',
  screen: 'SCREEN',
  alias: undefined,
};

/** Turns a compiled module's code into its `validate` function, imports bound to the runtime's exports. */
export function instantiate(code: string, imports: readonly string[]): Validator {
  const runtime = runtimeValidation as unknown as Record<string, unknown>;
  for (const name of imports)
    if (!(name in runtime)) throw new Error(`@platen/runtime/validation has no export ${name}`);
  // The module's two exports become locals; its body is otherwise run as generated.
  const body = code.replace(/^export (const|function) /gm, '$1 ');
  const make = new Function(...imports, `${body}\nreturn validate;`) as (
    ...args: unknown[]
  ) => Validator;
  return make(...imports.map((name) => runtime[name]));
}

function key(type: string, name: string | null): string {
  return `${type}\0${name ?? ''}`;
}

/** Compiles the current rules of plan `planPk` (revision `revision`). */
export function compilePlan(
  db: RegistryDb,
  plan: { pk: number; id: string; revision: number },
): PlanValidators {
  const rows = db
    .prepare(
      'SELECT type, key, version, json_schema FROM rules WHERE plan_pk = ? ORDER BY type, key_id, version',
    )
    .all(plan.pk) as { type: RuleType; key: string | null; version: number; json_schema: string }[];
  const rules = new Map<string, CompiledRule[]>();
  let common: { version: number; validate: Validator } | undefined;
  for (const row of rows) {
    const module = compileRuleValidator(JSON.parse(row.json_schema) as Json, row.type);
    const validate = instantiate(module.code, module.imports);
    if (row.type === 'COMMON') {
      if (!common || row.version > common.version) common = { version: row.version, validate };
      continue;
    }
    const k = key(row.type, row.key);
    const list = rules.get(k) ?? [];
    list.push({ version: row.version, validate });
    list.sort((a, b) => a.version - b.version);
    rules.set(k, list);
  }
  return { planId: plan.id, revision: plan.revision, common: common?.validate, rules };
}

/** What {@link findRule} found for a message. */
export type RuleMatch =
  /** A rule applies: validate the payload with it. */
  | { kind: 'rule'; rule: CompiledRule }
  /** A track event the plan does not list. */
  | { kind: 'unplanned' }
  /** No rule describes this call (alias, an identify without an IDENTIFY rule…): COMMON only. */
  | { kind: 'none' };

/**
 * The rule a message is validated against: TRACK by event name; PAGE/SCREEN by name, else the
 * plan's unnamed rule; IDENTIFY/GROUP their one rule. The version is `context.protocols.event_version`
 * when the plan has it, else the oldest version (Segment's rule).
 */
export function findRule(
  plan: PlanValidators,
  type: MessageType,
  name: string | null,
  version: number | undefined,
): RuleMatch {
  const ruleType = RULE_TYPE[type];
  if (ruleType === undefined) return { kind: 'none' };
  let list = plan.rules.get(key(ruleType, name));
  if (!list && (type === 'page' || type === 'screen')) list = plan.rules.get(key(ruleType, null));
  if (!list) return type === 'track' ? { kind: 'unplanned' } : { kind: 'none' };
  const rule = (version !== undefined && list.find((r) => r.version === version)) || list[0]!;
  return { kind: 'rule', rule };
}

/** Ajv-style errors of the last failed `validate` call (never null once it returned false). */
export function errorsOf(validate: Validator): readonly AjvError[] {
  return validate.errors ?? [];
}
