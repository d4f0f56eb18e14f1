/**
 * Reads over the monitoring tables: volumes, violations, samples, the report and the export. Plain
 * functions of a database handle, so the server runs them on its read connection (a worker thread,
 * see ./reader.ts) and the CLI on its own.
 */
import type { RegistryDb } from '../db.js';
import { DAY_MS } from './schema.js';
import {
  VIOLATION_CLASSES,
  type ExportRow,
  type MessageType,
  type MonitorQuery,
  type ReportRow,
  type ViolationCounts,
  type ViolationRow,
  type VolumeRow,
} from './types.js';

interface RollupSums {
  source: string;
  type: MessageType;
  event: string;
  version: number;
  planned: number;
  received: number;
  valid: number;
  invalid: number;
  unplanned_properties: number;
  v_unplanned_event: number;
  v_unplanned_property: number;
  v_missing_required: number;
  v_wrong_type: number;
  v_other: number;
}

const SUMS = `SUM(r.received) AS received, SUM(r.valid) AS valid, SUM(r.invalid) AS invalid,
  SUM(r.unplanned_properties) AS unplanned_properties, SUM(r.v_unplanned_event) AS v_unplanned_event,
  SUM(r.v_unplanned_property) AS v_unplanned_property, SUM(r.v_missing_required) AS v_missing_required,
  SUM(r.v_wrong_type) AS v_wrong_type, SUM(r.v_other) AS v_other, MIN(r.planned) AS planned`;

function counts(row: RollupSums): ViolationCounts {
  return {
    unplanned_event: row.v_unplanned_event,
    unplanned_property: row.v_unplanned_property,
    missing_required: row.v_missing_required,
    wrong_type: row.v_wrong_type,
    other: row.v_other,
  };
}

