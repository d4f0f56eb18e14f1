/**
 * A monitor's series, read from the monitoring rollups: which series a monitor splits into (per
 * source and/or event) and each one's value per interval for the monitor's kind.
 */
import type { Monitor } from '@platen/compiler/api';
import type { RegistryDb } from '../db.js';

/** The violation classes of the rollups, by their column. */
export const CLASS_COLUMNS = {
  unplanned_event: 'v_unplanned_event',
  unplanned_property: 'v_unplanned_property',
  missing_required: 'v_missing_required',
  wrong_type: 'v_wrong_type',
  other: 'v_other',
} as const;

/** One series' numbers in one interval. */
export interface SeriesValue {
  series: string;
  source?: string;
  event?: string;
  /** The monitored number (messages, violations, distinct violations…). */
  value: number;
  /** Violations per class (`new-violation-class`). */
  classes: Record<string, number>;
}

/** The key of a series within its monitor. */
export function seriesKey(source: string | undefined, event: string | undefined): string {
  return JSON.stringify([source ?? null, event ?? null]);
}

/** The series a stored key names. */
export function seriesOf(key: string): { source?: string; event?: string } {
  const [source, event] = JSON.parse(key) as [string | null, string | null];
  return { ...(source === null ? {} : { source }), ...(event === null ? {} : { event }) };
}

/** The event name a series shows for a rollup row: calls without one go by their type, `(identify)`. */
const eventLabel = (event: string, type: string) => (event === '' ? `(${type})` : event);

interface RollupSum {
  bucket: number;
  event: string;
  type: string;
  received: number;
  unplanned_properties: number;
  v_unplanned_event: number;
  v_unplanned_property: number;
  v_missing_required: number;
  v_wrong_type: number;
  v_other: number;
}

/**
 * The monitor's series values for every interval in [from, to), by interval start. Series with no
 * rows in an interval are absent (the runner counts a known series as 0 there).
 */
export function readValues(
  db: RegistryDb,
  monitor: Monitor,
  from: number,
  to: number,
): Map<number, Map<string, SeriesValue>> {
  const params: Record<string, unknown> = { from, to };
  let filter = '';
  if (monitor.source !== undefined) {
    filter += ' AND (s.id = @source OR s.slug = @source OR s.name = @source)';
    params.source = monitor.source;
  }
  if (monitor.event !== undefined && monitor.event !== '*') {
    filter += ' AND r.event = @event';
    params.event = monitor.event;
  }
  const rows = db
    .prepare(
      `SELECT r.bucket, r.event, r.type, SUM(r.received) AS received,
         SUM(r.unplanned_properties) AS unplanned_properties,
         SUM(r.v_unplanned_event) AS v_unplanned_event, SUM(r.v_unplanned_property) AS v_unplanned_property,
         SUM(r.v_missing_required) AS v_missing_required, SUM(r.v_wrong_type) AS v_wrong_type,
         SUM(r.v_other) AS v_other
       FROM monitor_rollups r JOIN sources s ON s.pk = r.source_pk
       WHERE r.bucket >= @from AND r.bucket < @to${filter}
       GROUP BY r.bucket, r.event, r.type`,
    )
    .all(params) as RollupSum[];
  const out = new Map<number, Map<string, SeriesValue>>();
  // The series' label and key per (event, type), computed once: history reads have many rows.
  const keys = new Map<string, [label: string | undefined, key: string]>();
  const at = (bucket: number, event: string, type: string): SeriesValue => {
    let byKey = out.get(bucket);
    if (!byKey) out.set(bucket, (byKey = new Map()));
    const id = `${type}\u0000${event}`;
    let found = keys.get(id);
    if (!found) {
      const name = monitor.event === '*' ? eventLabel(event, type) : monitor.event;
      keys.set(id, (found = [name, seriesKey(monitor.source, name)]));
    }
    const [label, key] = found;
    let v = byKey.get(key);
    if (!v) {
      v = {
        series: key,
        ...(monitor.source === undefined ? {} : { source: monitor.source }),
        ...(label === undefined ? {} : { event: label }),
        value: 0,
        classes: {},
      };
      byKey.set(key, v);
    }
    return v;
  };
  for (const r of rows) {
    const v = at(r.bucket, r.event, r.type);
    for (const [cls, col] of Object.entries(CLASS_COLUMNS))
      v.classes[cls] = (v.classes[cls] ?? 0) + r[col];
    switch (monitor.kind) {
      case 'volume':
      case 'event-stopped':
        v.value += r.received;
        break;
      case 'violations-total':
        for (const col of Object.values(CLASS_COLUMNS)) v.value += r[col];
        break;
      case 'unplanned-events':
        v.value += r.v_unplanned_event;
        break;
      case 'unplanned-properties':
        v.value += r.unplanned_properties;
        break;
      case 'new-violation-class':
      case 'violations-unique':
        break;
    }
  }
  if (monitor.kind === 'violations-unique') {
    // Distinct violations: one per event, call type, property path and keyword that failed.
    const distinct = db
      .prepare(
        `SELECT DISTINCT v.bucket, v.event, v.type, v.class, v.keyword, v.path
         FROM monitor_violations v JOIN sources s ON s.pk = v.source_pk
         WHERE v.bucket >= @from AND v.bucket < @to${filter.replace('r.event', 'v.event')}`,
      )
      .all(params) as { bucket: number; event: string; type: string }[];
    for (const d of distinct) at(d.bucket, d.event, d.type).value += 1;
  }
  return out;
}
