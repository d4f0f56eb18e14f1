/**
 * Monitoring test support: a real registry on 127.0.0.1 over a real SQLite file, with a plan, a
 * source tied to it (and an unplanned one), tokens, and an injected clock the test moves.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  createSource,
  createToken,
  openRegistryDb,
  RegistryStore,
  startRegistry,
  type MonitorOptions,
  type RunningRegistry,
  type SourceRow,
} from '../../src/index.js';
import { tempDir } from '../support/helpers.js';

/** A rule as the Public API takes it. */
export interface TestRule {
  type: 'TRACK' | 'IDENTIFY' | 'GROUP' | 'PAGE' | 'SCREEN' | 'COMMON';
  key?: string | null;
  version: number;
  jsonSchema: unknown;
}

/** A TRACK rule whose properties schema is `properties` with `required`. */
export function trackRule(
  key: string,
  properties: Record<string, unknown>,
  required: string[] = [],
  version = 1,
): TestRule {
  return {
    type: 'TRACK',
    key,
    version,
    jsonSchema: {
      type: 'object',
      properties: { properties: { type: 'object', properties, required } },
      required: ['properties'],
    },
  };
}

/** A running monitoring registry for one test file. */
export interface MonitorRegistry {
  registry: RunningRegistry;
  url: string;
  dir: string;
  dbPath: string;
  planId: string;
  /** Tied to the plan. */
  source: SourceRow;
  /** Tied to no plan. */
  unplanned: SourceRow;
  readToken: string;
  writeToken: string;
  /** The injected clock's time, ms. */
  clock: { now: number };
  /** POSTs `body` to `path` with the source's key as Basic username (or `auth`), as JSON or gzip. */
  send(
    path: string,
    body: unknown,
    options?: {
      writeKey?: string | null;
      gzip?: boolean;
      raw?: string | Buffer;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; body: unknown }>;
  /** GETs `path` with a bearer token (the read token by default). */
  get(path: string, token?: string | null): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/** The start of the clock: a Monday, 00:00 UTC. */
export const T0 = Date.parse('2026-01-05T00:00:00.000Z');

/** Starts a registry with `rules` in one plan and monitoring `monitor`. */
export async function startMonitorRegistry(
  rules: TestRule[],
  monitor: MonitorOptions = {},
): Promise<MonitorRegistry> {
  const dir = tempDir('monitor');
  const dbPath = join(dir, 'monitor.db');
  const db = openRegistryDb(dbPath);
  const writeToken = createToken(db, 'write');
  const readToken = createToken(db, 'read');
  const store = new RegistryStore(db);
  const plan = store.createPlan({ name: 'Web', description: '', type: 'LIVE' });
  db.close();
  const clock = { now: T0 };
  const registry = await startRegistry({
    db: dbPath,
    now: () => clock.now,
    monitor: { tickMs: 0, ...monitor },
  });
  const put = await fetch(`${registry.url}/tracking-plans/${plan.id}/rules`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${writeToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  if (put.status !== 200) throw new Error(`PUT rules: ${put.status} ${await put.text()}`);
  const db2 = openRegistryDb(dbPath);
  const source = createSource(db2, { name: 'Web App', planId: plan.id });
  const unplanned = createSource(db2, { name: 'Legacy' });
  db2.close();
  const url = registry.url;
  return {
    registry,
    url,
    dir,
    dbPath,
    planId: plan.id,
    source,
    unplanned,
    readToken,
    writeToken,
    clock,
    async send(path, body, options = {}) {
      const writeKey = options.writeKey === undefined ? source.write_key : options.writeKey;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...(writeKey === null
          ? {}
          : { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` }),
        ...options.headers,
      };
      let payload: string | Buffer = options.raw ?? JSON.stringify(body);
      if (options.gzip) {
        payload = gzipSync(payload);
        headers['content-encoding'] = 'gzip';
      }
      const res = await fetch(url + path, { method: 'POST', headers, body: payload });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
    async get(path, token = readToken) {
      const res = await fetch(url + path, {
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      });
      return { status: res.status, body: (await res.json()) as unknown };
    },
    async stop() {
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A track message with a fresh messageId. */
export function track(
  event: string,
  properties: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'track',
    event,
    properties,
    userId: 'user-1',
    messageId: `msg-${process.pid}-${++counter}`,
    timestamp: '2026-01-05T00:00:00.000Z',
    sentAt: '2026-01-05T00:00:01.000Z',
    ...extra,
  };
}
