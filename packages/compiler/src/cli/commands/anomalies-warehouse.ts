/**
 * `platen anomalies sql` and `platen anomalies run`: the warehouse path. The warehouse counts (its
 * `tracks`, per-call tables and Protocols' `violation_generated`); Platen writes the SQL and scores the
 * small series that come back with the monitoring service's own detector. The SQL and the readers live
 * in `@platen/registry/warehouse`, loaded on demand like the detector.
 */
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import type { AnomalyAction } from './anomalies-action.js';
import { REGISTRY_PACKAGE } from './registry.js';

/** The subpath export holding the warehouse SQL and readers. */
export const WAREHOUSE_MODULE = `${REGISTRY_PACKAGE}/warehouse`;

/** A series the module scored, as `run` prints it. */
interface ScoredSeries {
  metric: string;
  source: string;
  type: string;
  event: string;
  intervalMs: number;
  from: string;
  points: number;
  alerts: { at: string; value: number; expected: number; score: number }[];
}

/** One row of the series query. */
interface SeriesRowView {
  metric: string;
  source: string;
  type: string;
  event: string;
  bucket: number;
  value: number;
}

/** A dense series. */
interface SeriesView {
  metric: string;
  source: string;
  type: string;
  event: string;
  start: number;
  intervalMs: number;
  values: number[];
}

/** An open warehouse. */
interface ConnectionView {
  dialect: 'postgres' | 'duckdb';
  label: string;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** A warehouse's layout: source schemas with their call tables, and violation schemas. */
interface LayoutView {
  sources: { schema: string; tables: readonly string[] }[];
  violations: string[];
}

/** What the CLI uses of `@platen/registry/warehouse`; the registry's tests check its exports satisfy it. */
export interface WarehouseModule {
  DIALECTS: readonly string[];
  CALL_TABLES: Record<string, unknown>;
  seriesSql(
    layout: LayoutView,
    options: {
      dialect: 'postgres' | 'duckdb' | 'bigquery' | 'snowflake';
      intervalMs?: number;
      since?: string;
      until?: string;
      project?: string;
    },
  ): string;
  openWarehouse(source: string): Promise<ConnectionView>;
  discoverLayout(connection: ConnectionView, schemas?: readonly string[]): Promise<LayoutView>;
  readSeriesRows(
    connection: ConnectionView,
    layout: LayoutView,
    options: { intervalMs?: number; since?: string; until?: string },
  ): Promise<SeriesRowView[]>;
  denseSeries(rows: readonly SeriesRowView[], intervalMs: number, end?: number): SeriesView[];
  scoreWarehouseSeries(
    series: readonly SeriesView[],
    options: { sensitivity?: number },
  ): ScoredSeries[];
}
type Warehouse = WarehouseModule;

async function loadWarehouse(): Promise<Warehouse> {
  try {
    const specifier = WAREHOUSE_MODULE;
    return (await import(specifier)) as Warehouse;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new CliFailure(
      `the warehouse path is in the package ${REGISTRY_PACKAGE}, which cannot be loaded (${message}).\n` +
        `Install it next to @platen/compiler: npm i -D ${REGISTRY_PACKAGE}`,
    );
  }
}

/** `30m`, `1h`, `1d` → ms (whole minutes, at least one). */
export function intervalMs(value: unknown): number {
  if (value === undefined) return 3_600_000;
  const m = /^(\d+)(m|h|d)$/.exec(String(value));
  const ms = m ? Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm'] : NaN;
  if (!(ms >= 60_000)) throw new UsageError('--interval must be like 5m, 1h or 1d (at least 1m)');
  return ms;
}

/** A repeatable, comma-separable string flag as a list. */
function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Runs `work` turning the module's own errors into CliFailures (they are written to be printed). */
async function reported<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof Error && /^(WarehouseError|WarehouseSqlError)$/.test(err.name))
      throw new CliFailure(err.message);
    throw err;
  }
}

