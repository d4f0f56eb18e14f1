/**
 * The IR stage's rule-schema errors for a server: what `platen check` rejects past the meta-schema
 * (an unknown `type` name, `enum: []`, an unresolved `$ref`…), so a registry refuses the same rules.
 */
import { normalizePlan } from '../ir/index.js';
import type { LoadedPlan, Rule } from '../plan/types.js';

/** One error in one rule's schema; `pointer` is inside that rule's `jsonSchema`. */
export interface RuleSchemaError {
  /** Index of the rule in the list given. */
  index: number;
  /** The diagnostic code `platen check` prints, e.g. `invalid-type`. */
  code: string;
  message: string;
  pointer: string;
}

// Depth is the shared depth limit's business (reported elsewhere), and an internal error is a
// Platen bug, not a fault of the rule: neither is a reason to refuse a write here.
const NOT_REFUSED = new Set(['schema-too-deep', 'internal-error']);

/**
 * The error-severity diagnostics normalizing `rules` gives, as `platen check` reports them. Rules must
 * already pass the meta-schema check (`checkMetaSchema`); never throws for a rule's content.
 */
export function ruleSchemaErrors(rules: readonly Rule[]): RuleSchemaError[] {
  const loaded: LoadedPlan = {
    plan: { id: 'request', name: 'request', type: 'LIVE', rules: [...rules] },
    format: 'public-api',
    file: 'request',
    ruleSources: rules.map((_, i) => ({ file: 'request', pointer: `/rules/${i}/jsonSchema` })),
  };
  const errors: RuleSchemaError[] = [];
  for (const d of normalizePlan(loaded).diagnostics) {
    if (d.severity !== 'error' || NOT_REFUSED.has(d.code)) continue;
    const m = /^\/rules\/(\d+)\/jsonSchema(.*)$/.exec(d.pointer ?? '');
    if (!m) continue;
    errors.push({ index: Number(m[1]), code: d.code, message: d.message, pointer: m[2]! });
  }
  return errors.sort((a, b) => a.index - b.index);
}
