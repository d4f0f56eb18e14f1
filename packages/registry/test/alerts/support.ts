/**
 * Test support for alerts: a webhook receiver on 127.0.0.1 that verifies signatures as a real one
 * would (and can fail its first N requests), and timers a test fires by hand, so retries with
 * backoff run without waiting.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Timers } from '../../src/alerts/deliver.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, verifySignature } from '../../src/alerts/payloads.js';

/** One request the receiver got. */
export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** For signed requests: whether the signature verified with the receiver's secret. */
  verified?: boolean;
  /** The status the receiver answered. */
  status: number;
}

/** A running receiver. */
export interface Receiver {
  url: string;
  received: Received[];
  /** Requests (from now on) answered with `status` before the receiver starts accepting. */
  failNext(n: number, status?: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

/**
 * Starts a receiver. With `secret`, requests to `/signed` are verified as the README tells receivers
 * to: HMAC over "t." + raw body, timestamp within 5 minutes of `nowS()`, and a bad one gets 401.
 */
export async function startReceiver(
  options: { secret?: string; nowS?: () => number } = {},
): Promise<Receiver> {
  const received: Received[] = [];
  let failures: { n: number; status: number; headers: Record<string, string> } = {
    n: 0,
    status: 500,
    headers: {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const entry: Received = {
        path: req.url ?? '/',
        headers: req.headers,
        body: raw.toString('utf8'),
        status: 200,
      };
      if (options.secret !== undefined && req.url === '/signed') {
        const header = req.headers[SIGNATURE_HEADER];
        entry.verified = verifySignature(
          options.secret,
          typeof header === 'string' ? header : undefined,
          raw,
          (options.nowS ?? (() => Math.floor(Date.now() / 1000)))(),
        );
      }
      if (failures.n > 0) {
        failures.n--;
        entry.status = failures.status;
        res.writeHead(failures.status, failures.headers).end('failing on purpose');
      } else if (entry.verified === false) {
        entry.status = 401;
        res.writeHead(401).end('bad signature');
      } else {
        // Slack answers a good incoming-webhook post with 200 and the text "ok".
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }
      received.push(entry);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext(n, status = 500, headers = {}) {
      failures = { n, status, headers };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Timers that only fire when the test says so; every requested delay is recorded. */
export class ManualTimers implements Timers {
  readonly delays: number[] = [];
  private pending = new Map<number, () => void>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    this.delays.push(ms);
    const id = this.next++;
    this.pending.set(id, fn);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** How many timers are waiting. */
  get size(): number {
    return this.pending.size;
  }
  /** Fires every waiting timer once (those they schedule wait for the next call). */
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const fn of due) fn();
  }
}

/** The deliveries of one delivery id, as a receiver de-duplicating by the delivery header would. */
export function deliveryIds(received: readonly Received[]): string[] {
  return received.map((r) => String(r.headers[DELIVERY_HEADER]));
}

/** A fresh temp folder under the repository's `.tmp/` (git-ignored). */
export function tempDir(prefix: string): string {
  const base = fileURLToPath(new URL('../../../../.tmp/', import.meta.url));
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/** One hour, in ms. */
export const HOUR = 3_600_000;

/** A real registry with monitoring and alerting, an injected clock, manual delivery timers. */
export interface AlertRegistry {
  registry: import('../../src/index.js').RunningRegistry;
  url: string;
  dbPath: string;
  dir: string;
  writeKey: string;
  readToken: string;
  writeToken: string;
  clock: { now: number };
  timers: ManualTimers;
  /** POSTs a batch of messages to /v1/batch with the source's write key; throws unless 200. */
  batch(messages: Record<string, unknown>[]): Promise<void>;
  /** Lines the registry logged. */
  logs: string[];
  /** Stops the registry (as SIGTERM does) and starts a new one over the same database. */
  restart(): Promise<void>;
  /** Calls the registry API with a bearer token (write by default). */
  api(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; body: any }>;
  /**
   * Moves the clock to `to`, closes the intervals it passed, and waits until their monitors ran
   * and every delivery they queued was attempted.
   */
  advance(to: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a registry with one plan (`rules`) and a source "web" tied to it; the clock starts at `t0`. */
export async function startAlertRegistry(
  rules: unknown[],
  t0: number,
  intervalMs = HOUR,
): Promise<AlertRegistry> {
  const { createSource, createToken, openRegistryDb, RegistryStore, startRegistry } =
    await import('../../src/index.js');
  const { rmSync } = await import('node:fs');
  const dir = tempDir('alerts-e2e');
  const dbPath = join(dir, 'registry.db');
  const db = openRegistryDb(dbPath);
  const writeToken = createToken(db, 'write');
  const readToken = createToken(db, 'read');
  const plan = new RegistryStore(db).createPlan({ name: 'Web', description: '', type: 'LIVE' });
  db.close();
  const clock = { now: t0 };
  const timers = new ManualTimers();
  const logs: string[] = [];
  const start = () =>
    startRegistry({
      db: dbPath,
      now: () => clock.now,
      monitor: { tickMs: 0, intervalMs },
      alerts: { timers },
      log: (line) => logs.push(line),
    });
  let registry = await start();
  const api: AlertRegistry['api'] = async (method, path, body, token = writeToken) => {
    const res = await fetch(registry.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  const put = await api('PUT', `/tracking-plans/${plan.id}/rules`, { rules });
  if (put.status !== 200) throw new Error(`PUT rules: ${put.status}`);
  const db2 = openRegistryDb(dbPath);
  const source = createSource(db2, { name: 'web', planId: plan.id });
  db2.close();
  const settle = async () => {
    // Interval listeners run on a later turn of the event loop; then deliveries go out.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    await registry.alerts.runner.idle();
    await registry.alerts.deliverer.idle();
  };
  return {
    get registry() {
      return registry;
    },
    get url() {
      return registry.url;
    },
    logs,
    async restart() {
      await registry.close();
      registry = await start();
    },
    dbPath,
    dir,
    writeKey: source.write_key,
    readToken,
    writeToken,
    clock,
    timers,
    async batch(messages) {
      const res = await fetch(`${registry.url}/v1/batch`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${source.write_key}:`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ batch: messages }),
      });
      if (res.status !== 200) throw new Error(`batch: ${res.status} ${await res.text()}`);
      await settle();
    },
    api,
    async advance(to) {
      clock.now = to;
      registry.monitor.tick();
      await settle();
    },
    async stop() {
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let messageCounter = 0;

/** A track message with a fresh messageId. */
export function trackMessage(
  event: string,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type: 'track',
    event,
    properties,
    userId: 'user-1',
    messageId: `alert-msg-${process.pid}-${++messageCounter}`,
  };
}

/** A TRACK rule whose properties are `properties`, all required. */
export function rule(key: string, properties: Record<string, unknown>) {
  return {
    type: 'TRACK',
    key,
    version: 1,
    jsonSchema: {
      type: 'object',
      properties: {
        properties: { type: 'object', properties, required: Object.keys(properties) },
      },
      required: ['properties'],
    },
  };
}

/** A deterministic pseudo-random generator (mulberry32), so replays are the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
