/**
 * Delivery: a real HTTP receiver on 127.0.0.1, retries with exponential backoff on injected timers
 * (no waiting), every attempt logged in SQLite, signatures verified by the receiver.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegistryDb, type RegistryDb } from '../../src/db.js';
import { Deliverer } from '../../src/alerts/deliver.js';
import { putTarget } from '../../src/alerts/store.js';
import { MESSAGE_HEADER } from '../../src/alerts/payloads.js';
import { ManualTimers, startReceiver, tempDir, type Receiver } from './support.js';

const SECRET = 'whsec_deliver_test';
let dir: string;
let db: RegistryDb;
let receiver: Receiver;
let clock: number;

beforeEach(async () => {
  dir = tempDir('alerts-deliver');
  db = openRegistryDb(join(dir, 'r.db'));
  clock = Date.parse('2026-05-01T00:00:00Z');
  receiver = await startReceiver({ secret: SECRET, nowS: () => Math.floor(clock / 1000) });
  putTarget(
    db,
    { name: 'hook', type: 'webhook', url: `${receiver.url}/signed`, secret: SECRET },
    'api',
    new Date(clock),
  );
  putTarget(
    db,
    { name: 'slack', type: 'slack', url: `${receiver.url}/slack` },
    'api',
    new Date(clock),
  );
  // deliveries reference an incident row
  db.prepare(
    `INSERT INTO incidents (id, monitor_name, kind, status, opened_at, state, peak_score)
     VALUES (1, 'm', 'volume', 'open', 0, '{}', 1)`,
  ).run();
});

afterEach(async () => {
  await receiver.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function attempts(id: number) {
  return db
    .prepare(
      'SELECT attempt, at, http_status, error, outcome FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt',
    )
    .all(id) as {
    attempt: number;
    at: number;
    http_status: number | null;
    error: string | null;
    outcome: string;
  }[];
}
const status = (id: number) =>
  db.prepare('SELECT status, attempts FROM deliveries WHERE id = ?').get(id) as {
    status: string;
    attempts: number;
  };

describe('Deliverer', () => {
  it('retries a failing receiver with doubling waits, logs every attempt, and delivers the same signed bytes', async () => {
    const timers = new ManualTimers();
    const deliverer = new Deliverer(db, { now: () => clock, timers, baseDelayMs: 1000 });
    receiver.failNext(3, 503);
    const id = deliverer.enqueue(
      1,
      { name: 'hook', type: 'webhook', url: '' },
      'alert',
      '{"type":"alert"}',
    );
    deliverer.kick();
    await deliverer.idle();
    for (let i = 0; i < 3; i++) {
      expect(timers.size).toBe(1);
      clock += timers.delays.at(-1)!;
      timers.fireAll();
      await deliverer.idle();
    }
    expect(timers.delays).toEqual([1000, 2000, 4000]);
    expect(timers.size).toBe(0);
    expect(status(id)).toEqual({ status: 'delivered', attempts: 4 });
    expect(attempts(id).map((a) => [a.attempt, a.http_status, a.outcome])).toEqual([
      [1, 503, 'retry'],
      [2, 503, 'retry'],
      [3, 503, 'retry'],
      [4, 200, 'delivered'],
    ]);
    // The attempt log follows the injected clock.
    const t0 = Date.parse('2026-05-01T00:00:00Z');
    expect(attempts(id).map((a) => a.at - t0)).toEqual([0, 1000, 3000, 7000]);
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.body))).toEqual(new Set(['{"type":"alert"}']));
    expect(receiver.received.every((r) => r.verified === true)).toBe(true);
    expect(receiver.received.every((r) => r.headers[MESSAGE_HEADER] === 'alert')).toBe(true);
    // The same delivery id on every retry, so a receiver can drop duplicates.
    expect(new Set(receiver.received.map((r) => r.headers['platen-delivery']))).toEqual(
      new Set([String(id)]),
    );
  });

  it('waits at least as long as a 429 Retry-After asks', async () => {
    const timers = new ManualTimers();
    const deliverer = new Deliverer(db, { now: () => clock, timers, baseDelayMs: 1000 });
    receiver.failNext(1, 429, { 'retry-after': '30' });
    const id = deliverer.enqueue(
      1,
      { name: 'slack', type: 'slack', url: '' },
      'alert',
      '{"text":"x"}',
    );
    deliverer.kick();
    await deliverer.idle();
    expect(timers.delays).toEqual([30_000]);
    timers.fireAll();
    await deliverer.idle();
    expect(status(id).status).toBe('delivered');
  });

  it('gives up after maxAttempts, marking the delivery failed and logging it', async () => {
    const timers = new ManualTimers();
    const lines: string[] = [];
    const deliverer = new Deliverer(db, {
      now: () => clock,
      timers,
      maxAttempts: 3,
      log: (l) => lines.push(l),
    });
    receiver.failNext(100, 500);
    const id = deliverer.enqueue(1, { name: 'hook', type: 'webhook', url: '' }, 'resolved', '{}');
    deliverer.kick();
    await deliverer.idle();
    while (timers.size > 0) {
      timers.fireAll();
      await deliverer.idle();
    }
    expect(status(id)).toEqual({ status: 'failed', attempts: 3 });
    expect(attempts(id).map((a) => a.outcome)).toEqual(['retry', 'retry', 'failed']);
    expect(lines.join('\n')).toMatch(
      /gave up delivery \d+ \(resolved\) to "hook" after 3 attempt\(s\): HTTP 500/,
    );
  });

  it('does not retry a permanent refusal (404 from a deleted Slack webhook)', async () => {
    const timers = new ManualTimers();
    const deliverer = new Deliverer(db, { now: () => clock, timers });
    receiver.failNext(1, 404);
    const id = deliverer.enqueue(1, { name: 'slack', type: 'slack', url: '' }, 'alert', '{}');
    deliverer.kick();
    await deliverer.idle();
    expect(timers.size).toBe(0);
    expect(status(id)).toEqual({ status: 'failed', attempts: 1 });
    expect(attempts(id)[0]).toMatchObject({ http_status: 404, outcome: 'failed' });
  });

  it('retries when nothing listens (connection refused), logging the error', async () => {
    const timers = new ManualTimers();
    putTarget(
      db,
      { name: 'gone', type: 'slack', url: 'http://127.0.0.1:9/' },
      'api',
      new Date(clock),
    );
    const deliverer = new Deliverer(db, { now: () => clock, timers });
    const id = deliverer.enqueue(1, { name: 'gone', type: 'slack', url: '' }, 'alert', '{}');
    deliverer.kick();
    await deliverer.idle();
    expect(status(id)).toEqual({ status: 'pending', attempts: 1 });
    expect(attempts(id)[0]!.http_status).toBeNull();
    expect(attempts(id)[0]!.error).toBeTruthy();
    expect(timers.delays).toEqual([1000]);
  });

  it('a receiver with another secret refuses the signature (401), which is not retried', async () => {
    putTarget(
      db,
      { name: 'hook', type: 'webhook', url: `${receiver.url}/signed`, secret: 'wrong' },
      'api',
      new Date(clock),
    );
    const timers = new ManualTimers();
    const deliverer = new Deliverer(db, { now: () => clock, timers });
    const id = deliverer.enqueue(1, { name: 'hook', type: 'webhook', url: '' }, 'alert', '{}');
    deliverer.kick();
    await deliverer.idle();
    expect(receiver.received[0]!.verified).toBe(false);
    expect(status(id)).toEqual({ status: 'failed', attempts: 1 });
  });

  it('picks up a pending delivery after a restart (a new Deliverer over the same database)', async () => {
    const timers = new ManualTimers();
    receiver.failNext(1, 500);
    const first = new Deliverer(db, { now: () => clock, timers });
    const id = first.enqueue(1, { name: 'slack', type: 'slack', url: '' }, 'alert', '{}');
    first.kick();
    await first.idle();
    await first.close();
    expect(status(id).status).toBe('pending');
    clock += 60_000;
    const second = new Deliverer(db, { now: () => clock, timers: new ManualTimers() });
    second.kick();
    await second.idle();
    expect(status(id)).toEqual({ status: 'delivered', attempts: 2 });
  });
});
