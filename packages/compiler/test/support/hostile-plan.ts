/**
 * Hostile plans for the names suite: every event name, property name, description and enum value
 * drawn from {@link ./hostile-strings}, with a payload per event that the plan allows, so a call through the
 * generated client can be compared byte for byte with what reached the SDK.
 */
import fc from 'fast-check';
import type { LoadedPlan, Json } from '../../src/plan/types.js';
import { hostileString, longString } from './hostile-strings.js';

/** One event of a hostile plan and the payload sent through it. */
export interface HostileEvent {
  key: string;
  payload: Record<string, string>;
}

/** A hostile plan, its events, and how many hostile strings it holds. */
export interface HostilePlan {
  loaded: LoadedPlan;
  events: HostileEvent[];
  strings: number;
}

const PROPS = 3;
const VALUES = 3;

/** Up to `n` distinct hostile strings (fixed seed), with a 10,000-character one every `longEvery`. */
function distinct(seed: number, n: number, longEvery = 0): string[] {
  const out = new Set<string>();
  for (const s of fc.sample(hostileString, { seed, numRuns: n * 3 })) {
    if (out.size === n) break;
    if (longEvery > 0 && out.size % longEvery === longEvery - 1)
      out.add(longString(out.size + seed));
    out.add(s);
  }
  return [...out].slice(0, n);
}

/** Matches a string holding a lone surrogate (not well-formed UTF-16). */
export const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A plan of `events` TRACK rules (seeded): 3 required string-enum properties each, every name,
 * description and value hostile. `loneSurrogateNames: false` keeps them out of property names.
 */
export function hostilePlan(seed: number, events: number, loneSurrogateNames = true): HostilePlan {
  // Event names with a lone surrogate are a `check` error (they cannot survive UTF-8 storage, issue
  // 16 item 5): keys are drawn from well-formed strings only.
  const keys = distinct(seed, events * 2, 97)
    .filter((k) => !LONE_SURROGATE.test(k))
    .slice(0, events);
  const all = distinct(seed + 1, 400);
  const names = loneSurrogateNames ? all : all.filter((w) => !LONE_SURROGATE.test(w));
  const pick = (i: number) => all[i % all.length]!;
  const pickName = (i: number) => names[i % names.length]!;
  let strings = keys.length;
  const rules: Json[] = [];
  const out: HostileEvent[] = [];
  keys.forEach((key, e) => {
    const properties: Record<string, Json> = {};
    const payload: Record<string, string> = {};
    for (let p = 0; p < PROPS; p++) {
      // Names distinct within the event: the word plus a position suffix only when it repeats.
      let name = pickName(e * 7 + p * 13);
      while (Object.hasOwn(properties, name)) name += `#${p}`;
      const values = [
        ...new Set(Array.from({ length: VALUES }, (_, v) => pick(e * 11 + p * 5 + v * 3 + 1))),
      ];
      Object.defineProperty(properties, name, {
        value: { type: 'string', enum: values, description: pick(e + p + 2) },
        enumerable: true,
        writable: true,
        configurable: true,
      });
      Object.defineProperty(payload, name, { value: values[e % values.length]!, enumerable: true });
      strings += 2 + values.length;
    }
    strings += 1;
    rules.push({
      type: 'TRACK',
      key,
      version: 1,
      jsonSchema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        description: pick(e + 5),
        properties: {
          properties: { type: 'object', properties, required: Object.keys(properties) },
        },
        required: ['properties'],
      },
    });
    out.push({ key, payload });
  });
  return {
    loaded: {
      plan: { id: `tp_hostile_${seed}`, name: pick(seed), type: 'LIVE', rules: rules as never },
      format: 'public-api',
      file: 'plan.json',
      ruleSources: rules.map((_, i) => ({ file: 'plan.json', pointer: `/rules/${i}/jsonSchema` })),
    },
    events: out,
    strings,
  };
}
