/**
 * JSON Schema → IR: normalizes every rule of a loaded plan. Rules come out in a deterministic order
 * (type, key, version); each carries its payload node, its `$ref` definitions and its untouched schema.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics/types.js';
import type { MetaProblem } from '../plan/meta-schema.js';
import type { LoadedPlan, Rule, RuleSource } from '../plan/types.js';
import { report, type WalkContext } from './context.js';
import { planHash, ruleHash } from './hash.js';
import { walkSchema } from './normalize.js';
import { openObject } from './objects.js';
import { extractPayload } from './payload.js';
import { compareRules, isLatest, latestVersions, ruleMeta } from './rules.js';
import type { Ir, IrRule } from './types.js';

export { IR_CODES, type IrCode } from './codes.js';
export { canonicalJson } from './hash.js';
export { compareRules } from './rules.js';

/**
 * Incremental builds: what normalizing each rule gave last time. A rule whose key (its content and
 * place, see {@link irKeyOf}) is known is not normalized up front: its diagnostics are taken from
 * here and its IR is built on first use (often never, when everything derived from it is reused).
 */
export interface IrReuse {
  /** The diagnostics of the rule with this key, as normalizing it gave them; `undefined`: unknown. */
  known(key: string): readonly Diagnostic[] | undefined;
  /** Called for every rule with its key and diagnostics (known or fresh), for the next build. */
  record(key: string, diagnostics: readonly Diagnostic[]): void;
  /**
   * The rule's content hash: `hash(rule)` (canonical JSON, the slow part of a rebuild's fixed
   * cost), or the same value remembered from an earlier build of the same rule text.
   */
  ruleHash?(rule: Rule, hash: (rule: Rule) => string): string;
  /**
   * The meta-schema problems of the rule's schema: `check(schema)`, or the same problems remembered
   * from an earlier build of the same rule text (plan validation, before the IR is built).
   */
  metaProblems?(
    rule: Rule,
    schema: unknown,
    check: (schema: unknown) => MetaProblem[],
  ): MetaProblem[];
}

const keys = new WeakMap<IrRule, string>();

/**
 * A rule's IR key: a hash of its content and of where it sits in the plan (pointer, hoisting): all
 * its IR depends on but the file name, which only its diagnostics show (and are given anew).
 * Only for rules normalized with an {@link IrReuse}.
 */
export function irKeyOf(rule: IrRule): string | undefined {
  return keys.get(rule);
}

/** The fields of an IR rule that normalizing its schema fills in (the rest is known up front). */
const BODY = [
  'labels',
  'deprecated',
  'payload',
  'payloadRequired',
  'definitions',
  'description',
  'examples',
] as const;

/**
 * An IR rule whose body is normalized when first read. Reading any body field normalizes it (the
 * result is what eager normalization gives; its diagnostics are dropped, being known already).
 */
function lazyRule(rule: Rule, source: RuleSource): IrRule {
  let body: IrRule | undefined;
  const ir = {
    type: rule.type,
    key: rule.key,
    version: rule.version,
    latest: false,
    schema: rule.jsonSchema,
    pointer: source.pointer,
    file: source.file,
  } as IrRule;
  for (const field of BODY) {
    Object.defineProperty(ir, field, {
      enumerable: true,
      configurable: true,
      get: () => (body ??= normalizeRule(rule, source, []))[field],
      set: (value: unknown) =>
        Object.defineProperty(ir, field, { value, writable: true, enumerable: true }),
    });
  }
  return ir;
}

/**
 * Normalizes every rule of a loaded plan into IR. Never throws for bad input and never mutates
 * `loaded`: problems become diagnostics (file, rule, pointer) in `Ir.diagnostics`.
 */
export function normalizePlan(loaded: LoadedPlan, reuse?: IrReuse): Ir {
  const plan = loaded.plan;
  const rules = Array.isArray(plan.rules) ? plan.rules : [];
  // Hashed once: the plan hash and the incremental build both use them.
  const hashes = rules.map((rule) => reuse?.ruleHash?.(rule, ruleHash) ?? ruleHash(rule));
  const entries = rules.map((rule, index) => ({
    rule,
    index,
    hash: hashes[index]!,
    source: loaded.ruleSources[index] ?? {
      file: loaded.file,
      pointer: `/rules/${index}/jsonSchema`,
    },
  }));
  // Ties (a duplicated type/key/version) keep the file's order.
  entries.sort((a, b) => compareRules(a.rule, b.rule) || a.index - b.index);
  const latest = latestVersions(rules);
  const diagnostics: Diagnostic[] = [];
  const irRules = entries.map(({ rule, source, hash }) => {
    const key =
      reuse === undefined
        ? undefined
        : createHash('sha256')
            .update(JSON.stringify([hash, source.pointer, source.hoisted === true]))
            .digest('hex');
    const known = key === undefined ? undefined : reuse?.known(key);
    // Every IR diagnostic names the rule's file, the one thing of its place not in the key.
    const own: Diagnostic[] =
      known === undefined ? [] : known.map((d) => ({ ...d, file: source.file }));
    const irRule = known === undefined ? normalizeRule(rule, source, own) : lazyRule(rule, source);
    irRule.latest = isLatest(latest, rule);
    irRule.hash = hash;
    if (key !== undefined) {
      keys.set(irRule, key);
      reuse?.record(key, own);
    }
    for (const diagnostic of own) diagnostics.push(diagnostic);
    return irRule;
  });

  const info: Ir['plan'] = { id: plan.id, name: plan.name, hash: planHash(plan, hashes) };
  if (plan.slug !== undefined) info.slug = plan.slug;
  if (plan.description !== undefined) info.description = plan.description;
  return { plan: info, rules: irRules, diagnostics };
}

/** Normalizes one rule; an unexpected failure becomes an `internal-error` diagnostic, never a throw. */
function normalizeRule(rule: Rule, source: RuleSource, diagnostics: Diagnostic[]): IrRule {
  const ctx: WalkContext = {
    rule: { type: rule.type, key: rule.key, version: rule.version },
    source,
    root: rule.jsonSchema,
    diagnostics: [],
    definitions: new Map(),
    inProgress: [],
    tooDeepReported: false,
    walk: (schema, path, depth, role) => walkSchema(ctx, schema, path, depth, role),
  };
  const irRule: IrRule = {
    type: rule.type,
    key: rule.key,
    version: rule.version,
    latest: false,
    labels: {},
    deprecated: false,
    payload: openObject(source.pointer),
    payloadRequired: false,
    definitions: {},
    schema: rule.jsonSchema,
    pointer: source.pointer,
    file: source.file,
  };
  try {
    const meta = ruleMeta(ctx, rule);
    irRule.labels = meta.labels;
    irRule.deprecated = meta.deprecated;
    if (meta.description !== undefined) irRule.description = meta.description;
    if (meta.examples !== undefined) irRule.examples = meta.examples;
    const { payload, payloadRequired } = extractPayload(ctx, rule.type, rule.jsonSchema);
    irRule.payload = payload;
    irRule.payloadRequired = payloadRequired;
    const definitions = [...ctx.definitions.entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    irRule.definitions = Object.fromEntries(definitions);
  } catch (error) {
    // A bug must not take the whole build down with a stack trace: name the rule and carry on.
    report(ctx, 'internal-error', '', error instanceof Error ? error.message : String(error));
  }
  for (const diagnostic of ctx.diagnostics) diagnostics.push(diagnostic);
  return irRule;
}
