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
