/**
 * Alerting inside a running registry: the runner on the monitoring service's closed-interval hook,
 * the delivery outbox, and the API — `GET /v1/monitor/anomalies` and `/incidents` (read tokens), and
 * monitors and alert targets under `/v1/monitor/monitors` and `/v1/monitor/targets` (reads with a read
 * token, changes with a write token).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkMonitor, checkTarget, type MonitorIssue } from '@platen/compiler/api';
import type { RegistryDb } from '../db.js';
import { HttpError, readJsonBody, sendData } from '../http.js';
import type { RunningMonitor } from '../monitor/types.js';
import { Deliverer, type DeliveryOptions } from './deliver.js';
import { listAnomalies, listIncidents, type AnomalyQuery } from './queries.js';
import { MonitorRunner } from './runner.js';
import {
  deleteMonitor,
  deleteTarget,
  getMonitor,
  listMonitors,
  listTargets,
  putMonitor,
  putTarget,
} from './store.js';

/** How alerting runs inside `startRegistry` (`RegistryOptions.alerts`). */
export type AlertOptions = DeliveryOptions;

/** Alerting as the server runs it. */
export interface Alerts {
  readonly runner: MonitorRunner;
  readonly deliverer: Deliverer;
  /** Serves the request when it is an alerting API request; false otherwise. */
  serve(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    authenticate: () => 'read' | 'write',
  ): Promise<boolean>;
  /** Stops listening to intervals and waits for deliveries in flight (pending ones stay queued). */
  close(): Promise<void>;
}

/** Starts alerting over the registry's database and its monitoring service. */
export function startAlerts(
  db: RegistryDb,
  monitor: RunningMonitor,
  options: AlertOptions & { now: () => number; log: (line: string) => void },
): Alerts {
  const deliverer = new Deliverer(db, options);
  const runner = new MonitorRunner(db, deliverer, monitor.intervalMs, options.log);
  const stop = monitor.onIntervalClosed((interval) => runner.enqueue(interval.start));
  // Deliveries left pending by the last run (a crash, a shutdown mid-retry) go out again.
  deliverer.kick();
  return {
    runner,
    deliverer,
    async serve(req, res, url, authenticate) {
      const m = /^\/v1\/monitor\/(anomalies|incidents|monitors|targets)(?:\/([^/]+))?\/?$/.exec(
        url.pathname,
      );
      if (!m) return false;
      const scope = authenticate();
      const method = req.method ?? 'GET';
      const what = m[1]!;
      const name = m[2] === undefined ? undefined : decode(m[2]);
      if (method !== 'GET' && scope !== 'write')
        throw new HttpError(
          403,
          'forbidden',
          'this token may only read; writing needs a write token',
        );
      if (what === 'anomalies' || what === 'incidents') {
        if (method !== 'GET' || name !== undefined) throw notAllowed(method, url.pathname, 'GET');
        const query = anomalyQuery(url.searchParams);
        req.resume();
        if (what === 'anomalies') sendData(res, 200, { rows: listAnomalies(db, query) });
        else sendData(res, 200, { incidents: listIncidents(db, query) });
        return true;
      }
      if (what === 'monitors') await monitors(db, req, res, method, name, options.now);
      else await targets(db, req, res, method, name, options.now);
      return true;
    },
    async close() {
      stop();
      await runner.idle();
      await deliverer.close();
    },
  };
}

