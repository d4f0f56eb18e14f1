/**
 * The warehouse path (issue 15): the same generated traffic goes through the real ingest (HTTP
 * /v1/batch, injected clock) and into a real PostgreSQL and a DuckDB file laid out as Segment's
 * warehouses are (one schema per source, `tracks`/`pages`/`identifies`, Protocols' `violation_generated`
 * loaded from Platen's own violation export). The series Platen's SQL computes in each warehouse must
 * equal the ones the ingest's rollups hold; `platen anomalies run` then finds a planted outage.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli } from '@platen/compiler';
import {
  exportViolations,
  openRegistryDb,
  readVolumes,
  VIOLATION_CLASSES,
} from '../../src/index.js';
import {
  DIALECTS,
  denseSeries,
  discoverLayout,
  openWarehouse,
  readSeriesRows,
  seriesSql,
  type SeriesRow,
} from '../../src/warehouse/index.js';
import { startMonitorRegistry, T0, trackRule, type MonitorRegistry } from '../monitor/support.js';
import { tempDir } from '../support/helpers.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import type { WarehouseModule } from '../../../compiler/src/cli/commands/anomalies-warehouse.js';
import * as warehouseModule from '../../src/warehouse/index.js';

// The CLI loads this module by name at run time: its exports must be what the CLI expects.
const _cliView: WarehouseModule = warehouseModule;
void _cliView;

type CliIo = Parameters<typeof runCli>[1];
const HOUR = 3_600_000;
const HOURS = 96; // four days from a Monday
const OUTAGE = [80, 81, 82]; // web's Order Completed drops to zero

/** One message as sent, and where it lands in the warehouse. */
interface Sent {
  hour: number;
  source: 'web_app' | 'legacy';
  message: Record<string, unknown>;
}

/** A deterministic day of traffic per hour (no randomness: the counts follow the hour of the day). */
function traffic(): Sent[] {
  const out: Sent[] = [];
  let n = 0;
  const id = () => `m-${++n}`;
  for (let hour = 0; hour < HOURS; hour++) {
    const at = new Date(T0 + hour * HOUR + 60_000).toISOString();
    const hod = hour % 24;
    const orders = OUTAGE.includes(hour)
      ? 0
      : 30 + ((hod * 7) % 23) + (hod >= 9 && hod <= 20 ? 25 : 0);
    const push = (source: Sent['source'], message: Record<string, unknown>) =>
      out.push({
        hour,
        source,
        message: { userId: 'u1', messageId: id(), sentAt: at, timestamp: at, ...message },
      });
    for (let i = 0; i < orders; i++)
      push('web_app', {
        type: 'track',
        event: 'Order Completed',
        // Every 9th misses the required revenue; every 13th sends it as a string.
        properties: i % 9 === 0 ? {} : { revenue: i % 13 === 0 ? 'ten' : 10 + i },
      });
    if (hod % 3 !== 0)
      for (let i = 0; i < 4; i++)
        push('web_app', { type: 'track', event: 'Product Viewed', properties: { sku: `s${i}` } });
    for (let i = 0; i < 3; i++) push('web_app', { type: 'page', name: 'Home', properties: {} });
    push('web_app', { type: 'identify', traits: { plan: 'pro' } });
    for (let i = 0; i < 2 + (hod % 4); i++)
      push('legacy', { type: 'track', event: 'Legacy Event', properties: {} });
  }
  return out;
}

let m: MonitorRegistry;
let postgres: TestPostgres;
let duckFile: string;
let sent: Sent[];

/** The warehouse's tables, as SQL both PostgreSQL and DuckDB take. */
function warehouseDdl(): string[] {
  return [
    ...['web_app', 'legacy', 'protocols'].map((s) => `CREATE SCHEMA ${s}`),
    ...['web_app', 'legacy'].map(
      (s) =>
        `CREATE TABLE ${s}.tracks (id TEXT, received_at TIMESTAMPTZ, event TEXT, event_text TEXT)`,
    ),
    'CREATE TABLE web_app.pages (id TEXT, received_at TIMESTAMPTZ, name TEXT)',
    'CREATE TABLE web_app.identifies (id TEXT, received_at TIMESTAMPTZ)',
    `CREATE TABLE protocols.violation_generated (id TEXT, received_at TIMESTAMPTZ, event_sent_at TEXT,
       source_slug TEXT, source_name TEXT, event_type TEXT, event_name TEXT, violation_description TEXT)`,
  ];
}

