/**
 * Instances for a generated schema: a best-effort valid one, then near-miss mutations of it (a
 * missing required key, a wrong type, an extra key, a value outside an enum, a number or array
 * nudged past a bound). Validity is never assumed: the oracle decides, the tests compare.
 */
import type { Json } from '../../src/plan/types.js';
import { PATTERNS } from './agreement-schemas.js';
import type { GenSchema } from './agreement-schemas.js';

type Obj = { [key: string]: Json };

/** A seeded PRNG (mulberry32): the same seed gives the same instances on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2024-02-29T12:30:00Z',
  date: '2024-02-29',
  time: '12:30:00Z',
  email: 'a@b.co',
  uri: 'https://example.com/a?b=c',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  ipv4: '10.0.0.1',
  hostname: 'example.com',
};

const isObj = (v: Json | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Generates instances for `gen`: one valid attempt and `count - 1` mutations of fresh valid attempts. */
export function instancesFor(gen: GenSchema, count: number, random: () => number): Json[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const resolve = (s: Json): Json =>
    isObj(s) && typeof s.$ref === 'string'
      ? gen.definitions[s.$ref.slice('#/definitions/'.length)]!
      : s;

  const valid = (schema: Json, depth: number): Json => {
    const s = resolve(schema);
    if (!isObj(s)) return null;
    // Copies: a mutation must never reach into the schema's own enum or const value.
    if (Array.isArray(s.enum)) return s.enum.length > 0 ? structuredClone(pick(s.enum)) : 'none';
    if (s.const !== undefined) return structuredClone(s.const);
    if (Array.isArray(s.anyOf ?? s.oneOf))
      return valid(pick((s.anyOf ?? s.oneOf) as Json[]), depth);
    if (Array.isArray(s.allOf)) {
      const merged: Obj = {};
      for (const part of s.allOf) Object.assign(merged, valid(part, depth) as Obj);
      return merged;
    }
    const type = Array.isArray(s.type) ? pick(s.type as string[]) : (s.type as string | undefined);
    switch (type) {
      case 'string':
        if (typeof s.format === 'string') return FORMAT_SAMPLES[s.format] ?? 'x';
        if (typeof s.pattern === 'string') return PATTERNS[s.pattern] ?? 'x';
        return 'abcd'.slice(0, Math.max(Number(s.minLength ?? 0), Math.floor(random() * 4)));
      case 'integer':
      case 'number': {
        const n = pick([0, 1, 2, 4, 10, -1]);
        return type === 'number' && random() < 0.2 ? n + 0.5 : n;
      }
      case 'boolean':
        return random() < 0.5;
      case 'null':
        return null;
      case 'array': {
        if (Array.isArray(s.items)) {
          const n = Math.floor(random() * (s.items.length + 1));
          return s.items
            .slice(0, Math.max(n, Number(s.minItems ?? 0)))
            .map((i) => valid(i, depth + 1));
        }
        const n = depth > 3 ? 0 : Math.floor(random() * 3);
        return Array.from({ length: Math.max(n, Number(s.minItems ?? 0)) }, () =>
          valid((s.items as Json | undefined) ?? {}, depth + 1),
        );
      }
      case 'object': {
        const out: Obj = {};
        const required = new Set((s.required as string[] | undefined) ?? []);
        for (const [name, sub] of Object.entries((s.properties as Obj | undefined) ?? {})) {
          // Deep recursion stops at optional keys; a `null` branch ends a linked list.
          if (required.has(name) || (depth < 4 && random() < 0.6))
            out[name] = valid(sub, depth + 1);
        }
        for (const name of required) if (!(name in out)) out[name] = 'any';
        if (isObj(s.additionalProperties) && random() < 0.5)
          out['extra key'] = valid(s.additionalProperties, depth + 1);
        return out;
      }
      default:
        return pick<Json>([1, 'free', null, { k: [true] }]);
    }
  };

  const wrongValue = (v: Json): Json =>
    typeof v === 'string'
      ? pick<Json>([7, null, 'zz not in enum'])
      : typeof v === 'number'
        ? pick<Json>(['7', v + 0.5, -v - 100])
        : pick<Json>(['s', 3, {}, []]);

  // Every position in the value, so a mutation can land at any depth.
  const positions = (v: Json, out: Json[] = []): Json[] => {
    out.push(v);
    if (Array.isArray(v)) v.forEach((x) => positions(x, out));
    else if (isObj(v)) Object.values(v).forEach((x) => positions(x, out));
    return out;
  };
  const mutate = (root: Json): Json => {
    const containers = positions(root).filter((p) => typeof p === 'object' && p !== null) as (
      Obj | Json[]
    )[];
    const target = pick(containers);
    if (Array.isArray(target)) {
      const op = random();
      if (op < 0.3 && target.length > 0) target.pop();
      else if (op < 0.6) target.push(target.length > 0 ? pick(target) : 'x');
      else if (target.length > 0) {
        const i = Math.floor(random() * target.length);
        target[i] = wrongValue(target[i]!);
      } else target.push(1);
      return root;
    }
    const keys = Object.keys(target);
    const op = random();
    if (op < 0.25 && keys.length > 0)
      delete target[pick(keys)]; // a missing (maybe required) key
    else if (op < 0.5)
      target[pick(['unplanned', 'a', 'b', 'kind', 'x-y'])] = pick<Json>([1, 'a', null]); // an extra key
    else if (keys.length > 0) {
      const key = pick(keys);
      target[key] = wrongValue(target[key]!); // a wrong type, or a value outside an enum
    } else target['unplanned'] = true;
    return root;
  };

  const out: Json[] = [valid(gen.payload, 0)];
  while (out.length < count) out.push(mutate(valid(gen.payload, 0)));
  return out;
}
