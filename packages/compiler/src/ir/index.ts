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
import { compareRules, isLatest, latestVersions, ruleMeta, type RuleMeta } from './rules.js';
import type { Ir, IrRule, IrRuleBody } from './types.js';
import { acceptsEmpty } from './accepts-empty.js';
import { compareText } from '../order.js';

export { IR_CODES, type IrCode } from './codes.js';
export { canonicalJson } from './hash.js';
export { acceptsEmpty } from './accepts-empty.js';
export { compareRules } from './rules.js';

/** What the IR stage records of a rule for the next build: enough to skip normalizing it. */
export interface KnownRule {
  /** The diagnostics normalizing it gave (their `file` is given anew). */
  diagnostics: readonly Diagnostic[];
  payloadOptional: boolean;
}

/**
 * Incremental builds: what normalizing each rule gave last time. A rule whose key (its content and
 * place, see `IrRule.irKey`) is known is not normalized up front: its diagnostics are taken from
 * here and its body is built on first call (often never, when everything derived from it is
 * taken from the last build).
 */
export interface IrMemo {
  /** What normalizing the rule with this key gave; `undefined`: unknown. */
  known(key: string): KnownRule | undefined;
  /** Called for every rule with its key and what is known of it (known or fresh), for the next build. */
  record(key: string, rule: KnownRule): void;
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

/**
 * Normalizes every rule of a loaded plan into IR. Never throws for bad input and never mutates
 * `loaded`: problems become diagnostics (file, rule, pointer) in `Ir.diagnostics`.
 */
export function normalizePlan(loaded: LoadedPlan, memo?: IrMemo): Ir {
  const plan = loaded.plan;
  const rules = Array.isArray(plan.rules) ? plan.rules : [];
  // Hashed once: the plan hash and the incremental build both use them.
  const hashes = rules.map((rule) => memo?.ruleHash?.(rule, ruleHash) ?? ruleHash(rule));
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
    const irKey =
      memo === undefined
        ? undefined
        : createHash('sha256')
            .update(JSON.stringify([hash, source.pointer, source.hoisted === true]))
            .digest('hex');
    const known = irKey === undefined ? undefined : memo?.known(irKey);
    // Every IR diagnostic names the rule's file, the one thing of its place not in the key.
    const own: Diagnostic[] =
      known === undefined ? [] : known.diagnostics.map((d) => ({ ...d, file: source.file }));
    const irRule =
      known === undefined
        ? normalizeRule(rule, source, own)
        : deferredRule(rule, source, known.payloadOptional);
    irRule.latest = isLatest(latest, rule);
    irRule.hash = hash;
    if (irKey !== undefined) {
      irRule.irKey = irKey;
      memo?.record(irKey, { diagnostics: own, payloadOptional: irRule.payloadOptional });
    }
    for (const diagnostic of own) diagnostics.push(diagnostic);
    return irRule;
  });

  const info: Ir['plan'] = { id: plan.id, name: plan.name, hash: planHash(plan, hashes) };
  if (plan.slug !== undefined) info.slug = plan.slug;
  if (plan.description !== undefined) info.description = plan.description;
  return { plan: info, rules: irRules, diagnostics };
}

/** A rule's fields written out flat, its body's included: an IR built by hand (tests, tools). */
export type FlatIrRule = Omit<IrRule, 'body' | 'payloadOptional'> &
  IrRuleBody & { payloadOptional?: boolean };

/** An IR rule from its fields written out flat; `payloadOptional` is derived unless given. */
export function irRuleOf(flat: FlatIrRule): IrRule {
  const { payload, payloadRequired, definitions, payloadOptional, ...head } = flat;
  const body: IrRuleBody = { payload, payloadRequired, definitions };
  return {
    ...head,
    payloadOptional: payloadOptional ?? acceptsEmpty(payload, definitions),
    body: () => body,
  };
}

/** An IR rule as data: its body built. JSON-ready; {@link irRuleOf} of it, flattened, gives the rule back. */
export type IrRuleData = Omit<IrRule, 'body'> & { body: IrRuleBody };

/** A rule as data (its body built, so serializing or cloning it loses nothing). */
export function ruleData(rule: IrRule): IrRuleData {
  return { ...rule, body: rule.body() };
}

/** A fresh walk context for one rule; its diagnostics are collected in `ctx.diagnostics`. */
function contextOf(rule: Rule, source: RuleSource): WalkContext {
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
  return ctx;
}

/** The body of a rule: its payload and definitions (what `ctx` collects on the way). */
function bodyOf(ctx: WalkContext, rule: Rule, source: RuleSource): IrRuleBody {
  try {
    const { payload, payloadRequired } = extractPayload(ctx, rule.type, rule.jsonSchema);
    const definitions = [...ctx.definitions.entries()].sort(([a], [b]) => compareText(a, b));
    return { payload, payloadRequired, definitions: Object.fromEntries(definitions) };
  } catch (error) {
    // A bug must not take the whole build down with a stack trace: name the rule and carry on.
    report(ctx, 'internal-error', '', error instanceof Error ? error.message : String(error));
    return { payload: openObject(source.pointer), payloadRequired: false, definitions: {} };
  }
}

/** `labels`, `description`, `examples`, `deprecated` of the rule (a failure: an internal error). */
function metaOf(ctx: WalkContext, rule: Rule): RuleMeta {
  try {
    return ruleMeta(ctx, rule);
  } catch (error) {
    report(ctx, 'internal-error', '', error instanceof Error ? error.message : String(error));
    return { labels: {}, deprecated: false };
  }
}

/** The rule's head around `body`: everything but the payload. */
function ruleOf(
  meta: RuleMeta,
  rule: Rule,
  source: RuleSource,
  payloadOptional: boolean,
  body: () => IrRuleBody,
): IrRule {
  const irRule: IrRule = {
    type: rule.type,
    key: rule.key,
    version: rule.version,
    latest: false,
    labels: meta.labels,
    deprecated: meta.deprecated,
    payloadOptional,
    body,
    schema: rule.jsonSchema,
    pointer: source.pointer,
    file: source.file,
  };
  if (meta.description !== undefined) irRule.description = meta.description;
  if (meta.examples !== undefined) irRule.examples = meta.examples;
  return irRule;
}

/** Normalizes one rule; an unexpected failure becomes an `internal-error` diagnostic, never a throw. */
function normalizeRule(rule: Rule, source: RuleSource, diagnostics: Diagnostic[]): IrRule {
  const ctx = contextOf(rule, source);
  const meta = metaOf(ctx, rule);
  const body = bodyOf(ctx, rule, source);
  const optional = acceptsEmpty(body.payload, body.definitions);
  for (const diagnostic of ctx.diagnostics) diagnostics.push(diagnostic);
  return ruleOf(meta, rule, source, optional, () => body);
}

/**
 * A rule the last build normalized: its head now, its body on the first call of `body()` (what eager
 * normalization gives; its diagnostics are dropped, being known already).
 */
function deferredRule(rule: Rule, source: RuleSource, payloadOptional: boolean): IrRule {
  let body: IrRuleBody | undefined;
  const meta = metaOf(contextOf(rule, source), rule);
  return ruleOf(meta, rule, source, payloadOptional, () => {
    body ??= bodyOf(contextOf(rule, source), rule, source);
    return body;
  });
}
