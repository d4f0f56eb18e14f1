/**
 * The SQL that turns a Segment or RudderStack warehouse into the series Platen's detector scores: event
 * volumes per source × call type × event × interval from the per-call tables (`tracks`, `identifies`,
 * `pages`, `screens`, `groups`, `aliases`), and violation counts (total and unique descriptions) from
 * Protocols' `violation_generated`. One definition, written out per dialect. Pure: no I/O.
 *
 * A source is its warehouse schema, which Segment and RudderStack name after the source's slug with `-`
 * turned into `_`; `violation_generated` names it by slug, so its `source_slug` is mapped the same way.
 *
 * Every query answers the same columns: `metric` (`volume`, `violations`, `unique_violations`), `source`,
 * `type` (lower-case call type), `event`, `bucket` (the interval's start, whole seconds since the Unix
 * epoch, UTC) and `value`. Counting billions of rows is the warehouse's job; what comes back is small.
 */

/** The SQL dialects Platen writes. PostgreSQL and DuckDB are run in the tests; see docs/decisions.md. */
export const DIALECTS = ['postgres', 'duckdb', 'bigquery', 'snowflake'] as const;
/** One of {@link DIALECTS}. */
export type Dialect = (typeof DIALECTS)[number];

/** The per-call tables of a Segment/RudderStack warehouse schema, and the call type and event of each. */
export const CALL_TABLES = {
  tracks: { type: 'track', event: 'event_text' },
  identifies: { type: 'identify', event: null },
  pages: { type: 'page', event: 'name' },
  screens: { type: 'screen', event: 'name' },
  groups: { type: 'group', event: null },
  aliases: { type: 'alias', event: null },
} as const;
/** A table name of {@link CALL_TABLES}. */
export type CallTable = keyof typeof CALL_TABLES;

/** Protocols' violations table (Segment forwards `Violation Generated` events into it). */
export const VIOLATIONS_TABLE = 'violation_generated';

/** What the warehouse holds: one schema per source, with the call tables it has. */
export interface WarehouseLayout {
  /** One warehouse schema (BigQuery: dataset) per source; its name is the source in the series. */
  sources: { schema: string; tables: readonly string[] }[];
  /** Schemas holding a `violation_generated` table (its `source_slug` column names the source). */
  violations: string[];
}

/** Options of the series query. */
export interface SeriesSqlOptions {
  dialect: Dialect;
  /** Interval length in ms: whole minutes, at least one. @default 3_600_000 */
  intervalMs?: number;
  /** Only rows received at or after this instant (ISO 8601), and before `until`. */
  since?: string;
  until?: string;
  /** BigQuery only: the project holding the datasets. */
  project?: string;
}

/** A name the query would not quote safely, or a bad option; the message names it. */
export class WarehouseSqlError extends Error {
  override name = 'WarehouseSqlError';
}

// Warehouse schema and table names Segment and RudderStack create are plain identifiers; anything else
// is refused rather than quoted, so a name can never change the query (and Snowflake's unquoted,
// upper-cased names keep working).
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name))
    throw new WarehouseSqlError(
      `${what} ${JSON.stringify(name)} is not a plain SQL identifier (letters, digits and _, not starting with a digit)`,
    );
  return name;
}

/** A BigQuery project id: 6–30 lower-case letters, digits and hyphens, starting with a letter. */
function projectId(project: string): string {
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(project))
    throw new WarehouseSqlError(`BigQuery project ${JSON.stringify(project)} is not a project id`);
  return project;
}

/** A qualified table name in `dialect`. */
function table(dialect: Dialect, schema: string, name: string, project?: string): string {
  const s = identifier(schema, 'schema');
  const t = identifier(name, 'table');
  switch (dialect) {
    case 'bigquery':
      return project === undefined ? `\`${s}.${t}\`` : `\`${projectId(project)}.${s}.${t}\``;
    case 'snowflake':
      return `${s}.${t}`;
    default:
      return `"${s}"."${t}"`;
  }
}

/** The interval's start, in whole seconds since the epoch, of `column` (a timestamp). */
function bucket(dialect: Dialect, column: string, seconds: number): string {
  switch (dialect) {
    case 'postgres':
      return `CAST(floor(extract(epoch from ${column}) / ${seconds}) AS bigint) * ${seconds}`;
    case 'duckdb':
      return `CAST(floor(epoch(${column}) / ${seconds}) AS BIGINT) * ${seconds}`;
    case 'bigquery':
      return `DIV(UNIX_SECONDS(${column}), ${seconds}) * ${seconds}`;
    case 'snowflake':
      return `FLOOR(DATE_PART(EPOCH_SECOND, ${column}) / ${seconds}) * ${seconds}`;
  }
}

