/**
 * Monitoring inside a running registry: the ingest writer (main thread, the registry's own
 * connection), the reader (worker thread), the closed-interval hook and retention, and the JSON API
 * `GET /v1/monitor/volumes|violations|samples` (read tokens).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadRuleValidatorFallback } from '@platen/compiler/api';
import type { RegistryDb } from '../db.js';
import { HttpError, sendJsonText } from '../http.js';
import { bucketOf, parseDuration, type Clock } from './clock.js';
import { serveTracking, trackingCall } from './http.js';
import { GroupCommit, MonitorIngest, resolveMonitorOptions } from './ingest.js';
import { deleteBefore } from './queries.js';
import { MonitorReader } from './reader.js';
import {
  CALL_TYPES,
  type ClosedInterval,
  type IntervalListener,
  type MessageType,
  type MonitorOptions,
  type MonitorQuery,
  type RunningMonitor,
} from './types.js';

/** Monitoring as the server runs it. */
export interface Monitor extends RunningMonitor {
  /** The writer (tests and benchmarks may read its options). */
  readonly ingest: MonitorIngest;
  /** The reader the API uses. */
  readonly reader: MonitorReader;
  /** Serves the request when it is a Tracking API or monitoring API request; false otherwise. */
  serve(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    authenticate: () => 'read' | 'write',
  ): Promise<boolean>;
  /** Stops the timer and the reader. */
  close(): Promise<void>;
}

/** Starts monitoring over the registry's open database `db` (file `file`). */
export async function startMonitor(
  db: RegistryDb,
  file: string,
  options: MonitorOptions | undefined,
  now: Clock,
  log: (line: string) => void,
): Promise<Monitor> {
  const resolved = resolveMonitorOptions(options);
  // Rules the native generator declines are compiled by Ajv: loaded now, so ingest never waits on it.
  await loadRuleValidatorFallback();
  const ingest = new MonitorIngest(db, resolved, now);
  const reader = new MonitorReader(file);
  const listeners = new Set<IntervalListener>();
  const fire = (closed: readonly ClosedInterval[]) => {
    if (closed.length === 0) return;
    // After the reply: a slow listener never delays an acknowledgement.
    setImmediate(() => {
      for (const interval of closed) {
        for (const listener of listeners) {
          try {
            listener(interval);
          } catch (err) {
            log(
              `platen registry: an interval listener failed: ${err instanceof Error ? err.message : String(err)}`,
            );
          }
        }
      }
      retention();
    });
  };
  let retaining = false;
  const retention = () => {
    if (resolved.retainMs <= 0 || retaining) return;
    const before = bucketOf(now() - resolved.retainMs, resolved.intervalMs);
    // In chunks between other work, so a large deletion never stalls ingest for long.
    const step = () => {
      try {
        if (deleteBefore(db, before) > 0) return void setImmediate(step);
      } catch (err) {
        log(
          `platen registry: retention failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      retaining = false;
    };
    retaining = true;
    step();
  };
  const group = new GroupCommit(ingest, fire);
  const tick = () => fire(ingest.intervals.observe(bucketOf(now(), resolved.intervalMs)));
  const timer = resolved.tickMs > 0 ? setInterval(tick, resolved.tickMs) : undefined;
  timer?.unref();
  // Retention also runs once at start: a server down for days deletes what expired meanwhile.
  retention();
  return {
    intervalMs: resolved.intervalMs,
    ingest,
    reader,
    onIntervalClosed(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tick,
    async serve(req, res, url, authenticate) {
      const call = trackingCall(url.pathname);
      if (call !== undefined) {
        await serveTracking(req, res, url, call, ingest, group, log);
        return true;
      }
      const m = /^\/v1\/monitor\/(volumes|violations|samples)\/?$/.exec(url.pathname);
      if (!m) return false;
      authenticate();
      if (req.method !== 'GET')
        throw new HttpError(405, 'method-not-allowed', `${url.pathname} takes GET`);
      const query = parseQuery(url.searchParams, resolved.intervalMs);
      const name = m[1] as 'volumes' | 'violations' | 'samples';
      const rows = await reader.runJson(name, query);
      req.resume();
      // What sendData would write for { intervalMs, rows }, without parsing the rows back.
      const intervalMs = query.interval ?? resolved.intervalMs;
      sendJsonText(
        res,
        200,
        `{"data":{"intervalMs":${JSON.stringify(intervalMs)},"rows":${rows}}}`,
      );
      return true;
    },
    async close() {
      if (timer) clearInterval(timer);
      await reader.close();
    },
  };
}

/** A time given as ISO 8601 or ms since the epoch, or a duration back from now (`24h`). */
function parseTime(name: string, text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isFinite(ms)) return ms;
  throw new HttpError(
    400,
    'bad-request',
    `${name} must be an ISO 8601 time or ms since the epoch, got ${JSON.stringify(text)}`,
  );
}

/** The API's query parameters as a {@link MonitorQuery}; 400 naming a bad one. */
export function parseQuery(params: URLSearchParams, storedIntervalMs: number): MonitorQuery {
  const q: MonitorQuery = {};
  const source = params.get('source');
  if (source !== null) q.source = source;
  const event = params.get('event');
  if (event !== null) q.event = event;
  const type = params.get('type');
  if (type !== null) {
    if (!(CALL_TYPES as readonly string[]).includes(type))
      throw new HttpError(400, 'bad-request', `type must be one of ${CALL_TYPES.join(', ')}`);
    q.type = type as MessageType;
  }
  const from = params.get('from');
  if (from !== null) q.from = parseTime('from', from);
  const to = params.get('to');
  if (to !== null) q.to = parseTime('to', to);
  const interval = params.get('interval');
  if (interval !== null) {
    const ms = parseDuration(interval);
    if (ms === undefined || ms < storedIntervalMs || ms % storedIntervalMs !== 0)
      throw new HttpError(
        400,
        'bad-request',
        `interval must be a duration (1h, 1d…) that is a multiple of the stored interval of ${storedIntervalMs} ms`,
      );
    q.interval = ms;
  }
  return q;
}
