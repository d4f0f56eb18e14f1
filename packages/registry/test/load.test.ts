/**
 * Load: 50 concurrent writers replace and upsert rules on one plan. The history must hold one revision per
 * acknowledged write, and replaying the writes in revision order must give every stored state — so the
 * outcome is one of the serial orders and no write was lost. Prints throughput and latency figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVISION_HEADER } from '../src/index.js';
import type { ApiRuleInput } from '@platen/compiler/api';
import { startTestRegistry, trackRule, type TestRegistry } from './support/helpers.js';

const WRITERS = 50;
const WRITES_EACH = 4;

interface Write {
  method: 'PUT' | 'PATCH';
  rules: ApiRuleInput[];
}

/** Writer `w`'s `j`-th write: PUTs and PATCHes alternate, and all of them touch the shared rule "Shared". */
function writeOf(w: number, j: number): Write {
  const shared = trackRule('Shared', 1, `w${w}j${j}`);
  return (w + j) % 2 === 0
    ? { method: 'PUT', rules: [trackRule(`W${w}`, 1, `p${j}`), shared] }
    : { method: 'PATCH', rules: [trackRule(`U${w}-${j}`), shared] };
}

/** Applies a write to a model of the plan: identity → schema text. */
function apply(model: Map<string, string>, write: Write): void {
  if (write.method === 'PUT') model.clear();
  for (const r of write.rules)
    model.set(`${r.type}|${r.key}|${r.version}`, JSON.stringify(r.jsonSchema));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

let t: TestRegistry;
beforeAll(async () => {
  t = await startTestRegistry();
});
afterAll(() => t.stop());

describe('load: concurrent writers on one plan', () => {
  it(`${WRITERS} writers × ${WRITES_EACH} writes: serializable, nothing lost`, async () => {
    const { id } = await t.client().createPlan({ name: 'Load', type: 'LIVE' });
    const acknowledged = new Map<number, Write>();
    const latencies: number[] = [];
    let errors = 0;
    // Open the 50 keep-alive connections first, so the figures measure requests, not TCP handshakes.
    await Promise.all(
      Array.from({ length: WRITERS }, () =>
        fetch(`${t.registry.url}/tracking-plans/${id}`, {
          headers: { authorization: `Bearer ${t.readToken}` },
        }).then((r) => r.text()),
      ),
    );
    const started = performance.now();
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let j = 0; j < WRITES_EACH; j++) {
          const write = writeOf(w, j);
          const t0 = performance.now();
          const res = await fetch(`${t.registry.url}/tracking-plans/${id}/rules`, {
            method: write.method,
            headers: {
              authorization: `Bearer ${t.writeToken}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ rules: write.rules }),
          }).catch(() => undefined);
          latencies.push(performance.now() - t0);
          if (!res?.ok) {
            errors++;
            continue;
          }
          await res.text();
          acknowledged.set(Number(res.headers.get(REVISION_HEADER)), write);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const total = WRITERS * WRITES_EACH;
    console.log(
      `registry load: ${total} writes by ${WRITERS} concurrent writers in ${seconds.toFixed(2)} s = ` +
        `${(total / seconds).toFixed(0)} requests/s; latency p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(1)} ms; errors ${errors}`,
    );
    expect(errors).toBe(0);
    // One distinct revision per acknowledged write, numbered 1..N without gaps.
    expect([...acknowledged.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    const history = await t.client(t.readToken).listRuleHistory(id, { count: 1000 });
    expect(history.revisions.map((r) => [r.revision, r.operation])).toEqual(
      [...acknowledged]
        .sort(([a], [b]) => a - b)
        .map(([rev, w]) => [rev, w.method === 'PUT' ? 'REPLACE' : 'UPSERT']),
    );
    // Replaying the writes in revision order reproduces the state the registry stored after each one.
    const model = new Map<string, string>();
    const reader = t.client(t.readToken);
    for (let rev = 1; rev <= total; rev++) {
      apply(model, acknowledged.get(rev)!);
      // Checking every 10th revision and the last keeps the test quick while still sampling the whole run.
      if (rev % 10 !== 0 && rev !== total) continue;
      const stored = await reader.listAllRules(id, { revision: rev });
      const actual = new Map(
        stored.map((r) => [`${r.type}|${r.key}|${r.version}`, JSON.stringify(r.jsonSchema)]),
      );
      expect(actual, `state after revision ${rev}`).toEqual(model);
    }
    const current = await reader.listAllRules(id);
    expect(
      new Map(
        current.map((r) => [`${r.type}|${r.key}|${r.version}`, JSON.stringify(r.jsonSchema)]),
      ),
    ).toEqual(model);
  });
});
