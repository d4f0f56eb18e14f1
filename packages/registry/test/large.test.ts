/**
 * Issue 16 item 1: large rules must not exhaust the registry's memory. The registry runs as a child
 * process (the real `platen registry`, on this package's build), so its resident memory can be read
 * from /proc. A plan of 20 rules of 3 MB each (60 MB, under the 64 MiB plan limit) is read by a normal
 * client (every rule comes back, page by byte-bounded page) while several slow readers hold requests
 * for the whole plan and never read their replies. The server streams each page with backpressure, so
 * its RSS stays under {@link RSS_BOUND_MB}; the old server built each 60 MB reply as one string and
 * held it per connection. A write that would take the plan past its size limit is refused with 413.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@platen/compiler/api';
import { createToken, openRegistryDb } from '../src/index.js';
import { REPO, tempDir } from './support/helpers.js';

// The real CLI, which loads the built @platen/registry (so run `pnpm build` first).
const PLATEN = join(REPO, 'packages/compiler/bin/platen.js');

const RULES = 20;
const RULE_BYTES = 3_000_000;
const SLOW_READERS = 10;
/** The bound on the registry's RSS while the slow readers hang and a normal client reads everything. */
const RSS_BOUND_MB = 400;

let dir: string;
let child: ChildProcess | undefined;
let url: string;
let token: string;
let planId: string;

/** A TRACK rule whose schema is about `RULE_BYTES` of JSON (a long description), distinct per `i`. */
function bigRule(i: number) {
  return {
    type: 'TRACK' as const,
    key: `Big ${String(i).padStart(2, '0')}`,
    version: 1,
    jsonSchema: {
      type: 'object',
      description: `${i}:`.padEnd(RULE_BYTES, String.fromCharCode(97 + (i % 26))),
    },
  };
}

/** The child's resident set size in MB, from /proc. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function send(method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  dir = tempDir('large');
  const db = join(dir, 'plans.db');
  const setup = openRegistryDb(db);
  token = createToken(setup, 'write');
  setup.close();
  const c = spawn(process.execPath, [PLATEN, 'registry', '--db', db], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = c;
  let out = '';
  let err = '';
  c.stderr!.on('data', (d) => (err += d));
  url = await new Promise<string>((resolve, reject) => {
    c.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)\n/.exec(out);
      if (m) resolve(m[1]!);
    });
    c.on('exit', (code) => reject(new Error(`registry exited early (${code}): ${err}`)));
  });
  const client = new ApiClient({ baseUrl: url, token, timeoutMs: 30_000, retry: { retries: 0 } });
  planId = (await client.createPlan({ name: 'Large', type: 'LIVE' })).id;
  // Three 3 MB rules per PATCH: each body stays under the 10 MiB body limit.
  for (let i = 0; i < RULES; i += 3) {
    const batch = Array.from({ length: Math.min(3, RULES - i) }, (_, j) => bigRule(i + j));
    await client.upsertRules(planId, batch);
  }
}, 60_000);

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('large rules (issue 16 item 1)', () => {
  it(`serves ${RULES} rules of 3 MB to a normal client and ${SLOW_READERS} slow readers under ${RSS_BOUND_MB} MB RSS`, async () => {
    const pid = child!.pid!;
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    const sockets: Socket[] = [];
    try {
      // Slow readers: each asks for the whole plan (the default page) and never reads the reply.
      for (let i = 0; i < SLOW_READERS; i++) {
        const socket = connect(Number(new URL(url).port), '127.0.0.1');
        socket.on('error', () => {});
        socket.pause();
        socket.write(
          `GET /tracking-plans/${planId}/rules HTTP/1.1\r\nhost: registry\r\n` +
            `authorization: Bearer ${token}\r\n\r\n`,
        );
        sockets.push(socket);
      }
      // Give the server time to answer (or fill) every slow connection.
      await new Promise((r) => setTimeout(r, 3000));

      // A normal client still reads every rule, following pagination.next over byte-bounded pages.
      const client = new ApiClient({
        baseUrl: url,
        token,
        timeoutMs: 30_000,
        retry: { retries: 0 },
      });
      const rules = await client.listAllRules(planId);
      expect(rules.map((r) => r.key)).toEqual(
        Array.from({ length: RULES }, (_, i) => `Big ${String(i).padStart(2, '0')}`),
      );
      for (const [i, r] of rules.entries())
        expect((r.jsonSchema as any).description).toBe(bigRule(i).jsonSchema.description);

      // So does `platen pull`, which writes the whole plan to a file.
      const out = join(dir, 'pulled.json');
      await promisify(execFile)(
        process.execPath,
        [PLATEN, 'pull', '--plan-id', planId, '--out', out, '--api-url', url],
        { env: { PATH: process.env.PATH, PLATEN_TOKEN: token }, timeout: 30_000 },
      );
      const pulled = readFileSync(out, 'utf8');
      expect(pulled.length).toBeGreaterThan(RULES * RULE_BYTES);
      for (let i = 0; i < RULES; i++)
        expect(pulled).toContain(`"Big ${String(i).padStart(2, '0')}"`);

      // A default page is bounded in bytes: it does not hold the whole 60 MB plan.
      const first = await fetch(`${url}/tracking-plans/${planId}/rules`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const text = await first.text();
      const page = JSON.parse(text);
      expect(page.data.rules.length).toBeGreaterThanOrEqual(1);
      expect(page.data.rules.length).toBeLessThan(RULES);
      expect(page.data.pagination.next).toBeTypeOf('string');
      expect(text.length).toBeLessThan(8 * 1024 * 1024);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      clearInterval(sampler);
      for (const s of sockets) s.destroy();
      console.log(
        `registry RSS: ${before.toFixed(0)} MB before the reads, peak ${peak.toFixed(0)} MB with ` +
          `${SLOW_READERS} slow readers and a full read of ${RULES} × 3 MB rules (bound ${RSS_BOUND_MB} MB)`,
      );
    }
    expect(peak).toBeLessThan(RSS_BOUND_MB);
  }, 90_000);

  it('refuses a write that would take the plan past its size limit, with 413, and stores nothing', async () => {
    // 60 MB stored + 9 MB more passes the default 64 MiB limit; the body itself is under 10 MiB.
    const extra = Array.from({ length: 3 }, (_, i) => bigRule(RULES + i));
    const r = await send('PATCH', `/tracking-plans/${planId}/rules`, { rules: extra });
    expect(r.status).toBe(413);
    expect(r.body.errors[0].type).toBe('plan-too-large');
    expect(r.body.errors[0].message).toMatch(/67108864 bytes/);
    const count = await send('GET', `/tracking-plans/${planId}/rules?pagination.count=1`);
    expect(count.body.data.pagination.totalEntries).toBe(RULES);
    // A write that stays under the limit still succeeds.
    const small = await send('PATCH', `/tracking-plans/${planId}/rules`, {
      rules: [{ type: 'TRACK', key: 'Small', version: 1, jsonSchema: { type: 'object' } }],
    });
    expect(small.status).toBe(200);
  }, 30_000);
});