/** One INSERT per table, values as SQL literals (the generated data holds no quote). */
function warehouseInserts(violations: Record<string, string>[]): string[] {
  const q = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const rows: Record<string, string[]> = {};
  const add = (table: string, values: string[]) =>
    (rows[table] ??= []).push(`(${values.join(', ')})`);
  for (const { source, message } of sent) {
    const id = q(String(message.messageId));
    const at = q(String(message.sentAt));
    if (message.type === 'track') {
      const name = String(message.event);
      add(`${source}.tracks`, [id, at, q(name.toLowerCase().replace(/ /g, '_')), q(name)]);
    } else if (message.type === 'page') add(`${source}.pages`, [id, at, q(String(message.name))]);
    else add(`${source}.identifies`, [id, at]);
  }
  for (const v of violations)
    add('protocols.violation_generated', [
      q(v.id!),
      q(v.event_sent_at!),
      q(v.event_sent_at!),
      q(v.source_slug!),
      q(v.source_name!),
      q(v.event_type!),
      q(v.event_name!),
      q(v.violation_description!),
    ]);
  return Object.entries(rows).map(
    ([table, values]) => `INSERT INTO ${table} VALUES ${values.join(',\n')}`,
  );
}

beforeAll(async () => {
  sent = traffic();
  m = await startMonitorRegistry(
    [trackRule('Order Completed', { revenue: { type: 'number' } }, ['revenue'])],
    { intervalMs: HOUR },
  );
  const legacyKey = m.unplanned.write_key;
  for (let hour = 0; hour < HOURS; hour++) {
    m.clock.now = T0 + hour * HOUR + 60_000;
    for (const source of ['web_app', 'legacy'] as const) {
      const batch = sent
        .filter((s) => s.hour === hour && s.source === source)
        .map((s) => s.message);
      if (batch.length === 0) continue;
      const r = await m.send(
        '/v1/batch',
        { batch },
        source === 'legacy' ? { writeKey: legacyKey } : {},
      );
      expect(r.status).toBe(200);
    }
  }
  const db = openRegistryDb(m.dbPath);
  const violations = [...exportViolations(db)] as unknown as Record<string, string>[];
  db.close();
  expect(violations.length).toBeGreaterThan(100);
  const statements = [...warehouseDdl(), ...warehouseInserts(violations)];

  postgres = await startPostgres();
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  for (const s of statements) await client.query(s);
  await client.end();

  const dir = tempDir('duck');
  mkdirSync(dir, { recursive: true });
  duckFile = join(dir, 'warehouse.duckdb');
  const duck = await DuckDBInstance.create(duckFile);
  const connection = await duck.connect();
  for (const s of statements) await connection.run(s);
  connection.closeSync();
  duck.closeSync();
}, 240_000);

afterAll(async () => {
  postgres?.stop();
  await m?.stop();
});

/** The series the ingest's rollups hold: volumes and total violations per source × type × event × hour. */
function ingestSeries(): SeriesRow[] {
  const db = openRegistryDb(m.dbPath);
  const volumes = readVolumes(db, {});
  db.close();
  const sums = new Map<string, SeriesRow>();
  const add = (metric: string, r: (typeof volumes)[number], value: number) => {
    if (value === 0) return;
    const row = {
      metric,
      source: r.source.replace(/-/g, '_'),
      type: r.type,
      event: r.event,
      bucket: Date.parse(r.start) / 1000,
      value,
    };
    const k = JSON.stringify([row.metric, row.source, row.type, row.event, row.bucket]);
    const old = sums.get(k);
    if (old) old.value += value;
    else sums.set(k, row);
  };
  for (const r of volumes) {
    add('volume', r, r.received);
    add(
      'violations',
      r,
      VIOLATION_CLASSES.reduce((n, c) => n + r.violations[c], 0),
    );
  }
  return [...sums.values()];
}

const sortRows = (rows: SeriesRow[]) =>
  [...rows].sort((a, b) => {
    const ka = JSON.stringify([a.metric, a.source, a.type, a.event, a.bucket]);
    const kb = JSON.stringify([b.metric, b.source, b.type, b.event, b.bucket]);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });

