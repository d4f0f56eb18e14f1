/**
 * Plans for the sheet round trips: the property-based schema generator's payloads (every IR keyword),
 * spread over every rule type and tab, and the hostile-name plans.
 */
import fc from 'fast-check';
import { RULE_TYPES, type Json, type Plan, type Rule } from '../../src/plan/types.js';
import { genSchema, type GenSchema } from '../support/agreement-schemas.js';
import { ruleSchema } from '../support/agreement.js';

/** The rule for generated schema `i`: the type cycles through all six, keys and versions unique. */
function ruleOf(gen: GenSchema, i: number): Rule {
  const type = RULE_TYPES[i % RULE_TYPES.length]!;
  let jsonSchema: Json;
  if (type === 'IDENTIFY' || type === 'GROUP')
    jsonSchema = {
      type: 'object',
      properties: { traits: gen.payload },
      definitions: gen.definitions,
    };
  else if (type === 'COMMON')
    jsonSchema = { ...(gen.payload as { [k: string]: Json }), definitions: gen.definitions };
  else jsonSchema = ruleSchema(gen);
  const keyed = type === 'TRACK' || ((type === 'PAGE' || type === 'SCREEN') && i % 4 !== 0);
  return { type, key: keyed ? `E${i}` : null, version: keyed ? 1 : i + 1, jsonSchema };
}

/** `count` generated schemas (fixed seed) as plans of `perPlan` rules each. */
export function generatedPlans(count: number, perPlan: number, seed = 20261207): Plan[] {
  const gens = fc.sample(genSchema, { seed, numRuns: count });
  const plans: Plan[] = [];
  for (let start = 0; start < gens.length; start += perPlan)
    plans.push({
      id: `tp_gen_${start}`,
      name: `Generated ${start}`,
      type: 'LIVE',
      rules: gens.slice(start, start + perPlan).map((g, j) => ruleOf(g, start + j)),
    });
  return plans;
}
