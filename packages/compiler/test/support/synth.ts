/**
 * A deterministic synthetic tracking-plan generator for tests and benchmarks: `N` TRACK events of
 * 5–30 properties each, mixing enums, patterns, formats, integers, numbers, booleans, nullable
 * types, nested objects two or three levels deep, arrays of objects and descriptions. The same
 * options always give the same plan (seeded PRNG, no clock, no `Math.random`).
 */
import type { Json, Plan, Rule } from '../../src/plan/types.js';

/** Options of {@link synthPlan}. */
export interface SynthOptions {
  /** Number of TRACK events. */
  events: number;
  /**
   * PRNG seed.
   * @default 1
   */
  seed?: number;
  /**
   * Smallest and largest number of top-level properties per event.
   * @default [5, 30]
   */
  properties?: [min: number, max: number];
  /**
   * Also emit one IDENTIFY and one GROUP rule.
   * @default true
   */
  traits?: boolean;
}

/** mulberry32: small, fast, good enough for shaping test data; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = [
  'Order',
  'Product',
  'Cart',
  'Checkout',
  'Coupon',
  'Account',
  'Video',
  'Search',
  'Plan',
  'Invite',
];
const VERBS = ['Viewed', 'Added', 'Removed', 'Started', 'Completed', 'Shared', 'Updated', 'Failed'];
const WORDS = [
  'id',
  'name',
  'price',
  'count',
  'kind',
  'url',
  'email',
  'at',
  'code',
  'level',
  'label',
  'rank',
];
const FORMATS = ['date-time', 'email', 'uri', 'uuid', 'date'];

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** One property schema; `depth` bounds nesting (objects 2–3 levels deep). */
function property(r: Rand, depth: number, name: string): Json {
  const description: { [k: string]: Json } =
    r() < 0.5 ? { description: `The ${name.replace(/_/g, ' ')} of the event.` } : {};
  const roll = r();
  if (depth < 3 && roll < 0.1) return { ...description, ...object(r, depth + 1, int(r, 2, 5)) };
  if (depth < 3 && roll < 0.16) {
    return {
      ...description,
      type: 'array',
      items: object(r, depth + 1, int(r, 2, 4)),
      maxItems: 50,
    };
  }
  if (roll < 0.28)
    return {
      ...description,
      type: 'string',
      enum: ['alpha', 'beta', 'gamma', 'delta'].slice(0, int(r, 2, 4)),
    };
  if (roll < 0.36) return { ...description, type: 'string', pattern: '^[A-Z]{2}-[0-9]{3,6}$' };
  if (roll < 0.48) return { ...description, type: 'string', format: pick(r, FORMATS) };
  if (roll < 0.6)
    return { ...description, type: 'integer', minimum: 0, maximum: int(r, 10, 10_000) };
  if (roll < 0.7) return { ...description, type: 'number', minimum: 0 };
  if (roll < 0.8) return { ...description, type: 'boolean' };
  if (roll < 0.9) return { ...description, type: ['string', 'null'], maxLength: 200 };
  return { ...description, type: 'string', minLength: 1 };
}

function object(r: Rand, depth: number, count: number): { [k: string]: Json } {
  const properties: { [k: string]: Json } = {};
  for (let i = 0; i < count; i++) {
    const name = `${pick(r, WORDS)}_${i}`;
    properties[name] = property(r, depth, name);
  }
  const names = Object.keys(properties);
  const required = names.filter(() => r() < 0.4);
  return { type: 'object', properties, required, additionalProperties: false };
}

function trackRule(r: Rand, index: number, [min, max]: [number, number]): Rule {
  const key = `${pick(r, NOUNS)} ${pick(r, VERBS)} ${index}`;
  const payload = object(r, 1, int(r, min, max));
  return {
    type: 'TRACK',
    key,
    version: 1,
    jsonSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      description: `Synthetic event ${index}.`,
      labels: { team: pick(r, ['growth', 'core', 'data']) },
      properties: { context: {}, traits: {}, properties: payload },
      required: ['properties'],
    },
  };
}

function traitsRule(r: Rand, type: 'IDENTIFY' | 'GROUP'): Rule {
  return {
    type,
    key: null,
    version: 1,
    jsonSchema: { type: 'object', properties: { traits: object(r, 1, int(r, 5, 12)) } },
  };
}

/** Generates a plan in the Segment Public API shape (rules merged in). */
export function synthPlan(options: SynthOptions): Plan {
  const r = prng(options.seed ?? 1);
  const rules: Rule[] = [];
  for (let i = 0; i < options.events; i++)
    rules.push(trackRule(r, i, options.properties ?? [5, 30]));
  if (options.traits ?? true) rules.push(traitsRule(r, 'IDENTIFY'), traitsRule(r, 'GROUP'));
  return {
    id: `tp_synth_${options.events}`,
    name: `Synthetic ${options.events}`,
    type: 'LIVE',
    rules,
  };
}