async function warehouseRows(source: string): Promise<SeriesRow[]> {
  const connection = await openWarehouse(source);
  try {
    const layout = await discoverLayout(connection);
    return await readSeriesRows(connection, layout, { intervalMs: HOUR });
  } finally {
    await connection.close();
  }
}

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: m.dir,
    env: { PATH: process.env.PATH },
    interactive: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('series from the warehouse equal the ingest’s', () => {
  for (const kind of ['postgres', 'duckdb'] as const) {
    it(`${kind}: volumes and violations per source × type × event × hour`, async () => {
      const rows = await warehouseRows(kind === 'postgres' ? postgres.url : duckFile);
      const expected = sortRows(ingestSeries());
      // The ingest has no unique-violation rollup: that series is checked against the export below.
      const got = sortRows(rows.filter((r) => r.metric !== 'unique_violations'));
      expect(got.length).toBeGreaterThan(HOURS * 4);
      expect(got).toEqual(expected);
      // Every call type and both sources are there, and the outage hours hold no Order Completed row.
      expect(new Set(got.map((r) => `${r.source}/${r.type}`))).toEqual(
        new Set(['web_app/track', 'web_app/page', 'web_app/identify', 'legacy/track']),
      );
      const orders = got.filter((r) => r.metric === 'volume' && r.event === 'Order Completed');
      expect(orders.map((r) => (r.bucket * 1000 - T0) / HOUR)).toEqual(
        Array.from({ length: HOURS }, (_, h) => h).filter((h) => !OUTAGE.includes(h)),
      );
    });
  }

  it('unique violations count distinct descriptions per hour, in both warehouses alike', async () => {
    const db = openRegistryDb(m.dbPath);
    const exported = [...exportViolations(db)];
    db.close();
    const distinct = new Map<string, Set<string>>();
    for (const v of exported) {
      const k = JSON.stringify([
        v.source_slug.replace(/-/g, '_'),
        v.event_type,
        v.event_name,
        Math.floor(Date.parse(v.event_sent_at) / HOUR) * 3600,
      ]);
      (distinct.get(k) ?? distinct.set(k, new Set()).get(k)!).add(v.violation_description);
    }
    const expected = [...distinct].map(([k, set]) => {
      const [source, type, event, bucket] = JSON.parse(k) as [string, string, string, number];
      return { metric: 'unique_violations', source, type, event, bucket, value: set.size };
    });
    const pgRows = (await warehouseRows(postgres.url)).filter(
      (r) => r.metric === 'unique_violations',
    );
    const duckRows = (await warehouseRows(duckFile)).filter(
      (r) => r.metric === 'unique_violations',
    );
    expect(sortRows(pgRows)).toEqual(sortRows(expected));
    expect(sortRows(duckRows)).toEqual(sortRows(expected));
    // Two kinds of violation were planted: a missing and a mistyped revenue.
    expect(Math.max(...expected.map((r) => r.value))).toBe(2);
  });

  it('quiet intervals are zeros while a series is alive', async () => {
    const rows = await warehouseRows(postgres.url);
    const series = denseSeries(rows, HOUR);
    const orders = series.find((s) => s.metric === 'volume' && s.event === 'Order Completed')!;
    expect(orders.values).toHaveLength(HOURS);
    expect(OUTAGE.map((h) => orders.values[h])).toEqual([0, 0, 0]);
    const viewed = series.find((s) => s.event === 'Product Viewed')!;
    expect(viewed.values.filter((v) => v === 0).length).toBe(HOURS / 3 - 1); // every third hour, after the first
  });
});