/** An instant literal in `dialect`; `iso` must be an ISO 8601 date-time. */
function instant(dialect: Dialect, iso: string, what: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(iso) ||
    Number.isNaN(Date.parse(iso))
  )
    throw new WarehouseSqlError(`${what} ${JSON.stringify(iso)} is not an ISO 8601 date-time`);
  const utc = new Date(Date.parse(iso)).toISOString();
  switch (dialect) {
    case 'postgres':
      return `'${utc}'::timestamptz`;
    case 'duckdb':
      return `TIMESTAMPTZ '${utc}'`;
    case 'bigquery':
      return `TIMESTAMP('${utc}')`;
    case 'snowflake':
      return `TO_TIMESTAMP_TZ('${utc}')`;
  }
}

function timeFilter(options: SeriesSqlOptions): string {
  const parts: string[] = [];
  if (options.since !== undefined)
    parts.push(`received_at >= ${instant(options.dialect, options.since, '--since')}`);
  if (options.until !== undefined)
    parts.push(`received_at < ${instant(options.dialect, options.until, '--until')}`);
  return parts.length === 0 ? '' : ` AND ${parts.join(' AND ')}`;
}

/** The interval in whole seconds, checked. */
export function intervalSeconds(intervalMs = 3_600_000): number {
  if (!(Number.isInteger(intervalMs) && intervalMs >= 60_000 && intervalMs % 60_000 === 0))
    throw new WarehouseSqlError(
      'the interval must be a whole number of minutes, at least 1 minute',
    );
  return intervalMs / 1000;
}

/**
 * The one query that reads every series of `layout`: volumes from each source's call tables, then
 * violations and unique violations from each `violation_generated`, ordered by metric, source, type,
 * event and bucket.
 */
export function seriesSql(layout: WarehouseLayout, options: SeriesSqlOptions): string {
  const { dialect } = options;
  if (!DIALECTS.includes(dialect))
    throw new WarehouseSqlError(
      `unknown dialect ${JSON.stringify(dialect)} (one of ${DIALECTS.join(', ')})`,
    );
  const seconds = intervalSeconds(options.intervalMs);
  const filter = timeFilter(options);
  const at = bucket(dialect, 'received_at', seconds);
  const parts: string[] = [];
  for (const source of layout.sources) {
    const schema = identifier(source.schema, 'schema');
    for (const name of source.tables) {
      const call = (CALL_TABLES as Record<string, (typeof CALL_TABLES)[CallTable]>)[name];
      if (!call) throw new WarehouseSqlError(`unknown call table ${JSON.stringify(name)}`);
      const event = call.event === null ? `''` : `COALESCE(${call.event}, '')`;
      parts.push(
        `SELECT 'volume' AS metric, '${schema}' AS source, '${call.type}' AS type, ${event} AS event,\n` +
          `    ${at} AS bucket, COUNT(*) AS value\n` +
          `  FROM ${table(dialect, schema, name, options.project)}\n` +
          `  WHERE received_at IS NOT NULL${filter}\n` +
          `  GROUP BY 4, 5`,
      );
    }
  }
  for (const schema of layout.violations) {
    const from = table(dialect, schema, VIOLATIONS_TABLE, options.project);
    for (const [metric, count] of [
      ['violations', 'COUNT(*)'],
      ['unique_violations', 'COUNT(DISTINCT violation_description)'],
    ] as const) {
      parts.push(
        `SELECT '${metric}' AS metric, REPLACE(source_slug, '-', '_') AS source, LOWER(event_type) AS type,\n` +
          `    COALESCE(event_name, '') AS event, ${at} AS bucket, ${count} AS value\n` +
          `  FROM ${from}\n` +
          `  WHERE received_at IS NOT NULL${filter}\n` +
          `  GROUP BY 2, 3, 4, 5`,
      );
    }
  }
  if (parts.length === 0)
    throw new WarehouseSqlError('no tables to read: name at least one source schema');
  return (
    `-- Platen anomaly series (${dialect}): interval ${seconds} s; bucket = interval start, seconds since the epoch (UTC)\n` +
    `SELECT metric, source, type, event, bucket, value FROM (\n` +
    parts.map((p) => `  ${p}`).join('\n  UNION ALL\n') +
    `\n) AS series\nORDER BY metric, source, type, event, bucket\n`
  );
}
