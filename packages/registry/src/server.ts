/**
 * `startRegistry`: a Segment-compatible tracking-plan API over Node's `http` module and one SQLite file.
 * Every request is authenticated, routed and answered inside its own try/catch, so no request can crash
 * the server; `close()` stops accepting, lets in-flight requests finish, then closes the database.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openRegistryDb, tokenScope, type RegistryDb } from './db.js';
import { FaultQueue } from './faults.js';
import { closeAfterReply, HttpError, sendError } from './http.js';
import { matchRoute, WRITE_METHODS } from './routes.js';
import { RegistryStore } from './store.js';
import { warmValidator } from './validate.js';

/** How to run a registry. */
export interface RegistryOptions {
  /** SQLite database file (created when missing). */
  db: string;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @default 0 */
  port?: number;
  /** Largest request body in bytes; larger bodies get 413. @default 10485760 (10 MiB) */
  maxBody?: number;
  /** Fault spec such as `429:2,503:1` (tests only); absent means no faults are ever injected. */
  faults?: string;
  /** The wait a injected 429 asks for, in ms. @default 20 */
  faultWaitMs?: number;
  /** Called with a line for each unexpected (500) error; never with request bodies or tokens. */
  log?: (line: string) => void;
}

/** A running registry. */
export interface RunningRegistry {
  /** `http://HOST:PORT`, with the port actually bound. */
  url: string;
  host: string;
  port: number;
  /** Pending injected faults; tests may add more. */
  faults: FaultQueue;
  /** Stops accepting, waits for in-flight requests (at most `graceMs`, default 10 s), closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** The default `maxBody`: 10 MiB, room for a few thousand rules. */
export const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

/** Opens the database and starts listening; resolves once the port is bound. */
export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const faults = new FaultQueue(options.faults);
  const db = openRegistryDb(options.db);
  const store = new RegistryStore(db);
  warmValidator();
  const maxBody = options.maxBody ?? DEFAULT_MAX_BODY;
  const faultWaitMs = options.faultWaitMs ?? 20;
  const log = options.log ?? (() => {});
  const server = createServer((req, res) => {
    void handle(req, res, { db, store, maxBody, faults, faultWaitMs, log });
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    faults,
    close(graceMs = 10_000) {
      closing ??= new Promise<void>((resolve) => {
        // Past the grace period, cut the connections still open so shutdown always ends.
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          db.close();
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

interface Deps {
  db: RegistryDb;
  store: RegistryStore;
  maxBody: number;
  faults: FaultQueue;
  faultWaitMs: number;
  log: (line: string) => void;
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<void> {
  let drain = false;
  try {
    const fault = deps.faults.next();
    if (fault !== undefined) {
      drain = true;
      throw injected(fault, deps.faultWaitMs, req);
    }
    const url = new URL(req.url ?? '/', 'http://registry.invalid');
    const method = req.method ?? 'GET';
    const scope = authenticate(req, deps.db);
    const { handler, params } = matchRoute(method, url.pathname);
    if (WRITE_METHODS.has(method) && scope !== 'write') {
      throw new HttpError(
        403,
        'forbidden',
        'this token may only read; writing needs a write token',
      );
    }
    await handler({ req, res, url, params, store: deps.store, maxBody: deps.maxBody });
  } catch (err) {
    const httpError =
      err instanceof HttpError
        ? err
        : new HttpError(500, 'internal-error', 'internal server error');
    if (!(err instanceof HttpError))
      deps.log(`platen registry: ${req.method} ${req.url}: ${describe(err)}`);
    if (res.headersSent) return void res.destroy();
    // A body still arriving (after a 401, past the size limit…) is never read to the end: it could be
    // endless. Answer, then close the connection. Injected faults drain instead, as their retries
    // exercise keep-alive.
    if (!req.complete && !drain) closeAfterReply(req, res);
    else req.resume();
    sendError(res, httpError);
  }
}

function authenticate(req: IncomingMessage, db: RegistryDb): 'read' | 'write' {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m)
    throw new HttpError(
      401,
      'unauthorized',
      'missing bearer token: send Authorization: Bearer <token>',
    );
  const scope = tokenScope(db, m[1]!);
  if (!scope) throw new HttpError(401, 'unauthorized', 'invalid token');
  return scope;
}

function injected(status: number, waitMs: number, req: IncomingMessage): HttpError {
  req.resume();
  if (status === 429) {
    return new HttpError(
      429,
      'rate-limited',
      'too many requests (injected fault)',
      [
        {
          type: 'rate-limited',
          message: 'too many requests (injected fault)',
          status,
          data: { msBeforeNext: waitMs },
        },
      ],
      { 'x-ratelimit-reset': String(waitMs), 'x-ratelimit-remaining': '0' },
    );
  }
  return new HttpError(status, 'injected-fault', `injected fault ${status}`);
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
