/**
 * Reads of anomalies and incidents, as the API (`GET /v1/monitor/anomalies|incidents`), the dashboard
 * and `platen anomalies list` return them. Stable shapes (documented in the README); times ISO 8601.
 */
import type { RegistryDb } from '../db.js';
import type { IncidentState } from './incidents.js';

/**
 * Filters: source and event as the monitor names them (a `source` also matches anomalies of monitors
 * over every source), monitor name, and [from, to) in ms.
 */
export interface AnomalyQuery {
  source?: string;
  event?: string;
  monitor?: string;
  from?: number;
  to?: number;
}

/** One anomalous interval of one series. */
export interface AnomalyRow {
  id: number;
  incident: number;
  monitor: string;
  kind: string;
  source: string | null;
  event: string | null;
  /** The interval's start and end. */
  at: string;
  end: string;
  value: number;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  score: number;
  description: string;
}

/** One incident, with the fate of its messages. */
export interface IncidentListing {
  id: number;
  monitor: string;
  kind: string;
  status: 'open' | 'resolved';
  opened_at: string;
  alerted_at: string | null;
  resolved_at: string | null;
  series: { source: string | null; event: string | null; direction: string }[];
  anomalies: number;
  peak_score: number;
  /** Per message and target: `delivered`, `pending` or `failed`, and the attempts made. */
  deliveries: { message: string; target: string; status: string; attempts: number }[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function filters(q: AnomalyQuery, time: string, params: Record<string, unknown>): string {
  const parts: string[] = ['1 = 1'];
  if (q.source !== undefined) {
    // A monitor over every source (source NULL) concerns each source's view too.
    parts.push('(source = @source OR source IS NULL)');
    params.source = q.source;
  }
  if (q.event !== undefined) {
    parts.push('event = @event');
    params.event = q.event;
  }
  if (q.monitor !== undefined) {
    parts.push('monitor_name = @monitor');
    params.monitor = q.monitor;
  }
  if (q.from !== undefined) {
    parts.push(`${time} >= @from`);
    params.from = q.from;
  }
  if (q.to !== undefined) {
    parts.push(`${time} < @to`);
    params.to = q.to;
  }
  return parts.join(' AND ');
}

/** Anomalies, oldest first. */
export function listAnomalies(db: RegistryDb, q: AnomalyQuery = {}): AnomalyRow[] {
  const params: Record<string, unknown> = {};
  const rows = db
    .prepare(
      `SELECT id, incident_id, monitor_name, kind, source, event, interval_start, interval_end, value,
         expected, lower, upper, score, detail FROM anomalies WHERE ${filters(q, 'interval_start', params)}
       ORDER BY interval_start, id`,
    )
    .all(params) as {
    id: number;
    incident_id: number;
    monitor_name: string;
    kind: string;
    source: string | null;
    event: string | null;
    interval_start: number;
    interval_end: number;
    value: number;
    expected: number | null;
    lower: number | null;
    upper: number | null;
    score: number;
    detail: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    incident: r.incident_id,
    monitor: r.monitor_name,
    kind: r.kind,
    source: r.source,
    event: r.event,
    at: iso(r.interval_start)!,
    end: iso(r.interval_end)!,
    value: r.value,
    expected: r.expected,
    lower: r.lower,
    upper: r.upper,
    score: Math.round(r.score * 1000) / 1000,
    description:
      r.detail ??
      `${r.kind} ${r.value}${r.expected === null ? '' : `, expected ${r.expected}`}${
        r.lower === null || r.upper === null ? '' : ` (normal ${r.lower}–${r.upper})`
      }`,
  }));
}

/** Incidents, newest first. `source`/`event` match any of an incident's series. */
export function listIncidents(db: RegistryDb, q: AnomalyQuery = {}): IncidentListing[] {
  const params: Record<string, unknown> = {};
  const { source, event, ...rest } = q;
  const rows = db
    .prepare(
      `SELECT id, monitor_name, kind, status, opened_at, alerted_at, resolved_at, state, anomalies, peak_score
       FROM incidents WHERE ${filters(rest, 'opened_at', params)} ORDER BY opened_at DESC, id DESC`,
    )
    .all(params) as {
    id: number;
    monitor_name: string;
    kind: string;
    status: 'open' | 'resolved';
    opened_at: number;
    alerted_at: number | null;
    resolved_at: number | null;
    state: string;
    anomalies: number;
    peak_score: number;
  }[];
  const deliveries = db.prepare(
    'SELECT message, target_name AS target, status, attempts FROM deliveries WHERE incident_id = ? ORDER BY id',
  );
  return rows
    .map((r) => {
      const state = JSON.parse(r.state) as IncidentState;
      return {
        id: r.id,
        monitor: r.monitor_name,
        kind: r.kind,
        status: r.status,
        opened_at: iso(r.opened_at)!,
        alerted_at: iso(r.alerted_at),
        resolved_at: iso(r.resolved_at),
        series: state.everMembers.map((m) => ({
          source: m.source ?? null,
          event: m.event ?? null,
          direction: m.direction,
        })),
        anomalies: r.anomalies,
        peak_score: Math.round(r.peak_score * 1000) / 1000,
        deliveries: deliveries.all(r.id) as IncidentListing['deliveries'],
      };
    })
    .filter(
      (i) =>
        (source === undefined || i.series.some((s) => s.source === source)) &&
        (event === undefined || i.series.some((s) => s.event === event)),
    );
}
