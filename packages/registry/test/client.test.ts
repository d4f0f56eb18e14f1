/** Client ⇄ registry over real HTTP on loopback: every operation, pagination, auth, retries. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@platen/compiler/api';
import {
  closedPortUrl,
  manyRules,
  startTestRegistry,
  trackRule,
  type TestRegistry,
} from './support/helpers.js';

let t: TestRegistry;
beforeAll(async () => {
  t = await startTestRegistry();
});
afterAll(() => t.stop());

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('plans', () => {
  it('create, get, list, update, delete', async () => {
    const c = t.client();
    const plan = await c.createPlan({ name: 'Web App', description: 'site', type: 'LIVE' });
    expect(plan.id).toMatch(/^tp_[0-9A-Za-z]{22}$/);
    expect(plan).toMatchObject({
      name: 'Web App',
      slug: 'web-app',
      description: 'site',
      type: 'LIVE',
    });
    expect(await c.getPlan(plan.id)).toEqual(plan);
    expect((await c.listAllPlans()).map((p) => p.id)).toContain(plan.id);
    expect(await c.updatePlan(plan.id, { name: 'Web', description: 'new' })).toEqual({
      status: 'SUCCESS',
    });
    expect(await c.getPlan(plan.id)).toMatchObject({
      name: 'Web',
      slug: 'web',
      description: 'new',
    });
    expect(await c.deletePlan(plan.id)).toEqual({ status: 'SUCCESS' });
    expect((await failure(c.getPlan(plan.id))).status).toBe(404);
  });

  it('filters the list by type', async () => {
    const c = t.client();
    const lib = await c.createPlan({ name: 'Lib', type: 'PROPERTY_LIBRARY' });
    const live = await c.createPlan({ name: 'Live', type: 'LIVE' });
    const ids = (await c.listAllPlans({ type: 'PROPERTY_LIBRARY' })).map((p) => p.id);
    expect(ids).toContain(lib.id);
    expect(ids).not.toContain(live.id);
  });
});

describe('rules', () => {
  it('replace, upsert (with rename), remove, and read back', async () => {
    const c = t.client();
    const { id } = await c.createPlan({ name: 'Rules', type: 'LIVE' });
    const identify = { type: 'IDENTIFY' as const, version: 1, jsonSchema: { type: 'object' } };
    await c.replaceRules(id, [trackRule('B'), trackRule('A'), trackRule('A', 2), identify]);
    const keys = async () => (await c.listAllRules(id)).map((r) => [r.type, r.key, r.version]);
    expect(await keys()).toEqual([
      ['TRACK', 'A', 1],
      ['TRACK', 'A', 2],
      ['TRACK', 'B', 1],
      ['IDENTIFY', null, 1],
    ]);
    await c.upsertRules(id, [
      trackRule('C'),
      { ...trackRule('B'), newKey: 'B2' },
      trackRule('A', 1, 'tax'),
    ]);
    expect(await keys()).toEqual([
      ['TRACK', 'A', 1],
      ['TRACK', 'A', 2],
      ['TRACK', 'B2', 1],
      ['TRACK', 'C', 1],
      ['IDENTIFY', null, 1],
    ]);
    const a1 = (await c.listAllRules(id)).find((r) => r.key === 'A' && r.version === 1);
    expect(JSON.stringify(a1?.jsonSchema)).toContain('"tax"');
    await c.removeRules(id, [
      { type: 'TRACK', key: 'A', version: 2 },
      { type: 'IDENTIFY', version: 1 },
    ]);
    expect(await keys()).toEqual([
      ['TRACK', 'A', 1],
      ['TRACK', 'B2', 1],
      ['TRACK', 'C', 1],
    ]);
  });

  it('keeps every revision and reads the plan as it was', async () => {
    const c = t.client();
    const { id } = await c.createPlan({ name: 'History', type: 'LIVE' });
    await c.replaceRules(id, [trackRule('A'), trackRule('B')]);
    await c.upsertRules(id, [trackRule('C')]);
    await c.removeRules(id, [{ type: 'TRACK', key: 'A', version: 1 }]);
    const { revisions } = await c.listRuleHistory(id);
    expect(
      revisions.map((r) => [r.revision, r.operation, r.added, r.changed, r.removed, r.ruleCount]),
    ).toEqual([
      [1, 'REPLACE', 2, 0, 0, 2],
      [2, 'UPSERT', 1, 0, 0, 3],
      [3, 'REMOVE', 0, 0, 1, 2],
    ]);
    const at = async (revision: number) =>
      (await c.listAllRules(id, { revision })).map((r) => r.key).join(',');
    expect([await at(0), await at(1), await at(2), await at(3)]).toEqual([
      '',
      'A,B',
      'A,B,C',
      'B,C',
    ]);
    expect((await failure(c.listRules(id, { revision: 4 }))).status).toBe(404);
  });

  it.each([
    ['page size 1', 1, 450],
    ['page size 2', 2, 225],
    ['page size 200', 200, 3],
  ])('follows pagination with %s over 450 rules', async (_n, pageSize, pages) => {
    const c = t.client();
    const { id } = await c.createPlan({ name: `Pages ${pageSize}`, type: 'LIVE' });
    const rules = manyRules(450);
    await c.replaceRules(id, rules);
    let requests = 0;
    const counting = t.client(t.readToken, {
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    const got = await counting.listAllRules(id, { pageSize });
    expect(requests).toBe(pages);
    expect(got.map((r) => r.key)).toEqual(rules.map((r) => r.key));
    const first = await c.listRules(id, { count: pageSize });
    expect(first.pagination.totalEntries).toBe(450);
    expect(first.pagination.previous).toBeUndefined();
  });

  it('paginates a consistent snapshot while another client writes', async () => {
    const c = t.client();
    const { id } = await c.createPlan({ name: 'Snapshot', type: 'LIVE' });
    await c.replaceRules(id, manyRules(10));
    const first = await c.listRules(id, { count: 4 });
    await c.replaceRules(id, [trackRule('Only')]);
    const second = await c.listRules(id, { count: 4, cursor: first.pagination.next });
    expect(second.rules.map((r) => r.key)).toEqual([
      'Event 004',
      'Event 005',
      'Event 006',
      'Event 007',
    ]);
  });
});

describe('auth', () => {
  it.each([
    ['no token', '', 401],
    ['a wrong token', 'plt_write_not-a-real-token', 401],
  ])('answers %s with %i on reads', async (_n, token, status) => {
    const err = await failure(t.client(token).listPlans());
    expect(err.status).toBe(status);
  });

  it('lets a read token read but not write (403)', async () => {
    const reader = t.client(t.readToken);
    await expect(reader.listPlans()).resolves.toBeDefined();
    const err = await failure(reader.createPlan({ name: 'Nope', type: 'LIVE' }));
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/^403 /);
  });

  it('never puts the token in an error message, even when the URL holds it', async () => {
    const secret = 'plt_write_SECRET-value-1234567890';
    const offline = await closedPortUrl();
    const err = await failure(
      t
        .client(secret, { baseUrl: `${offline.replace('127.0.0.1', secret + '@127.0.0.1')}` })
        .listPlans(),
    );
    expect(err.message).not.toContain(secret);
  });
});

describe('retries', () => {
  it.each([
    ['two 429s', '429', 2],
    ['a 503', '503', 1],
    ['a 500 then a 502', '500,502', 1],
  ])('recovers from %s', async (_n, statuses, count) => {
    const retried: string[] = [];
    const c = t.client(t.writeToken, { onRetry: (r) => retried.push(r.reason) });
    for (const s of statuses.split(',')) t.registry.faults.add(Number(s), count);
    await expect(c.listPlans()).resolves.toHaveProperty('trackingPlans');
    expect(retried.map((r) => r.slice(0, 3))).toEqual(
      statuses.split(',').flatMap((s) => Array(count).fill(s)),
    );
    expect(t.registry.faults.pending).toBe(0);
  });

  it('waits as long as a 429 asks (msBeforeNext)', async () => {
    const waits: number[] = [];
    const c = t.client(t.writeToken, { sleep: async (ms) => void waits.push(ms) });
    t.registry.faults.add(429, 1);
    await c.listPlans();
    expect(waits).toEqual([5]);
  });

  it('gives up after the retry bound with the last status', async () => {
    t.registry.faults.add(503, 10);
    const err = await failure(t.client().listPlans());
    expect(err.message).toBe('503 injected fault 503');
    // 1 attempt + 3 retries consumed 4 faults.
    expect(t.registry.faults.pending).toBe(6);
    while (t.registry.faults.next() !== undefined);
  });

  it('does not repeat a plan creation after a 500 (it may have happened)', async () => {
    t.registry.faults.add(500, 1);
    const err = await failure(t.client().createPlan({ name: 'Once', type: 'LIVE' }));
    expect(err.status).toBe(500);
  });

  it('times out a request that gets no answer, and retries it', async () => {
    // A server that accepts requests and never answers them.
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const reasons: string[] = [];
    const c = t.client(t.writeToken, {
      baseUrl: url,
      timeoutMs: 100,
      retry: { retries: 1, baseDelayMs: 1 },
      onRetry: (r) => reasons.push(r.reason),
    });
    const err = await failure(c.listPlans());
    silent.closeAllConnections();
    silent.close();
    expect([err.status, err.type, err.message]).toEqual([
      0,
      'timeout',
      `timed out after 100 ms waiting for ${url}`,
    ]);
    expect(reasons).toEqual([err.message]);
  });

  it('retries network errors a bounded number of times', async () => {
    const offline = await closedPortUrl();
    let attempts = 0;
    const c = t.client(t.writeToken, {
      baseUrl: offline,
      fetch: (input, init) => {
        attempts++;
        return fetch(input, init);
      },
    });
    const err = await failure(c.listPlans());
    expect(err.status).toBe(0);
    expect(err.message).toBe(`could not reach ${offline}: ECONNREFUSED`);
    expect(attempts).toBe(4);
  });
});
