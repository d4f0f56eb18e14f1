/** Builders for hand-made `LoadedPlan` inputs and small utilities shared by the IR tests. */
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { normalizePlan } from '../../src/ir/index.js';
import type { Ir, IrNode, IrRule } from '../../src/ir/types.js';
import type { Json, LoadedPlan, Rule, RuleSource } from '../../src/plan/types.js';

/** The file name every test plan pretends to come from. */
export const FILE = 'plans/web.json';

/** A loaded Public API plan holding `rules`, each at `/rules/<i>/jsonSchema` of {@link FILE}. */
export function loadedPlan(rules: Rule[], sources?: RuleSource[]): LoadedPlan {
  return {
    plan: { id: 'tp_test', name: 'Test', slug: 'test', type: 'LIVE', rules },
    format: 'public-api',
    file: FILE,
    ruleSources:
      sources ?? rules.map((_, i) => ({ file: FILE, pointer: `/rules/${i}/jsonSchema` })),
  };
}

/** A TRACK rule whose event properties are `properties` (the Public API message layout). */
export function trackRule(
  key: string,
  properties: Json,
  version = 1,
  extra: Partial<Rule> = {},
): Rule {
  return {
    type: 'TRACK',
    key,
    version,
    jsonSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { context: {}, traits: {}, properties },
      required: ['properties'],
    },
    ...extra,
  };
}

/** Pointer of the event properties of the first rule of a {@link loadedPlan}. */
export const PROPS = '/rules/0/jsonSchema/properties/properties';

/** Normalizes one TRACK event whose properties schema is `schema`. */
export function normalizeProps(schema: Json): {
  payload: IrNode;
  rule: IrRule;
  ir: Ir;
  diagnostics: Diagnostic[];
} {
  const ir = normalizePlan(loadedPlan([trackRule('Test Event', schema)]));
  const rule = ir.rules[0] as IrRule;
  return { payload: rule.body().payload, rule, ir, diagnostics: ir.diagnostics };
}

/**
 * Normalizes `schema` as the single property `p` of an event and returns that property's type,
 * so keyword tests see the node a property schema becomes.
 */
export function normalizeProperty(schema: Json): {
  node: IrNode;
  diagnostics: Diagnostic[];
  rule: IrRule;
} {
  const { payload, diagnostics, rule } = normalizeProps({
    type: 'object',
    properties: { p: schema },
  });
  if (payload.kind !== 'object') throw new Error(`payload is ${payload.kind}`);
  const prop = payload.properties[0];
  if (!prop) throw new Error('no property');
  return { node: prop.type, diagnostics, rule };
}

/** Pointer of property `p` in {@link normalizeProperty}. */
export const P = PROPS + '/properties/p';

/** `[code, severity, pointer]` of each diagnostic, for compact assertions. */
export function codes(diagnostics: readonly Diagnostic[]): [string, string, string | undefined][] {
  return diagnostics.map((d) => [d.code, d.severity, d.pointer]);
}

/** Freezes a value and everything inside it, so any mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null || Object.isFrozen(item)) continue;
    Object.freeze(item);
    for (const key of Object.keys(item)) stack.push((item as Record<string, unknown>)[key]);
  }
  return value;
}
