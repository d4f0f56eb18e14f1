/**
 * Rollups over time with the injected clock: days replayed in seconds, the closed-interval hook,
 * coarser read intervals, retention, the 1-minute interval, and dedupe by messageId across a restart.
 */
import { describe, expect, it } from 'vitest';
import {
  openReadConnection,
  readViolations,
  readVolumes,
  startRegistry,
  type ClosedInterval,
} from '../../src/index.js';
import { startMonitorRegistry, T0, track, trackRule } from './support.js';

const HOUR = 3_600_000;
const RULES = [trackRule('Order Completed', { revenue: { type: 'number' } }, ['revenue'])];

function volumes(dbPath: string, q = {}) {
  const db = openReadConnection(dbPath);
  try {
    return readVolumes(db, q);
  } finally {
    db.close();
  }
}

describe('intervals', () => {
  it('replays three days hour by hour: one row per hour, counts per hour, the hook once per closed hour', async () => {
    const m = await startMonitorRegistry(RULES);
    const closed: ClosedInterval[] = [];
    m.registry.monitor.onIntervalClosed((i) => closed.push(i));
    try {
      for (let h = 0; h < 72; h++) {
        m.clock.now = T0 + h * HOUR + 1000;
        // h % 5 + 1 messages, the last invalid on even hours.
        const batch = Array.from({ length: (h % 5) + 1 }, (_, i) =>
          track('Order Completed', { revenue: h % 2 === 0 && i === 0 ? 'x' : i }),
        );
        expect((await m.send('/v1/batch', { batch })).status).toBe(200);
      }
      m.clock.now = T0 + 72 * HOUR;
      m.registry.monitor.tick();
      await new Promise((r) => setImmediate(r));
      const rows = volumes(m.dbPath);
      expect(rows).toHaveLength(72);
      rows.forEach((r, h) => {
        expect(r.start).toBe(new Date(T0 + h * HOUR).toISOString());
        expect([r.received, r.invalid]).toEqual([(h % 5) + 1, h % 2 === 0 ? 1 : 0]);
      });
      expect(closed.map((c) => c.start)).toEqual(
        Array.from({ length: 72 }, (_, h) => T0 + h * HOUR),
      );
      expect(closed.every((c) => c.end - c.start === HOUR && c.intervalMs === HOUR)).toBe(true);
      // Read by day: three points, each the sum of its 24 hours.
      const days = volumes(m.dbPath, { interval: 24 * HOUR });
      expect(days.map((d) => d.received)).toEqual(
        [0, 1, 2].map((d) =>
          Array.from({ length: 24 }, (_, h) => ((d * 24 + h) % 5) + 1).reduce((a, b) => a + b, 0),
        ),
      );
      // from/to select whole intervals.
      expect(
        volumes(m.dbPath, { from: T0 + 24 * HOUR, to: T0 + 26 * HOUR }).map((r) => r.received),
      ).toEqual([(24 % 5) + 1, (25 % 5) + 1]);
    } finally {
      await m.stop();
    }
  });

  it('closes the empty intervals between two busy ones, in order, and each only once', async () => {
    const m = await startMonitorRegistry(RULES, { intervalMs: 60_000 });
    const closed: number[] = [];
    m.registry.monitor.onIntervalClosed((i) => closed.push(i.start));
    try {
      m.clock.now = T0 + 10_000;
      await m.send('/v1/batch', { batch: [track('Order Completed', { revenue: 1 })] });
      m.clock.now = T0 + 4 * 60_000 + 5;
      await m.send('/v1/batch', { batch: [track('Order Completed', { revenue: 1 })] });
      m.registry.monitor.tick();
      m.registry.monitor.tick();
      await new Promise((r) => setImmediate(r));
      expect(closed).toEqual([T0, T0 + 60_000, T0 + 120_000, T0 + 180_000]);
      expect(volumes(m.dbPath).map((r) => r.start)).toEqual([
        new Date(T0).toISOString(),
        new Date(T0 + 240_000).toISOString(),
      ]);
    } finally {
      await m.stop();
    }
  });

  it('deletes rollups and violations older than the retention', async () => {
    const m = await startMonitorRegistry(RULES, { retainMs: 2 * 86_400_000 });
    try {
      for (const day of [0, 1, 2, 3]) {
        m.clock.now = T0 + day * 86_400_000;
        await m.send('/v1/batch', { batch: [track('Order Completed', { revenue: 'x' })] });
      }
      m.clock.now = T0 + 3 * 86_400_000 + HOUR;
      m.registry.monitor.tick();
      await new Promise((r) => setTimeout(r, 50));
      // Day 3 + 1 h minus two days: days 0 is gone, day 1 (at T0 + 1 d) is older than the cut too.
      expect(volumes(m.dbPath).map((r) => r.start)).toEqual([
        new Date(T0 + 2 * 86_400_000).toISOString(),
        new Date(T0 + 3 * 86_400_000).toISOString(),
      ]);
      const db = openReadConnection(m.dbPath);
      expect(readViolations(db).reduce((n, v) => n + v.count, 0)).toBe(2);
      db.close();
    } finally {
      await m.stop();
    }
  });
});

describe('dedupe by messageId', () => {
  it('a batch sent twice (within and across batches) is counted once', async () => {
    const m = await startMonitorRegistry(RULES);
    try {
      const a = track('Order Completed', { revenue: 1 });
      const b = track('Order Completed', { revenue: 'x' });
      expect((await m.send('/v1/batch', { batch: [a, b, a] })).status).toBe(200);
      expect((await m.send('/v1/batch', { batch: [a, b] })).status).toBe(200);
      expect(volumes(m.dbPath)).toMatchObject([{ received: 2, valid: 1, invalid: 1 }]);
    } finally {
      await m.stop();
    }
  });

  it('remembers committed messageIds across a restart, and forgets them after two windows', async () => {
    const m = await startMonitorRegistry(RULES, { dedupeWindowMs: 60_000 });
    const batch = [
      track('Order Completed', { revenue: 1 }),
      track('Order Completed', { revenue: 2 }),
    ];
    try {
      expect((await m.send('/v1/batch', { batch })).status).toBe(200);
      await m.registry.close();
      // The same file, a new process-like start: the dedupe log is read back.
      const again = await startRegistry({
        db: m.dbPath,
        now: () => m.clock.now,
        monitor: { dedupeWindowMs: 60_000, tickMs: 0 },
      });
      const send = () =>
        fetch(`${again.url}/v1/batch`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${m.source.write_key}:`).toString('base64')}`,
          },
          body: JSON.stringify({ batch }),
        });
      expect((await send()).status).toBe(200);
      expect(volumes(m.dbPath)[0]!.received).toBe(2);
      // Within the second window: still remembered.
      m.clock.now += 90_000;
      expect((await send()).status).toBe(200);
      expect(volumes(m.dbPath)[0]!.received).toBe(2);
      // Two windows of silence later: counted again (a new message as far as dedupe knows).
      m.clock.now += 200_000;
      expect((await send()).status).toBe(200);
      expect(volumes(m.dbPath)[0]!.received).toBe(4);
      await again.close();
    } finally {
      await m.stop().catch(() => {});
    }
  });
});
