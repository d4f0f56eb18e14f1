/**
 * A smoke test with the real `@segment/analytics-node` pointed at the registry (`host`), and the
 * proof that ingest does not wait on a slow read: with the compiled package (whose reads run on a
 * worker thread), batches are acknowledged and committed while a read that takes seconds is running.
 */
import { describe, expect, it } from 'vitest';
import { Analytics } from '@segment/analytics-node';
import { openReadConnection, readViolations, readVolumes } from '../../src/index.js';
import { startMonitorRegistry, track, trackRule } from './support.js';

describe('@segment/analytics-node', () => {
  it('sends through host to /v1/batch; the counts and violations are what was sent', async () => {
    const m = await startMonitorRegistry([
      trackRule('Order Completed', { revenue: { type: 'number' } }, ['revenue']),
      {
        type: 'IDENTIFY',
        key: null,
        version: 1,
        jsonSchema: {
          type: 'object',
          properties: { traits: { type: 'object', properties: { email: { type: 'string' } } } },
        },
      },
    ]);
    m.clock.now = Date.now();
    try {
      const analytics = new Analytics({
        writeKey: m.source.write_key,
        host: m.url,
        flushAt: 5,
        maxRetries: 0,
      });
      const errors: unknown[] = [];
      analytics.on('error', (e) => errors.push(e));
      analytics.track({ userId: 'u1', event: 'Order Completed', properties: { revenue: 10 } });
      analytics.track({ userId: 'u1', event: 'Order Completed', properties: { revenue: '10' } });
      analytics.track({ userId: 'u1', event: 'Order Completed', properties: {} });
      analytics.track({ userId: 'u1', event: 'Unplanned Thing', properties: { a: 1 } });
      analytics.identify({ userId: 'u1', traits: { email: 'a@b.c', plan: 'pro' } });
      analytics.page({ userId: 'u1', name: 'Home' });
      await analytics.closeAndFlush({ timeout: 10_000 });
      expect(errors).toEqual([]);
      const db = openReadConnection(m.dbPath);
      const volumes = readVolumes(db);
      const violations = readViolations(db);
      db.close();
      const by = (type: string, event: string) =>
        volumes.find((r) => r.type === type && r.event === event);
      expect(by('track', 'Order Completed')).toMatchObject({
        received: 3,
        valid: 1,
        invalid: 2,
        violations: { wrong_type: 1, missing_required: 1 },
      });
      expect(by('track', 'Unplanned Thing')).toMatchObject({
        planned: false,
        violations: { unplanned_event: 1 },
      });
      expect(by('identify', '')).toMatchObject({
        received: 1,
        invalid: 1,
        unplanned_properties: 1,
      });
      expect(by('page', 'Home')).toMatchObject({ received: 1, valid: 1 });
      expect(violations.map((v) => `${v.class} ${v.path}`).sort()).toEqual([
        'missing_required /properties/revenue',
        'unplanned_event /event',
        'unplanned_property /traits/plan',
        'wrong_type /properties/revenue',
      ]);
    } finally {
      await m.stop();
    }
  });
});

describe('ingest never waits on a slow read', () => {
  it('commits batches while the reader thread sits inside an open read transaction', async () => {
    // The compiled package: its reader runs on a worker thread (from sources it cannot).
    const registry = await import('@platen/registry');
    const m = await startMonitorRegistry([trackRule('Ping', {})]);
    try {
      await m.registry.close();
      const live = await registry.startRegistry({ db: m.dbPath, monitor: { tickMs: 0 } });
      const reader = (
        live.monitor as unknown as {
          reader: { threaded: boolean; run(n: 'hold', s: Int32Array): Promise<number> };
        }
      ).reader;
      expect(reader.threaded).toBe(true);
      const signal = new Int32Array(new SharedArrayBuffer(8));
      const held = reader.run('hold', signal);
      // Wait until the reader holds its snapshot (and its thread is busy).
      while (Atomics.load(signal, 1) === 0) await new Promise((r) => setTimeout(r, 5));
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${live.url}/v1/batch`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${m.source.write_key}:`).toString('base64')}`,
          },
          body: JSON.stringify({ batch: [track('Ping', {})] }),
        });
        expect(res.status).toBe(200);
      }
      // All five committed while the read is still open: another connection sees them.
      const db = openReadConnection(m.dbPath);
      expect(readVolumes(db)[0]!.received).toBe(5);
      db.close();
      expect(Atomics.load(signal, 0)).toBe(0);
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
      // The read saw its snapshot from before the batches: no rows.
      expect(await held).toBe(0);
      await live.close();
    } finally {
      await m.stop().catch(() => {});
    }
  });
});
