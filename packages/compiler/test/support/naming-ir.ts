/** Hand-built IR for naming tests (the IR normalizer is developed separately). */
import type { Ir, IrNode, IrObject, IrRule } from '../../src/ir/types.js';
import { irRuleOf, type FlatIrRule } from '../../src/ir/index.js';
import type { RuleType } from '../../src/plan/types.js';

/** A closed object node with the given properties (all optional). */
export function obj(pointer: string, properties: Record<string, IrNode> = {}): IrObject {
  return {
    kind: 'object',
    pointer,
    properties: Object.entries(properties).map(([name, type]) => ({
      name,
      required: false,
      type,
      pointer: `${pointer}/properties/${name}`,
    })),
    additionalProperties: false,
    patternProperties: [],
  };
}

/** A string node. */
export const str = (pointer: string): IrNode => ({ kind: 'string', pointer });

/** A rule with an empty object payload unless one is given. */
export function rule(
  type: RuleType,
  key: string | null,
  version = 1,
  extra: Partial<FlatIrRule> = {},
): IrRule {
  const pointer = `/rules/${type}/${String(key)}/${version}`;
  return irRuleOf({
    type,
    key,
    version,
    latest: true,
    labels: {},
    deprecated: false,
    payload: obj(`${pointer}/properties/properties`),
    payloadRequired: false,
    definitions: {},
    schema: {},
    pointer,
    file: 'plan.json',
    ...extra,
  });
}

/** TRACK rules for `keys`, each the latest version 1. */
export const tracks = (keys: readonly string[]): IrRule[] => keys.map((k) => rule('TRACK', k));

/** An IR holding `rules`. */
export function ir(rules: IrRule[]): Ir {
  return { plan: { id: 'tp_1', name: 'Test', hash: 'h' }, rules, diagnostics: [] };
}
