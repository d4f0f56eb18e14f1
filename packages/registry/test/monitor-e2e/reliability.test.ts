/**
 * Ingest reliability: the registry (the real `platen registry` command, a child process) killed
 * with SIGKILL while batches stream in, restarted, and sent again every batch it had not
 * acknowledged (and some it had): every message is then counted exactly once. Bad bodies, wrong
 * keys and oversized requests each get their status while the server keeps serving and counting.
 * 50 concurrent senders: the stored counts equal what was acknowledged, exactly.
 */
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../src/index.js';
import { exited, postBatch, seed, startChild, type ChildRegistry, type Seeded } from './support.js';

const cleanup: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

function seeded(names: string[]): Seeded {
  const s = seed(names);
  cleanup.push(() => rmSync(s.dir, { recursive: true, force: true }));
  return s;
}

/** A batch of `n` track calls with messageIds `<id>-<i>`, every fifth one breaking the plan. */
function batch(id: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    type: 'track',
    event: 'Order Completed',
    messageId: `${id}-${i}`,
    anonymousId: `user-${i % 7}`,
    properties: i % 5 === 0 ? { order_id: id, revenue: 'x' } : { order_id: id, revenue: i },
    context: { protocols: { event_version: 1 } },
  }));
}

/** Stored `received` (and `invalid`) summed over the source's volume rows, through the read API. */
async function stored(url: string, token: string, source: string) {
  const res = await fetch(`${url}/v1/monitor/volumes?source=${source}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  const rows = ((await res.json()) as { data: { rows: { received: number; invalid: number }[] } })
    .data.rows;
  return {
    received: rows.reduce((n, r) => n + r.received, 0),
    invalid: rows.reduce((n, r) => n + r.invalid, 0),
  };
}

describe('SIGKILL during ingest', () => {
  it('after restart and resending unacknowledged batches, every message is counted once', async () => {
    const s = seeded(['web']);
    const key = s.sources.web!.write_key;
    const children: ChildRegistry[] = [];
    cleanup.push(() => {
      for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    });
    const first = await startChild(s.dbPath);
    children.push(first);
    const PER = 50;
    const acked: string[] = [];
    const unacked: string[] = [];
    const senders = Array.from({ length: 10 }, async (_, w) => {
      for (let j = 0; ; j++) {
        const id = `s${w}-b${j}`;
        try {
          if ((await postBatch(first.url, key, batch(id, PER))) === 200) acked.push(id);
          else unacked.push(id);
        } catch {
          unacked.push(id); // maybe committed, never acknowledged: the server died
          return;
        }
      }
    });
    const deadline = Date.now() + 30_000;
    while (acked.length < 80 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(acked.length, 'batches acknowledged before the kill').toBeGreaterThanOrEqual(80);
    first.child.kill('SIGKILL');
    expect(await exited(first.child)).toEqual({ code: null, signal: 'SIGKILL' });
    // Senders go on until their request fails: those in flight at the kill and the next ones are
    // unacknowledged (whether a batch in flight was committed, only the count after restart tells).
    await Promise.all(senders);
    expect(unacked.length, 'unacknowledged batches').toBeGreaterThanOrEqual(10);

    const second = await startChild(s.dbPath);
    children.push(second);
    const before = await stored(second.url, s.readToken, 'web');
    // Every acknowledged batch survived; an unacknowledged one may or may not have been committed.
    expect(before.received).toBeGreaterThanOrEqual(acked.length * PER);
    expect(before.received).toBeLessThanOrEqual((acked.length + unacked.length) * PER);
    expect(before.received % PER).toBe(0); // a batch is one transaction: all of it or none
    // What an SDK does: resend what was not acknowledged. Resend some acknowledged ones too.
    for (const id of [...unacked, ...acked.slice(0, 10)])
      expect(await postBatch(second.url, key, batch(id, PER))).toBe(200);
    const after = await stored(second.url, s.readToken, 'web');
    const distinct = new Set([...acked, ...unacked]).size;
    expect(after).toEqual({ received: distinct * PER, invalid: distinct * (PER / 5) });
    console.log(
      `monitor SIGKILL: ${acked.length} batches acknowledged and ${unacked.length} not; ` +
        `${before.received / PER} batches stored on restart; after resending, ${after.received} messages = ${distinct} batches x ${PER}, none twice`,
    );
    second.child.kill('SIGTERM');
    expect((await exited(second.child)).code).toBe(0);
  }, 90_000);
});

describe('bad requests', () => {
  it('each gets its status, and the server keeps serving and counting', async () => {
    const s = seeded(['web']);
    const registry = await startRegistry({ db: s.dbPath });
    cleanup.push(() => registry.close());
    const key = s.sources.web!.write_key;
    const basic = (k: string) => `Basic ${Buffer.from(`${k}:`).toString('base64')}`;
    const send = async (
      body: string | Buffer,
      headers: Record<string, string> = {},
      path = '/v1/batch',
    ) => {
      const res = await fetch(`${registry.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(key), ...headers },
        body,
      });
      const text = await res.text();
      return { status: res.status, text };
    };
    const good = JSON.stringify({ batch: batch('ok-0', 10) });
    const cases: [string, () => Promise<{ status: number; text: string }>, number][] = [
      ['malformed JSON', () => send('{"batch": [}'), 400],
      ['a JSON array body', () => send('[1,2]'), 400],
      ['batch is not an array', () => send('{"batch": {}}'), 400],
      [
        'a message without type',
        () => send(JSON.stringify({ batch: [{ anonymousId: 'a' }] })),
        400,
      ],
      [
        'a track without event',
        () => send(JSON.stringify({ type: 'track', anonymousId: 'a' }), {}, '/v1/track'),
        400,
      ],
      ['broken gzip', () => send(Buffer.from('not gzip'), { 'content-encoding': 'gzip' }), 400],
      ['a wrong write key', () => send(good, { authorization: basic('wrong-key') }), 401],
      ['no write key at all', () => send(good, { authorization: '' }), 401],
      [
        'a wrong key in the body',
        () =>
          send(JSON.stringify({ writeKey: 'nope', batch: batch('k', 1) }), { authorization: '' }),
        401,
      ],
      ['a batch over 500 KB', () => send(JSON.stringify({ batch: batch('big', 3000) })), 413],
      [
        'one message over 32 KB',
        () =>
          send(
            JSON.stringify({
              batch: [
                { ...batch('m', 1)[0], properties: { order_id: 'x'.repeat(40_000), revenue: 1 } },
              ],
            }),
          ),
        413,
      ],
      [
        'a gzip bomb (small, inflating past 500 KB)',
        () =>
          send(gzipSync(Buffer.from(JSON.stringify({ batch: batch('g', 4000) }))), {
            'content-encoding': 'gzip',
          }),
        413,
      ],
      [
        'GET on the batch path',
        () =>
          fetch(`${registry.url}/v1/batch`).then(async (r) => ({
            status: r.status,
            text: await r.text(),
          })),
        405,
      ],
    ];
    const got: [string, number][] = [];
    for (const [name, run] of cases) {
      const r = await run();
      got.push([name, r.status]);
      // Between every bad request, a good one is still served.
      expect((await send(JSON.stringify({ batch: batch(`ok-${got.length}`, 10) }))).status).toBe(
        200,
      );
    }
    expect(got).toEqual(cases.map(([name, , status]) => [name, status]));
    // A gzipped good batch is accepted too.
    expect(
      (
        await send(gzipSync(Buffer.from(good.replace(/ok-0/g, 'gz'))), {
          'content-encoding': 'gzip',
        })
      ).status,
    ).toBe(200);
    // Only the good batches were counted: one after each case, and the gzipped one.
    expect(await stored(registry.url, s.readToken, 'web')).toEqual({
      received: (cases.length + 1) * 10,
      invalid: (cases.length + 1) * 2,
    });
  }, 60_000);
});

describe('50 concurrent senders', () => {
  it('every acknowledged message is counted, exactly', async () => {
    const s = seeded(['web']);
    const registry = await startRegistry({ db: s.dbPath });
    cleanup.push(() => registry.close());
    const key = s.sources.web!.write_key;
    const SENDERS = 50;
    const BATCHES = 20;
    const PER = 25;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, w) => {
        for (let j = 0; j < BATCHES; j++)
          statuses.push(await postBatch(registry.url, key, batch(`c${w}-${j}`, PER)));
      }),
    );
    expect(statuses.filter((st) => st !== 200)).toEqual([]);
    expect(await stored(registry.url, s.readToken, 'web')).toEqual({
      received: SENDERS * BATCHES * PER,
      invalid: (SENDERS * BATCHES * PER) / 5,
    });
  }, 60_000);
});
