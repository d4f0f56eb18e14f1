/**
 * Rule-level facts: the deterministic rule order, which version is the latest, and the metadata
 * Segment keeps in the rule's schema (`labels`, `description`, `examples`, `deprecated`).
 */
import { joinPointer } from '../diagnostics/pointer.js';
import { compareText } from '../order.js';
import { RULE_TYPES, type Json, type Rule, type RuleRef } from '../plan/types.js';
import { has, isObject, own, report, show, type WalkContext } from './context.js';

const TYPE_ORDER = new Map<string, number>(RULE_TYPES.map((t, i) => [t, i]));

/**
 * Orders rules: by type (TRACK, IDENTIFY, GROUP, PAGE, SCREEN, COMMON), then key by UTF-16 code unit
 * with `null` first, then version. Locale-independent, so every machine sorts alike.
 */
export function compareRules(a: RuleRef, b: RuleRef): number {
  const byType =
    (TYPE_ORDER.get(a.type) ?? RULE_TYPES.length) - (TYPE_ORDER.get(b.type) ?? RULE_TYPES.length);
  if (byType !== 0) return byType;
  if (a.key !== b.key) {
    if (a.key === null) return -1;
    if (b.key === null) return 1;
    return compareText(a.key, b.key);
  }
  return a.version - b.version;
}

/** A `(type, key)` identity as a map key (`null` keys never collide with the string `"null"`). */
function identity(rule: RuleRef): string {
  return JSON.stringify([rule.type, rule.key]);
}

/** The highest version of every `(type, key)`. */
export function latestVersions(rules: readonly RuleRef[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const rule of rules) {
    const id = identity(rule);
    const current = latest.get(id);
    if (current === undefined || rule.version > current) latest.set(id, rule.version);
  }
  return latest;
}

/** True when `rule` is the highest version of its `(type, key)`. */
export function isLatest(latest: Map<string, number>, rule: RuleRef): boolean {
  return latest.get(identity(rule)) === rule.version;
}

/** The metadata of one rule read from its schema's root. */
export interface RuleMeta {
  labels: Record<string, string>;
  description?: string;
  examples?: Json[];
  deprecated: boolean;
}

/** Reads `labels`, `description`, `examples` and `deprecated` from the rule's schema root. */
export function ruleMeta(ctx: WalkContext, rule: Rule): RuleMeta {
  const root = rule.jsonSchema;
  const deprecatedAt = typeof rule.deprecatedAt === 'string' && rule.deprecatedAt !== '';
  const meta: RuleMeta = { labels: {}, deprecated: deprecatedAt };
  if (!isObject(root)) return meta;
  if (has(root, 'labels')) meta.labels = readLabels(ctx, own(root, 'labels'));
  const description = own(root, 'description');
  if (typeof description === 'string') meta.description = description;
  const examples = own(root, 'examples');
  if (Array.isArray(examples)) meta.examples = examples;
  if (own(root, 'deprecated') === true) meta.deprecated = true;
  return meta;
}

/** `labels` must be `{ key: string }`; other values are reported and skipped. */
function readLabels(ctx: WalkContext, value: Json | undefined): Record<string, string> {
  if (!isObject(value)) {
    report(
      ctx,
      'invalid-keyword-value',
      '/labels',
      `\`labels\` must be an object of strings, got ${show(value)}`,
    );
    return {};
  }
  const entries: [string, string][] = [];
  for (const key of Object.keys(value)) {
    const label = value[key];
    if (typeof label === 'string') entries.push([key, label]);
    else
      report(
        ctx,
        'invalid-keyword-value',
        joinPointer('/labels', key),
        `label values must be strings, got ${show(label)}`,
      );
  }
  // `Object.fromEntries` defines own properties, so a `__proto__` label stays a label.
  return Object.fromEntries(entries);
}