/** The WHERE clause of a query's filters over table alias `t` joined with sources `s`. */
function where(q: MonitorQuery, params: Record<string, unknown>): string {
  const parts: string[] = [];
  // Written as `source_pk IN (…)` so that, with an event, SQLite searches the rollups' primary key
  // (source_pk, event, …) instead of scanning every interval (90 days x 1,000 events is 2 million rows).
  if (q.source !== undefined) {
    parts.push(
      't.source_pk IN (SELECT pk FROM sources WHERE id = @source OR slug = @source OR name = @source)',
    );
    params.source = q.source;
  } else if (q.event !== undefined) {
    parts.push('t.source_pk IN (SELECT pk FROM sources)');
  }
  if (q.event !== undefined) {
    parts.push('t.event = @event');
    params.event = q.event;
  }
  if (q.type !== undefined) {
    parts.push('t.type = @type');
    params.type = q.type;
  }
  if (q.from !== undefined) {
    parts.push('t.bucket >= @from');
    params.from = q.from;
  }
  if (q.to !== undefined) {
    parts.push('t.bucket < @to');
    params.to = q.to;
  }
  return parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`;
}

const ROLLUP_COLUMNS = `source_pk, event, type, version, planned, received, valid, invalid,
  unplanned_properties, v_unplanned_event, v_unplanned_property, v_missing_required, v_wrong_type, v_other`;

/**
 * The rows `readVolumes` reads, as a FROM source with a `bucket` column. By whole days (the
 * interval a multiple of a day) the whole UTC days inside [from, to) come from the daily table
 * (a day row sums the intervals starting in that day: 24 times fewer rows when hourly) and only
 * the partial days at either end from the interval rows; the sums are the same.
 */
function volumeSource(q: MonitorQuery, params: Record<string, unknown>): string {
  if (q.interval === undefined || q.interval % DAY_MS !== 0) return 'monitor_rollups';
  const dayFrom =
    q.from === undefined ? -Number.MAX_SAFE_INTEGER : Math.ceil(q.from / DAY_MS) * DAY_MS;
  const dayTo = q.to === undefined ? Number.MAX_SAFE_INTEGER : Math.floor(q.to / DAY_MS) * DAY_MS;
  if (dayFrom >= dayTo) return 'monitor_rollups';
  params.dayFrom = dayFrom;
  params.dayTo = dayTo;
  return `(SELECT ${ROLLUP_COLUMNS}, day AS bucket FROM monitor_rollups_daily
      WHERE day >= @dayFrom AND day < @dayTo
    UNION ALL SELECT ${ROLLUP_COLUMNS}, bucket FROM monitor_rollups WHERE bucket < @dayFrom
    UNION ALL SELECT ${ROLLUP_COLUMNS}, bucket FROM monitor_rollups WHERE bucket >= @dayTo)`;
}

/**
 * Volume points per source x type x event x version x interval, ordered by source, event, type,
 * version, then time. `q.interval` (a multiple of the stored interval) groups stored intervals.
 */
export function readVolumes(db: RegistryDb, q: MonitorQuery = {}): VolumeRow[] {
  const params: Record<string, unknown> = {};
  const filter = where(q, params).replace(/\bt\./g, 'r.');
  const table = volumeSource(q, params);
  const bucket = 'r.bucket';
  params.interval = q.interval ?? null;
  const rows = db
    .prepare(
      `SELECT s.slug AS source, r.type, r.event, r.version,
         -- % works on integers: buckets and the interval are whole ms.
         CASE WHEN @interval IS NULL THEN ${bucket} ELSE ${bucket} - ${bucket} % @interval END AS at,
         ${SUMS}
       FROM ${table} r JOIN sources s ON s.pk = r.source_pk ${filter}
       GROUP BY r.source_pk, r.event, r.type, r.version, at
       ORDER BY s.slug, r.event, r.type, r.version, at`,
    )
    .all(params) as (RollupSums & { at: number })[];
  return rows.map((r) => ({
    source: r.source,
    type: r.type,
    event: r.event,
    version: r.version,
    planned: r.planned === 1,
    start: new Date(r.at).toISOString(),
    received: r.received,
    valid: r.valid,
    invalid: r.invalid,
    unplanned_properties: r.unplanned_properties,
    violations: counts(r),
  }));
}

/** Distinct violations (by class, keyword, path and description) with counts, most frequent first. */
export function readViolations(db: RegistryDb, q: MonitorQuery = {}): ViolationRow[] {
  const params: Record<string, unknown> = {};
  const filter = where(q, params).replace(/\bt\./g, 'v.');
  const rows = db
    .prepare(
      `SELECT s.slug AS source, v.type, v.event, v.version, v.class, v.keyword, v.path,
         v.description, COUNT(*) AS count, MIN(v.received_at) AS first, MAX(v.received_at) AS last
       FROM monitor_violations v JOIN sources s ON s.pk = v.source_pk ${filter}
       GROUP BY v.source_pk, v.event, v.type, v.version, v.class, v.keyword, v.path, v.description
       ORDER BY count DESC, s.slug, v.event, v.type, v.version, v.class, v.path, v.description`,
    )
    .all(params) as (Omit<ViolationRow, 'first_seen' | 'last_seen'> & {
    first: number;
    last: number;
  })[];
  return rows.map(({ first, last, ...row }) => ({
    ...row,
    first_seen: new Date(first).toISOString(),
    last_seen: new Date(last).toISOString(),
  }));
}

/** A stored sample: a violating message and its violations. */
export interface SampleRow {
  source: string;
  type: MessageType;
  event: string;
  version: number;
  received_at: string;
  message: unknown;
  violations: unknown;
}

/** Stored samples matching the filters, oldest first. */
export function readSamples(db: RegistryDb, q: MonitorQuery = {}, limit = 100): SampleRow[] {
  const params: Record<string, unknown> = { limit };
  const filter = where(q, params).replace(/\bt\./g, 'm.');
  const rows = db
    .prepare(
      `SELECT s.slug AS source, m.type, m.event, m.version, m.received_at, m.message, m.violations
       FROM monitor_samples m JOIN sources s ON s.pk = m.source_pk ${filter}
       ORDER BY m.id LIMIT @limit`,
    )
    .all(params) as {
    source: string;
    type: MessageType;
    event: string;
    version: number;
    received_at: number;
    message: string;
    violations: string;
  }[];
  return rows.map((r) => ({
    ...r,
    received_at: new Date(r.received_at).toISOString(),
    message: JSON.parse(r.message) as unknown,
    violations: JSON.parse(r.violations) as unknown,
  }));
}

/**
 * The report over `[now - sinceMs, now)`: one row per source x type x event x version, with the
 * period before (of the same length) to compare with; biggest absolute change in volume first, then
 * most violations, then names.
 */
export function monitorReport(db: RegistryDb, sinceMs: number, now: number): ReportRow[] {
  const from = now - sinceMs;
  const period = (a: number, b: number) =>
    db
      .prepare(
        `SELECT s.slug AS source, r.type, r.event, r.version, ${SUMS}
         FROM monitor_rollups r JOIN sources s ON s.pk = r.source_pk
         WHERE r.bucket >= ? AND r.bucket < ?
         GROUP BY r.source_pk, r.event, r.type, r.version`,
      )
      .all(a, b) as RollupSums[];
  const id = (r: { source: string; type: string; event: string; version: number }) =>
    JSON.stringify([r.source, r.type, r.event, r.version]);
  const before = new Map(period(from - sinceMs, from).map((r) => [id(r), r]));
  const rows = new Map<string, ReportRow>();
  for (const r of period(from, now + 1)) {
    const previous = before.get(id(r))?.received ?? 0;
    rows.set(id(r), {
      source: r.source,
      type: r.type,
      event: r.event,
      version: r.version,
      planned: r.planned === 1,
      received: r.received,
      valid: r.valid,
      invalid: r.invalid,
      unplanned_properties: r.unplanned_properties,
      violations: counts(r),
      previous_received: previous,
      change: r.received - previous,
    });
  }
  // An event that stopped arriving is a change too: a row with zero counts.
  for (const [key, r] of before) {
    if (rows.has(key)) continue;
    rows.set(key, {
      source: r.source,
      type: r.type,
      event: r.event,
      version: r.version,
      planned: r.planned === 1,
      received: 0,
      valid: 0,
      invalid: 0,
      unplanned_properties: 0,
      violations: Object.fromEntries(VIOLATION_CLASSES.map((c) => [c, 0])) as ViolationCounts,
      previous_received: r.received,
      change: -r.received,
    });
  }
  const total = (r: ReportRow) => VIOLATION_CLASSES.reduce((n, c) => n + r.violations[c], 0);
  const text = (r: ReportRow) => JSON.stringify([r.source, r.event, r.type, r.version]);
  return [...rows.values()].sort(
    (a, b) =>
      Math.abs(b.change) - Math.abs(a.change) ||
      total(b) - total(a) ||
      (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0),
  );
}

/**
 * Every stored violation in Segment's `violation_generated` columns, oldest first (an iterator: the
 * export streams them). `event_sent_at` is the message's `sentAt` (else `timestamp`, else the time
 * it was received).
 */
export function* exportViolations(db: RegistryDb, q: MonitorQuery = {}): Generator<ExportRow> {
  const params: Record<string, unknown> = {};
  const filter = where(q, params).replace(/\bt\./g, 'v.');
  const rows = db
    .prepare(
      `SELECT v.id, v.sent_at, v.received_at, s.slug, s.name, v.type, v.event, v.description
       FROM monitor_violations v JOIN sources s ON s.pk = v.source_pk ${filter} ORDER BY v.id`,
    )
    .iterate(params) as Iterable<{
    id: number;
    sent_at: string | null;
    received_at: number;
    slug: string;
    name: string;
    type: string;
    event: string;
    description: string;
  }>;
  for (const r of rows) {
    yield {
      id: `vio_${r.id}`,
      event_sent_at: r.sent_at ?? new Date(r.received_at).toISOString(),
      source_slug: r.slug,
      source_name: r.name,
      event_type: r.type,
      event_name: r.event,
      violation_description: r.description,
    };
  }
}

/** The export's columns, in order. */
export const EXPORT_COLUMNS = [
  'id',
  'event_sent_at',
  'source_slug',
  'source_name',
  'event_type',
  'event_name',
  'violation_description',
] as const;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Deletes rollups, violations and samples of intervals before `before`; returns rows deleted. */
export function deleteBefore(db: RegistryDb, before: number, limit = 10_000): number {
  let deleted = 0;
  for (const table of ['monitor_rollups', 'monitor_violations', 'monitor_samples']) {
    const key = table === 'monitor_rollups' ? '(source_pk, event, type, version, bucket)' : 'id';
    const result = db
      .prepare(
        `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key.replace(/[()]/g, '')} FROM ${table} WHERE bucket < ? LIMIT ?)`,
      )
      .run(before, limit);
    deleted += result.changes;
  }
  return deleted;
}
