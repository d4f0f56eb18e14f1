/**
 * The Tracking API endpoints against a real registry on 127.0.0.1: every path, both write-key forms,
 * gzip, each limit and status, CORS, and that a refused request stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { openReadConnection, readVolumes } from '../../src/index.js';
import { startMonitorRegistry, track, trackRule, type MonitorRegistry } from './support.js';

let m: MonitorRegistry;

beforeAll(async () => {
  m = await startMonitorRegistry([trackRule('Order Completed', { revenue: { type: 'number' } })]);
});
afterAll(async () => {
  await m.stop();
});

/** Messages counted so far, per type. */
function received(): Record<string, number> {
  const db = openReadConnection(m.dbPath);
  try {
    const out: Record<string, number> = {};
    for (const r of readVolumes(db)) out[r.type] = (out[r.type] ?? 0) + r.received;
    return out;
  } finally {
    db.close();
  }
}

const ids = { userId: 'u1' };

describe('Tracking API paths', () => {
  it('takes each call type on its own path, and answers {"success": true}', async () => {
    const before = received();
    const calls: [string, Record<string, unknown>][] = [
      ['/v1/track', { event: 'Order Completed', properties: { revenue: 1 }, ...ids }],
      ['/v1/identify', { traits: { email: 'a@b.c' }, ...ids }],
      ['/v1/page', { name: 'Home', ...ids }],
      ['/v1/screen', { name: 'Home', ...ids }],
      ['/v1/group', { groupId: 'g', traits: {}, ...ids }],
      ['/v1/alias', { previousId: 'p', ...ids }],
    ];
    for (const [path, body] of calls) {
      const res = await m.send(path, { ...body, messageId: `path-${path}` });
      expect(res, path).toEqual({ status: 200, body: { success: true } });
    }
    const after = received();
    for (const type of ['track', 'identify', 'page', 'screen', 'group', 'alias'])
      expect(after[type]! - (before[type] ?? 0), type).toBe(1);
  });

  it("takes analytics-next's short paths (/v1/t, /v1/b) with the write key in a text/plain body", async () => {
    const before = received().track ?? 0;
    const t = await m.send(
      '/v1/t',
      { ...track('Order Completed', { revenue: 2 }), writeKey: m.source.write_key },
      { writeKey: null, headers: { 'content-type': 'text/plain' } },
    );
    expect(t.status).toBe(200);
    const b = await m.send(
      '/v1/b',
      { writeKey: m.source.write_key, batch: [track('Order Completed', { revenue: 3 })] },
      { writeKey: null, headers: { 'content-type': 'text/plain' } },
    );
    expect(b.status).toBe(200);
    expect((received().track ?? 0) - before).toBe(2);
  });

  it('takes the write key as the Basic username, in the body, or as ?writeKey= (RudderStack beacon)', async () => {
    const before = received().track ?? 0;
    const basic = await m.send('/v1/batch', { batch: [track('Order Completed', { revenue: 1 })] });
    const body = await m.send(
      '/v1/batch',
      { writeKey: m.source.write_key, batch: [track('Order Completed', { revenue: 1 })] },
      { writeKey: null },
    );
    const query = await m.send(
      `/beacon/v1/batch?writeKey=${m.source.write_key}`,
      { batch: [track('Order Completed', { revenue: 1 })] },
      { writeKey: null },
    );
    expect([basic.status, body.status, query.status]).toEqual([200, 200, 200]);
    expect((received().track ?? 0) - before).toBe(3);
  });

  it('reads gzip bodies', async () => {
    const before = received().track ?? 0;
    const res = await m.send(
      '/v1/batch',
      {
        batch: [track('Order Completed', { revenue: 1 }), track('Order Completed', { revenue: 2 })],
      },
      { gzip: true },
    );
    expect(res).toEqual({ status: 200, body: { success: true } });
    expect((received().track ?? 0) - before).toBe(2);
  });

  it('answers CORS preflights and puts CORS headers on answers', async () => {
    const pre = await fetch(`${m.url}/v1/batch`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-headers': 'authorization' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const res = await fetch(`${m.url}/v1/track`, { method: 'POST', body: '{' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('refusals: status, Segment-like body, nothing stored, the server keeps serving', () => {
  const cases: [string, () => Promise<{ status: number; body: unknown }>, number, RegExp][] = [
    [
      'no write key',
      () => m.send('/v1/batch', { batch: [] }, { writeKey: null }),
      401,
      /missing write key/,
    ],
    [
      'a wrong write key',
      () => m.send('/v1/batch', { batch: [track('X', {})] }, { writeKey: 'nope' }),
      401,
      /invalid write key/,
    ],
    [
      'malformed JSON',
      () => m.send('/v1/batch', null, { raw: '{"batch": [' }),
      400,
      /malformed JSON/,
    ],
    [
      'malformed gzip',
      () => m.send('/v1/batch', null, { raw: 'not gzip', headers: { 'content-encoding': 'gzip' } }),
      400,
      /not valid gzip/,
    ],
    [
      'a batch that is not an array',
      () => m.send('/v1/batch', { batch: {} }),
      400,
      /"batch" array/,
    ],
    [
      'a message without a type',
      () => m.send('/v1/batch', { batch: [{ userId: 'u', event: 'X' }] }),
      400,
      /batch\[0\]: "type"/,
    ],
    [
      'a message without userId or anonymousId',
      () => m.send('/v1/track', { event: 'X' }),
      400,
      /userId/,
    ],
    [
      'a track message without an event',
      () => m.send('/v1/batch', { batch: [{ type: 'track', userId: 'u' }] }),
      400,
      /"event"/,
    ],
    [
      'a batch over 500 KB',
      () => m.send('/v1/batch', { batch: [track('X', { s: 'x'.repeat(520 * 1024) })] }),
      413,
      /limit of 512000 bytes/,
    ],
    [
      'a gzipped batch over 500 KB once inflated',
      () =>
        m.send('/v1/batch', { batch: [track('X', { s: 'x'.repeat(600 * 1024) })] }, { gzip: true }),
      413,
      /limit of 512000/,
    ],
    [
      'a message over 32 KB inside a batch',
      () =>
        m.send('/v1/batch', { batch: [track('X', {}), track('X', { s: 'x'.repeat(33 * 1024) })] }),
      413,
      /batch\[1\] is \d+ bytes.*32768/,
    ],
    [
      'a single call over 32 KB',
      () => m.send('/v1/track', track('X', { s: 'x'.repeat(33 * 1024) })),
      413,
      /limit of 32768/,
    ],
    [
      'GET on an ingest path',
      async () => {
        const res = await fetch(`${m.url}/v1/batch`);
        return { status: res.status, body: await res.json() };
      },
      405,
      /takes POST/,
    ],
  ];
  for (const [name, run, status, message] of cases) {
    it(name, async () => {
      const before = received();
      const res = await run();
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ success: false, message: expect.stringMatching(message) });
      expect(received()).toEqual(before);
      const ok = await m.send('/v1/batch', { batch: [track('Order Completed', { revenue: 1 })] });
      expect(ok.status).toBe(200);
    });
  }

  it('a batch with one bad message is refused whole (nothing of it stored)', async () => {
    const before = received();
    const res = await m.send('/v1/batch', {
      batch: [track('Order Completed', { revenue: 1 }), { type: 'nope', userId: 'u' }],
    });
    expect(res.status).toBe(400);
    expect(received()).toEqual(before);
  });

  it('a gzip bomb is cut off at the limit, not inflated whole', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const res = await m.send('/v1/batch', null, {
      raw: bomb,
      headers: { 'content-encoding': 'gzip' },
    });
    expect(res.status).toBe(413);
  });
});
