/**
 * From the rows a warehouse query answers to scored series: rows grouped per metric × source × type ×
 * event, made dense (an interval with no row is 0 while the series is alive: from its first interval on),
 * and scored with the same online detector the monitoring service runs. Pure: no I/O.
 */
import { scoreSeries, type DetectorOptions } from '../anomaly/index.js';

/** One row of the series query (see `seriesSql`). */
export interface SeriesRow {
  metric: string;
  source: string;
  type: string;
  event: string;
  /** Interval start, seconds since the epoch. */
  bucket: number;
  value: number;
}

/** One series: its identity, and one value per interval from `start`, every `intervalMs`. */
export interface Series {
  metric: string;
  source: string;
  type: string;
  event: string;
  /** First interval, ms since the epoch. */
  start: number;
  intervalMs: number;
  values: number[];
}

/** A scored point that alerts. */
export interface SeriesAlert {
  /** Interval start, ISO 8601. */
  at: string;
  value: number;
  expected: number;
  score: number;
}

/** A series with its alerts. */
export interface ScoredWarehouseSeries extends Omit<Series, 'values' | 'start'> {
  from: string;
  points: number;
  alerts: SeriesAlert[];
}

const key = (r: Pick<SeriesRow, 'metric' | 'source' | 'type' | 'event'>) =>
  JSON.stringify([r.metric, r.source, r.type, r.event]);

/**
 * Groups `rows` into dense series. Every series runs to `end` (ms, exclusive; default: one interval past
 * the latest bucket of any row), so a series that stops shows its trailing zeros.
 */
export function denseSeries(
  rows: readonly SeriesRow[],
  intervalMs: number,
  end?: number,
): Series[] {
  const groups = new Map<string, { row: SeriesRow; points: Map<number, number> }>();
  let last = -Infinity;
  for (const row of rows) {
    const t = Number(row.bucket) * 1000;
    if (!Number.isFinite(t) || t % intervalMs !== 0)
      throw new RangeError(
        `bucket ${String(row.bucket)} is not on a ${intervalMs / 1000} s boundary`,
      );
    last = Math.max(last, t);
    const k = key(row);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = { row, points: new Map() }));
    group.points.set(t, (group.points.get(t) ?? 0) + Number(row.value));
  }
  const stop = end ?? last + intervalMs;
  const out: Series[] = [];
  for (const { row, points } of groups.values()) {
    const start = Math.min(...points.keys());
    const values: number[] = [];
    for (let t = start; t < stop; t += intervalMs) values.push(points.get(t) ?? 0);
    out.push({
      metric: row.metric,
      source: row.source,
      type: row.type,
      event: row.event,
      start,
      intervalMs,
      values,
    });
  }
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Scores each series with the detector (online: a point from it and earlier ones) and keeps the alerts. */
export function scoreWarehouseSeries(
  series: readonly Series[],
  options: Omit<DetectorOptions, 'intervalMs'> = {},
): ScoredWarehouseSeries[] {
  return series.map((s) => {
    const times = s.values.map((_, i) => s.start + i * s.intervalMs);
    const scored = scoreSeries(times, s.values, { ...options, intervalMs: s.intervalMs });
    const alerts: SeriesAlert[] = [];
    for (let i = 0; i < s.values.length; i++) {
      if (scored.alert[i] !== 1) continue;
      alerts.push({
        at: new Date(times[i]!).toISOString(),
        value: s.values[i]!,
        expected: Math.round(scored.expected[i]! * 100) / 100,
        score: Math.round(scored.score[i]! * 1e4) / 1e4,
      });
    }
    return {
      metric: s.metric,
      source: s.source,
      type: s.type,
      event: s.event,
      intervalMs: s.intervalMs,
      from: new Date(s.start).toISOString(),
      points: s.values.length,
      alerts,
    };
  });
}
