/**
 * `startRegistry`: a Segment-compatible tracking-plan API over Node's `http` module and one SQLite file.
 * Every request is authenticated, routed and answered inside its own try/catch, so no request can crash
 * the server; `close()` stops accepting, lets in-flight requests finish, then closes the database.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDashboardPath, serveDashboard } from './dashboard/serve.js';
import { hashToken, openRegistryDb, tokenScope, type RegistryDb } from './db.js';
import { FaultQueue } from './faults.js';
import { closeAfterReply, HttpError, sendError } from './http.js';
import {
  DEFAULT_AUTH_FAILURES,
  DEFAULT_AUTH_WINDOW_MS,
  RATE_WINDOW_MS,
  rateLimited,
  WindowCounter,
} from './limits.js';
import { matchRoute, WRITE_METHODS } from './routes.js';
import { DEFAULT_MAX_PLAN_BYTES, PlanTooLargeError, RegistryStore } from './store.js';
import { warmValidator } from './validate.js';
import { startMonitor, type Monitor } from './monitor/monitor.js';
import { startAlerts, type AlertOptions, type Alerts } from './alerts/index.js';
import type { MonitorOptions, RunningMonitor } from './monitor/types.js';

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
  /**
   * Largest plan, in bytes of stored rule JSON schema (the sum over its current rules); a rule write
   * that would take a plan past it gets 413 `plan-too-large` and changes nothing. Rules are read back
   * in pages of at most 4 MiB (or one rule), so any plan under this limit can be pulled.
   * @default 67108864 (64 MiB)
   */
  maxPlanBytes?: number;
  /** Fault spec such as `429:2,503:1` (tests only); absent means no faults are ever injected. */
  faults?: string;
  /** The wait a injected 429 asks for, in ms. @default 20 */
  faultWaitMs?: number;
  /**
   * Failed authentications one client address may make per `authWindowMs`; past them every request
   * from that address gets 429 with `Retry-After` until the window ends. @default 20
   */
  authFailures?: number;
  /** The window of `authFailures`, in ms. @default 60000 (one minute) */
  authWindowMs?: number;
  /** Requests per minute per token; past them, 429 with `Retry-After`. 0 or absent: no limit. @default 0 */
  rate?: number;
  /**
   * The server's clock in ms since the epoch: rate-limit windows and monitoring intervals follow it
   * (tests inject one to replay days of traffic in seconds). @default Date.now
   */
  now?: () => number;
  /** Monitoring (the Tracking API ingest and its rollups); see ./monitor/README.md. */
  monitor?: MonitorOptions;
  /** Alert delivery: retries, backoff, timers (tests inject them); see ./alerts/. */
  alerts?: AlertOptions;
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
  /** Monitoring: the closed-interval hook and `tick()` for an injected clock. */
  monitor: RunningMonitor;
  /** Alerting: the monitor runner and the delivery outbox (`deliverer.idle()` in tests). */
  alerts: Alerts;
  /** Stops accepting, waits for in-flight requests (at most `graceMs`, default 10 s), closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** The default `maxBody`: 10 MiB, room for a few thousand rules. */
export const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