async function monitors(
  db: RegistryDb,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  name: string | undefined,
  now: () => number,
): Promise<void> {
  if (name === undefined) {
    if (method === 'GET') {
      req.resume();
      return sendData(res, 200, { monitors: listMonitors(db).map(monitorJson) });
    }
    if (method !== 'POST') throw notAllowed(method, '/v1/monitor/monitors', 'GET, POST');
    const body = await readJsonBody(req, 65_536);
    const monitor = valid((issues) =>
      checkMonitor(
        body,
        '',
        issues,
        listTargets(db).map((t) => t.name),
      ),
    );
    if (getMonitor(db, monitor.name))
      throw new HttpError(
        409,
        'conflict',
        `a monitor named ${JSON.stringify(monitor.name)} exists; PUT /v1/monitor/monitors/{name} replaces it`,
      );
    return sendData(res, 201, {
      monitor: monitorJson(putMonitor(db, monitor, 'api', new Date(now()))),
    });
  }
  if (method === 'GET') {
    req.resume();
    const row = getMonitor(db, name);
    if (!row) throw notFound('monitor', name);
    return sendData(res, 200, { monitor: monitorJson(row) });
  }
  if (method === 'DELETE') {
    req.resume();
    if (!deleteMonitor(db, name, now())) throw notFound('monitor', name);
    return sendData(res, 200, { status: 'SUCCESS' });
  }
  if (method !== 'PUT')
    throw notAllowed(method, `/v1/monitor/monitors/${name}`, 'GET, PUT, DELETE');
  const body = await readJsonBody(req, 65_536);
  const withName =
    typeof body === 'object' && body !== null && !Array.isArray(body) && !('name' in body)
      ? { ...body, name }
      : body;
  const monitor = valid((issues) =>
    checkMonitor(
      withName,
      '',
      issues,
      listTargets(db).map((t) => t.name),
    ),
  );
  if (monitor.name !== name)
    throw new HttpError(
      422,
      'validation-error',
      `/name: the body names ${JSON.stringify(monitor.name)}, the path ${JSON.stringify(name)}`,
    );
  sendData(res, 200, { monitor: monitorJson(putMonitor(db, monitor, 'api', new Date(now()))) });
}

async function targets(
  db: RegistryDb,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  name: string | undefined,
  now: () => number,
): Promise<void> {
  if (name === undefined && method === 'GET') {
    req.resume();
    return sendData(res, 200, { targets: listTargets(db) });
  }
  if (name === undefined && method === 'POST') {
    const body = await readJsonBody(req, 65_536);
    // Through the API a target carries its URL and secret; the server's environment is not read.
    const target = valid((issues) => checkTarget(body, '', issues, {}));
    putTarget(db, target, 'api', new Date(now()));
    return sendData(res, 201, { target: listTargets(db).find((t) => t.name === target.name) });
  }
  if (name !== undefined && method === 'DELETE') {
    req.resume();
    if (!deleteTarget(db, name)) throw notFound('alert target', name);
    return sendData(res, 200, { status: 'SUCCESS' });
  }
  throw notAllowed(method, '/v1/monitor/targets', name === undefined ? 'GET, POST' : 'DELETE');
}

function monitorJson(row: ReturnType<typeof listMonitors>[number]) {
  return {
    ...row.monitor,
    origin: row.origin,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function valid<T>(check: (issues: MonitorIssue[]) => T | undefined): T {
  const issues: MonitorIssue[] = [];
  const value = check(issues);
  if (value !== undefined && issues.length === 0) return value;
  const items = issues.map(([pointer, message]) => ({
    type: 'validation-error',
    message: `${pointer || '/'}: ${message}`,
    status: 422,
    data: { pointer },
  }));
  throw new HttpError(422, 'validation-error', items[0]?.message ?? 'invalid body', items);
}

function anomalyQuery(params: URLSearchParams): AnomalyQuery {
  const q: AnomalyQuery = {};
  for (const key of ['source', 'event', 'monitor'] as const) {
    const v = params.get(key);
    if (v !== null) q[key] = v;
  }
  for (const key of ['from', 'to'] as const) {
    const v = params.get(key);
    if (v === null) continue;
    const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(ms))
      throw new HttpError(
        400,
        'bad-request',
        `${key} must be an ISO 8601 time or ms since the epoch, got ${JSON.stringify(v)}`,
      );
    q[key] = ms;
  }
  return q;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'bad-request', 'malformed percent-encoding in the path');
  }
}

function notFound(what: string, name: string): HttpError {
  return new HttpError(404, 'not-found', `${what} ${JSON.stringify(name)} not found`);
}

function notAllowed(method: string, path: string, allow: string): HttpError {
  return new HttpError(
    405,
    'method-not-allowed',
    `${method} is not allowed on ${path}`,
    undefined,
    { allow },
  );
}