async function sql(args: Record<string, unknown>, io: CliIo): Promise<number> {
  const w = await loadWarehouse();
  const dialect = String(args.dialect ?? '');
  if (!(w.DIALECTS as readonly string[]).includes(dialect))
    throw new UsageError(`anomalies sql needs --dialect ${w.DIALECTS.join('|')}`);
  const schemas = list(args.schema);
  const violations = list(args.violations);
  if (schemas.length + violations.length === 0)
    throw new UsageError(
      'anomalies sql needs --schema S (a source schema; repeat or comma-separate) and/or --violations S',
    );
  const tables = list(args.tables);
  const known = Object.keys(w.CALL_TABLES);
  for (const t of tables)
    if (!known.includes(t))
      throw new UsageError(
        `--tables: unknown table ${JSON.stringify(t)} (one of ${known.join(', ')})`,
      );
  const layout = {
    sources: schemas.map((schema) => ({ schema, tables: tables.length > 0 ? tables : known })),
    violations,
  };
  const text = await reported(async () =>
    w.seriesSql(layout, {
      dialect: dialect as 'postgres',
      intervalMs: intervalMs(args.interval),
      ...(args.since === undefined ? {} : { since: String(args.since) }),
      ...(args.until === undefined ? {} : { until: String(args.until) }),
      ...(args.project === undefined ? {} : { project: String(args.project) }),
    }),
  );
  io.stdout(text);
  return EXIT.ok;
}

async function run(args: Record<string, unknown>, io: CliIo): Promise<number> {
  if (typeof args.source !== 'string' || args.source === '')
    throw new UsageError('anomalies run needs --source postgres://… or a DuckDB file');
  const sensitivity = args.sensitivity === undefined ? 0.5 : Number(args.sensitivity);
  if (!(sensitivity >= 0 && sensitivity <= 1))
    throw new UsageError('--sensitivity must be a number from 0 to 1');
  const interval = intervalMs(args.interval);
  const w = await loadWarehouse();
  const source = args.source.startsWith('postgres') ? args.source : pathIn(io, args.source);
  const scored = await reported(async () => {
    const connection = await w.openWarehouse(source);
    try {
      const layout = await w.discoverLayout(connection, list(args.schema));
      if (layout.sources.length + layout.violations.length === 0)
        throw new CliFailure(
          `${connection.label}: no tracks, per-call or violation_generated tables found`,
        );
      const rows = await w.readSeriesRows(connection, layout, {
        intervalMs: interval,
        ...(args.since === undefined ? {} : { since: String(args.since) }),
        ...(args.until === undefined ? {} : { until: String(args.until) }),
      });
      const end =
        args.until === undefined
          ? undefined
          : Math.floor(Date.parse(String(args.until)) / interval) * interval;
      return w.scoreWarehouseSeries(w.denseSeries(rows, interval, end), { sensitivity });
    } finally {
      await connection.close();
    }
  });
  if (args.json === true) {
    io.stdout(JSON.stringify({ series: scored }, null, 2) + '\n');
    return EXIT.ok;
  }
  const alerting = scored.filter((s) => s.alerts.length > 0);
  for (const s of alerting) {
    const name = `${s.metric} ${s.source} ${s.type}${s.event === '' ? '' : ` ${JSON.stringify(s.event)}`}`;
    io.stdout(`${name}: ${s.alerts.length} alert${s.alerts.length === 1 ? '' : 's'}\n`);
    for (const a of s.alerts)
      io.stdout(`  ${a.at}  value ${a.value}, expected ${a.expected}, score ${a.score}\n`);
  }
  io.stdout(`${scored.length} series scored, ${alerting.length} alerting\n`);
  return EXIT.ok;
}

function pathIn(io: CliIo, file: string): string {
  return file.startsWith('/') ? file : `${io.cwd}/${file}`;
}

/** The `sql` action: the series SQL for a dialect, from the same definitions `run` executes. */
export const sqlAction: AnomalyAction = {
  describe: 'write the SQL of the volume and violation series for a warehouse dialect',
  run: sql,
};

/** The `run` action: read the series from PostgreSQL or DuckDB and score them. */
export const runAction: AnomalyAction = {
  describe: 'read the series from a warehouse (postgres://… or a DuckDB file) and score them',
  run,
};