/** Opens the database and starts listening; resolves once the port is bound. */
export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const faults = new FaultQueue(options.faults);
  const db = openRegistryDb(options.db);
  const store = new RegistryStore(db, undefined, options.maxPlanBytes ?? DEFAULT_MAX_PLAN_BYTES);
  warmValidator();
  const maxBody = options.maxBody ?? DEFAULT_MAX_BODY;
  const faultWaitMs = options.faultWaitMs ?? 20;
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const authFailures = new WindowCounter(
    options.authFailures ?? DEFAULT_AUTH_FAILURES,
    options.authWindowMs ?? DEFAULT_AUTH_WINDOW_MS,
    now,
  );
  const rate = options.rate ?? 0;
  const tokenRate = rate > 0 ? new WindowCounter(rate, RATE_WINDOW_MS, now) : undefined;
  let monitor: Monitor;
  try {
    monitor = await startMonitor(db, options.db, options.monitor, now, log);
  } catch (err) {
    db.close();
    throw err;
  }
  // Monitors run on every closed interval; their alerts go out through the delivery outbox.
  const alerts = startAlerts(db, monitor, { now, log, ...options.alerts });
  const deps: Deps = {
    db,
    store,
    maxBody,
    faults,
    faultWaitMs,
    log,
    authFailures,
    tokenRate,
    monitor,
    alerts,
  };
  let shuttingDown = false;
  const server = createServer((req, res) => {
    // While closing, a kept-alive connection is closed as soon as its reply is out, so shutdown does
    // not wait for the client's keep-alive timeout.
    res.once('finish', () => {
      if (shuttingDown) setImmediate(() => server.closeIdleConnections());
    });
    void handle(req, res, deps);
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
    await alerts.close();
    await monitor.close();
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
    monitor,
    alerts,
    close(graceMs = 10_000) {
      shuttingDown = true;
      closing ??= new Promise<void>((resolve) => {
        // Past the grace period, cut the connections still open so shutdown always ends.
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(timer);
          void Promise.allSettled([alerts.close(), monitor.close()]).finally(() => {
            db.close();
            resolve();
          });
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
  /** Failed authentications per client address. */
  authFailures: WindowCounter;
  /** Requests per token hash; absent when there is no per-token rate. */
  tokenRate: WindowCounter | undefined;
  monitor: Monitor;
  alerts: Alerts;
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: Deps): Promise<void> {
  let drain = false;
  try {
    // The dashboard's page and assets are public (they hold no data; the page reads with a token).
    const path = new URL(req.url ?? '/', 'http://registry.invalid').pathname;
    if (isDashboardPath(path)) return serveDashboard(req, res, path);
    const fault = deps.faults.next();
    if (fault !== undefined) {
      drain = true;
      throw injected(fault, deps.faultWaitMs, req);
    }
    const url = new URL(req.url ?? '/', 'http://registry.invalid');
    const method = req.method ?? 'GET';
    // The Tracking API (write keys) and the monitoring API (bearer tokens, read scope is enough).
    if (await deps.monitor.serve(req, res, url, () => authenticateLimited(req, deps))) return;
    if (await deps.alerts.serve(req, res, url, () => authenticateLimited(req, deps))) return;
    const scope = authenticateLimited(req, deps);
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
        : err instanceof PlanTooLargeError
          ? new HttpError(413, 'plan-too-large', err.message)
          : storageFull(err)
            ? new HttpError(
                507,
                'insufficient-storage',
                "the registry's disk is full: the change was not saved; free space and retry",
              )
            : new HttpError(500, 'internal-error', 'internal server error');
    if (!(err instanceof HttpError) && !(err instanceof PlanTooLargeError))
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

/**
 * {@link authenticate}, behind the limits: an address past its failed authentications is refused
 * before its token is even looked at (so a guess cannot be confirmed), and a token past its rate too.
 */
function authenticateLimited(req: IncomingMessage, deps: Deps): 'read' | 'write' {
  const address = req.socket.remoteAddress ?? '';
  const blocked = deps.authFailures.waitMs(address);
  if (blocked > 0) throw rateLimited(blocked, 'too many failed authentications; retry later');
  let scope: 'read' | 'write';
  try {
    scope = authenticate(req, deps.db);
  } catch (err) {
    const wait = deps.authFailures.hit(address);
    if (wait > 0) throw rateLimited(wait, 'too many failed authentications; retry later');
    throw err;
  }
  if (deps.tokenRate) {
    const wait = deps.tokenRate.hit(hashToken(bearer(req)!));
    if (wait > 0) throw rateLimited(wait, 'too many requests for this token; retry later');
  }
  return scope;
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

function authenticate(req: IncomingMessage, db: RegistryDb): 'read' | 'write' {
  const token = bearer(req);
  if (token === undefined)
    throw new HttpError(
      401,
      'unauthorized',
      'missing bearer token: send Authorization: Bearer <token>',
    );
  const scope = tokenScope(db, token);
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

/**
 * True for a write that failed for want of space: SQLite's `SQLITE_FULL` (better-sqlite3 puts the
 * result code on `code`), or the file system's `ENOSPC`. Neither is a Platen bug, so not a 500.
 */
function storageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
