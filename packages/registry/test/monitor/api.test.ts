/** `GET /v1/monitor/volumes|violations|samples`: tokens, filters, and the 400s of bad parameters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMonitorRegistry, T0, track, trackRule, type MonitorRegistry } from './support.js';

const HOUR = 3_600_000;
let m: MonitorRegistry;

interface Rows {
  data: { intervalMs: number; rows: Record<string, unknown>[] };
}

beforeAll(async () => {
  m = await startMonitorRegistry([
    trackRule('Order Completed', { revenue: { type: 'number' } }),
    trackRule('Signed Up', { plan: { type: 'string' } }),
  ]);
  // Hour 0: 3 Order Completed (1 invalid), 1 Signed Up; hour 1: 2 Order Completed; the unplanned
  // source: 1 event in hour 1.
  m.clock.now = T0 + 10;
  await m.send('/v1/batch', {
    batch: [
      track('Order Completed', { revenue: 1 }),
      track('Order Completed', { revenue: 2 }),
      track('Order Completed', { revenue: 'x' }),
      track('Signed Up', { plan: 'pro' }),
    ],
  });
  m.clock.now = T0 + HOUR + 10;
  await m.send('/v1/batch', {
    batch: [track('Order Completed', { revenue: 1 }), track('Order Completed', { revenue: 1 })],
  });
  await m.send(
    '/v1/batch',
    { batch: [track('Legacy Event', {})] },
    { writeKey: m.unplanned.write_key },
  );
});
afterAll(async () => {
  await m.stop();
});

const summary = (rows: Record<string, unknown>[]) =>
  rows.map(
    (r) => `${String(r.source)}|${String(r.event)}|${String(r.start)}|${String(r.received)}`,
  );

describe('tokens', () => {
  it('needs a token (401 without, 401 for a wrong one); a read token is enough', async () => {
    for (const path of ['/v1/monitor/volumes', '/v1/monitor/violations', '/v1/monitor/samples']) {
      expect((await m.get(path, null)).status, path).toBe(401);
      expect((await m.get(path, 'plt_read_wrong')).status, path).toBe(401);
      expect((await m.get(path)).status, path).toBe(200);
      expect((await m.get(path, m.writeToken)).status, path).toBe(200);
    }
  });

  it('a write key is not a read token', async () => {
    expect((await m.get('/v1/monitor/volumes', m.source.write_key)).status).toBe(401);
  });
});

describe('volumes', () => {
  it('lists every source x event x interval by default', async () => {
    const res = await m.get('/v1/monitor/volumes');
    const body = res.body as Rows;
    expect(body.data.intervalMs).toBe(HOUR);
    expect(summary(body.data.rows)).toEqual([
      `legacy|Legacy Event|${new Date(T0 + HOUR).toISOString()}|1`,
      `web-app|Order Completed|${new Date(T0).toISOString()}|3`,
      `web-app|Order Completed|${new Date(T0 + HOUR).toISOString()}|2`,
      `web-app|Signed Up|${new Date(T0).toISOString()}|1`,
    ]);
    expect(body.data.rows[1]).toMatchObject({
      type: 'track',
      version: 1,
      planned: true,
      valid: 2,
      invalid: 1,
      violations: { wrong_type: 1 },
    });
  });

  it('filters by source (id, slug or name), event, from, to, and groups by interval', async () => {
    const rows = async (q: string) =>
      summary(((await m.get(`/v1/monitor/volumes?${q}`)).body as Rows).data.rows);
    expect(await rows('source=legacy')).toHaveLength(1);
    expect(await rows(`source=${m.source.id}`)).toHaveLength(3);
    expect(await rows(`source=${encodeURIComponent('Web App')}`)).toHaveLength(3);
    expect(await rows('event=Signed%20Up')).toEqual([
      `web-app|Signed Up|${new Date(T0).toISOString()}|1`,
    ]);
    expect(await rows(`from=${new Date(T0 + HOUR).toISOString()}&source=web-app`)).toEqual([
      `web-app|Order Completed|${new Date(T0 + HOUR).toISOString()}|2`,
    ]);
    expect(await rows(`to=${T0 + HOUR}&event=Order%20Completed`)).toEqual([
      `web-app|Order Completed|${new Date(T0).toISOString()}|3`,
    ]);
    expect(await rows('interval=1d&source=web-app&event=Order%20Completed')).toEqual([
      `web-app|Order Completed|${new Date(T0).toISOString()}|5`,
    ]);
  });

  it('refuses bad parameters with 400 naming them', async () => {
    for (const [q, word] of [
      ['from=yesterday', 'from'],
      ['to=soon', 'to'],
      ['interval=90s', 'interval'],
      ['interval=5x', 'interval'],
      ['type=click', 'type'],
    ]) {
      const res = await m.get(`/v1/monitor/volumes?${q}`);
      expect(res.status, q).toBe(400);
      expect(JSON.stringify(res.body), q).toContain(word);
    }
  });
});

describe('violations and samples', () => {
  it('groups violations with counts and first/last seen, filtered like volumes', async () => {
    const all = ((await m.get('/v1/monitor/violations')).body as Rows).data.rows;
    expect(all).toEqual([
      {
        source: 'web-app',
        type: 'track',
        event: 'Order Completed',
        version: 1,
        class: 'wrong_type',
        keyword: 'type',
        path: '/properties/revenue',
        description: '/properties/revenue: must be number, got string "x"',
        count: 1,
        first_seen: new Date(T0 + 10).toISOString(),
        last_seen: new Date(T0 + 10).toISOString(),
      },
    ]);
    expect(
      ((await m.get('/v1/monitor/violations?event=Signed%20Up')).body as Rows).data.rows,
    ).toEqual([]);
    expect(
      ((await m.get(`/v1/monitor/violations?from=${T0 + HOUR}`)).body as Rows).data.rows,
    ).toEqual([]);
  });

  it('returns the sample payloads', async () => {
    const rows = ((await m.get('/v1/monitor/samples?source=web-app')).body as Rows).data.rows;
    expect(rows).toMatchObject([
      { event: 'Order Completed', message: { properties: { revenue: 'x' } } },
    ]);
  });
});
