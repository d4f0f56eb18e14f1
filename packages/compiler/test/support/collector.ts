/**
 * A local stand-in for Segment's tracking API (and RudderStack's data plane): an `http` server on
 * 127.0.0.1, random port, that records every message the real SDKs send. Tests start and stop it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One message as it arrived, with where it came from. */
export interface Received {
  /** The request path, e.g. `/v1/batch` or `/v1/t`. */
  path: string;
  /** The decoded `Authorization: Basic` user (the write key), when one was sent. */
  writeKey?: string;
  /** The Segment message itself (`type`, `event`, `properties`, `context`, …). */
  message: Record<string, unknown>;
}

/** A running collector. */
export interface Collector {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  /** `127.0.0.1:PORT`. */
  host: string;
  /** Every message received, in arrival order. */
  messages: Received[];
  /** Requests that could not be read as tracking calls (bad JSON, unknown path…), for assertions. */
  rejected: string[];
  /** Resolves once at least `count` messages arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Forgets every message (between test cases). */
  clear(): void;
  close(): Promise<void>;
}

/** Extra behaviour: answers to settings requests, keyed by the request path. */
export interface CollectorOptions {
  /** GET responses by exact path (e.g. RudderStack's `/sourceConfig`); anything else GET → 404. */
  get?: (path: string, query: URLSearchParams) => unknown;
}

// Segment's single-call paths (`/v1/track`…), analytics.js's one-letter ones (`/v1/t`…) and the batches.
const SINGLE = new Set([
  'track',
  'identify',
  'group',
  'page',
  'screen',
  'alias',
  't',
  'i',
  'g',
  'p',
  's',
  'a',
]);
const BATCH = new Set(['batch', 'b', 'import']);

const CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'authorization, content-type, content-encoding, x-retry-count, anonymousid',
  'access-control-max-age': '600',
};

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...CORS, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

function writeKeyOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (!auth?.startsWith('Basic ')) return undefined;
  return Buffer.from(auth.slice(6), 'base64').toString('utf8').replace(/:.*$/s, '');
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Starts a collector on 127.0.0.1 (random port). */
export async function startCollector(options: CollectorOptions = {}): Promise<Collector> {
  const messages: Received[] = [];
  const rejected: string[] = [];
  let waiters: (() => void)[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    if (req.method === 'GET') {
      const body = options.get?.(url.pathname, url.searchParams);
      // analytics-next asks /v1/projects/<key>/settings only without cdnSettings; 404 says "none here".
      reply(res, body === undefined ? 404 : 200, body ?? { error: 'not found' });
      return;
    }
    const last = url.pathname.replace(/\/+$/, '').split('/').pop() ?? '';
    if (req.method !== 'POST' || (!SINGLE.has(last) && !BATCH.has(last))) {
      rejected.push(`${req.method} ${url.pathname}`);
      reply(res, 404, { error: 'unknown path' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      rejected.push(`unreadable body at ${url.pathname}`);
      reply(res, 400, { error: 'bad json' });
      return;
    }
    const list = BATCH.has(last) && isRecord(body) ? body.batch : [body];
    if (!Array.isArray(list) || !list.every(isRecord)) {
      rejected.push(`not a message at ${url.pathname}`);
      reply(res, 400, { error: 'bad message' });
      return;
    }
    const writeKey = writeKeyOf(req);
    for (const message of list) {
      messages.push({ path: url.pathname, ...(writeKey ? { writeKey } : {}), message });
    }
    reply(res, 200, { success: true });
    const ready = waiters;
    waiters = [];
    for (const wake of ready) wake();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      rejected.push(String(err));
      if (!res.headersSent) reply(res, 500, { error: 'collector failed' });
    });
  });
  // Loopback only: the collector must never listen on another address.
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    messages,
    rejected,
    clear: () => {
      messages.length = 0;
      rejected.length = 0;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `collector: ${messages.length} of ${count} messages after ${timeoutMs} ms`,
          );
        await new Promise<void>((wake) => {
          const timer = setTimeout(wake, Math.min(left, 250));
          waiters.push(() => {
            clearTimeout(timer);
            wake();
          });
        });
      }
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
