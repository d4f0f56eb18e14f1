/** Idempotence and determinism: the same plan gives the same bytes, whatever its key or rule order. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { parsePlanText } from '../../src/plan/index.js';
import type { Json } from '../../src/plan/types.js';
import { prng } from '../support/synth.js';
import { clearValidatorCache } from '../../src/validators/index.js';
import { REPO } from '../support/helpers.js';

/**
 * Deep copy with every object's keys in a random (seeded) order; arrays keep their order. The
 * members of a `properties` map keep theirs: that order is the plan's documentation order, which
 * the generated types follow by design (IR contract), so it is content, not noise.
 */
function shuffleKeys(value: Json, random: () => number, keepOrder = false): Json {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  for (let i = keepOrder ? 0 : keys.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  const out: { [k: string]: Json } = {};
  for (const k of keys)
    Object.defineProperty(out, k, {
      value: shuffleKeys(value[k]!, random, k === 'properties'),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

async function build(text: string, mode: 'dev' | 'prod' = 'dev') {
  const { loaded } = parsePlanText(text, 'plan.json');
  return compile(loaded!, { language: 'typescript', sdk: 'analytics-next', mode });
}

const PLANS = [
  'fixtures/example/plan.json',
  'fixtures/cases/hostile-names/plan.json',
  'fixtures/cases/refs/plan.json',
  'fixtures/cases/versions/plan.json',
];

describe('determinism', () => {
  it.each(PLANS)('%s: building twice gives the same bytes, cold or cached', async (path) => {
    const text = readFileSync(join(REPO, path), 'utf8');
    clearValidatorCache();
    const first = await build(text);
    const second = await build(text);
    expect(second.files).toEqual(first.files);
    expect(first.files.length).toBeGreaterThan(3);
  });

  it.each(PLANS)('%s: shuffled key order and rule order give the same bytes', async (path) => {
    const text = readFileSync(join(REPO, path), 'utf8');
    const plan = JSON.parse(text) as { rules: Json[] };
    const random = prng(42);
    const shuffled = shuffleKeys(plan as unknown as Json, random) as unknown as { rules: Json[] };
    shuffled.rules = [...shuffled.rules].reverse();
    const want = await build(text);
    const got = await build(JSON.stringify(shuffled, null, 2));
    // The plan hash is over the plan's content, so it may legitimately differ; nothing else may.
    const strip = (files: typeof want.files) =>
      files.map((f) =>
        f.path === 'platen.manifest.json'
          ? { ...f, contents: f.contents.replace(/"hash": "[0-9a-f]+"/, '') }
          : f,
      );
    expect(strip(got.files)).toEqual(strip(want.files));
  });

  it('never mutates the loaded plan', async () => {
    const { loaded } = parsePlanText(
      readFileSync(join(REPO, 'fixtures/cases/unions/plan.json'), 'utf8'),
      'plan.json',
    );
    const before = JSON.stringify(loaded);
    await compile(loaded!, { language: 'typescript', sdk: 'analytics-next', mode: 'dev' });
    expect(JSON.stringify(loaded)).toBe(before);
  });
});