describe('platen anomalies run and sql', () => {
  for (const kind of ['postgres', 'duckdb'] as const) {
    it(`run --source ${kind}: the outage alerts, in its first hour`, async () => {
      const source = kind === 'postgres' ? postgres.url : duckFile;
      const r = await cli(['anomalies', 'run', '--source', source, '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const { series } = JSON.parse(r.stdout) as {
        series: {
          metric: string;
          source: string;
          event: string;
          points: number;
          alerts: { at: string; value: number }[];
        }[];
      };
      const orders = series.find((s) => s.metric === 'volume' && s.event === 'Order Completed')!;
      expect(orders.points).toBe(HOURS);
      expect(orders.alerts[0]).toMatchObject({
        at: new Date(T0 + OUTAGE[0]! * HOUR).toISOString(),
        value: 0,
      });
      const human = await cli(['anomalies', 'run', '--source', source]);
      expect(human.stdout).toContain('volume web_app track "Order Completed"');
      expect(human.stdout).toMatch(/\d+ series scored, \d+ alerting\n$/);
    });
  }

  it('sql prints, for each dialect, the query run executes; postgres and duckdb text runs as printed', async () => {
    for (const dialect of DIALECTS) {
      const r = await cli([
        'anomalies',
        'sql',
        '--dialect',
        dialect,
        '--schema',
        'web_app',
        '--violations',
        'protocols',
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        seriesSql(
          {
            sources: [
              {
                schema: 'web_app',
                tables: ['tracks', 'identifies', 'pages', 'screens', 'groups', 'aliases'],
              },
            ],
            violations: ['protocols'],
          },
          { dialect },
        ),
      );
    }
    const text = (
      await cli([
        'anomalies',
        'sql',
        '--dialect',
        'postgres',
        '--schema',
        'web_app,legacy',
        '--tables',
        'tracks',
        '--violations',
        'protocols',
      ])
    ).stdout;
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    const { rows } = await client.query(text);
    await client.end();
    const viaRun = (await warehouseRows(postgres.url)).filter(
      (r) => r.type === 'track' || r.metric !== 'volume',
    );
    expect(
      sortRows(rows.map((r) => ({ ...r, bucket: Number(r.bucket), value: Number(r.value) }))),
    ).toEqual(sortRows(viaRun));
  });

  it('each dialect writes its own bucket and quoting, and refuses names that are not identifiers', async () => {
    const one = (dialect: (typeof DIALECTS)[number]) =>
      seriesSql(
        { sources: [{ schema: 'web', tables: ['tracks'] }], violations: [] },
        { dialect, intervalMs: 300_000, since: '2026-01-05T00:00:00Z' },
      );
    expect(one('postgres')).toContain(
      `CAST(floor(extract(epoch from received_at) / 300) AS bigint) * 300`,
    );
    expect(one('postgres')).toContain(`FROM "web"."tracks"`);
    expect(one('postgres')).toContain(`received_at >= '2026-01-05T00:00:00.000Z'::timestamptz`);
    expect(one('duckdb')).toContain('CAST(floor(epoch(received_at) / 300) AS BIGINT) * 300');
    expect(one('bigquery')).toContain('DIV(UNIX_SECONDS(received_at), 300) * 300');
    expect(one('bigquery')).toContain('FROM `web.tracks`');
    expect(one('bigquery')).toContain("TIMESTAMP('2026-01-05T00:00:00.000Z')");
    expect(one('snowflake')).toContain('FLOOR(DATE_PART(EPOCH_SECOND, received_at) / 300) * 300');
    expect(one('snowflake')).toContain('FROM web.tracks');
    const bad = await cli([
      'anomalies',
      'sql',
      '--dialect',
      'postgres',
      '--schema',
      'web"; DROP TABLE x; --',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a plain SQL identifier');
    expect(bad.stdout).toBe('');
    const since = await cli([
      'anomalies',
      'sql',
      '--dialect',
      'duckdb',
      '--schema',
      'web',
      '--since',
      "2026'; --",
    ]);
    expect(since.code).toBe(1);
    expect(since.stderr).toContain('is not an ISO 8601 date-time');
  });

  it('bad sources and flags get a clear error and an exit code', async () => {
    const missing = await cli(['anomalies', 'run', '--source', 'nope.duckdb']);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain('nope.duckdb: no such file');
    const closed = await cli([
      'anomalies',
      'run',
      '--source',
      'postgres://u:secret-pw@127.0.0.1:1/db',
    ]);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('cannot connect to postgres://u:****@127.0.0.1:1/db');
    expect(closed.stderr).not.toContain('secret-pw');
    expect((await cli(['anomalies', 'sql', '--schema', 'web'])).code).toBe(2);
    expect((await cli(['anomalies', 'run', '--source', duckFile, '--interval', '90s'])).code).toBe(
      2,
    );
    const unknown = await cli(['anomalies', 'run', '--source', duckFile, '--schema', 'nosuch']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('schema "nosuch" has none of the tables');
  });
});
