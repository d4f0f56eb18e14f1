/**
 * Turning API rows into what the page draws: per-event time series on a shared axis of interval
 * starts, totals, and the unplanned-event list. Pure functions over plain data.
 */
import type { Anomaly, VolumeRow } from './api.js';

/** The key one event is drawn under: its call type and name (versions and sources summed). */
export function eventKey(row: { type: string; event: string }): string {
  return `${row.type}\u0000${row.event}`;
}

/** What one event's chart and row show. */
export interface EventSeries {
  key: string;
  type: string;
  /** The event name ('' for calls without one, shown as the call type). */
  event: string;
  planned: boolean;
  /** Interval starts in seconds (uPlot's x unit), ascending, shared by every event. */
  xs: number[];
  received: number[];
  invalid: number[];
  totalReceived: number;
  totalInvalid: number;
  totalValid: number;
  /** Anomalies on this event, as x positions (seconds) with their text. */
  anomalies: { x: number; text: string }[];
}

/** Totals over every row. */
export interface Totals {
  received: number;
  valid: number;
  invalid: number;
  unplannedEvents: number;
  events: number;
}

/** The label an event is shown under: its name, or `(identify)` for calls without one. */
export function eventLabel(s: { type: string; event: string }): string {
  return s.event === '' ? `(${s.type})` : s.event;
}

/** The time axis: every interval start from `from` up to `to`, plus any start a row has outside. */
export function axis(rows: VolumeRow[], from: number, to: number, interval: number): number[] {
  const starts = new Set<number>();
  // Bounded, so a huge period with a tiny interval cannot hang the page.
  for (let t = Math.floor(from / interval) * interval; t < to && starts.size < 5000; t += interval)
    starts.add(t);
  for (const r of rows) starts.add(Date.parse(r.start));
  return [...starts].sort((a, b) => a - b);
}

/**
 * Groups volume rows into one series per event over `starts` (intervals without a row count 0),
 * biggest volume first, then by name.
 */
export function buildSeries(
  rows: VolumeRow[],
  starts: number[],
  anomalies: Anomaly[] = [],
): EventSeries[] {
  const index = new Map(starts.map((s, i) => [s, i]));
  const xs = starts.map((s) => s / 1000);
  const byKey = new Map<string, EventSeries>();
  for (const row of rows) {
    const key = eventKey(row);
    let s = byKey.get(key);
    if (!s) {
      s = {
        key,
        type: row.type,
        event: row.event,
        planned: row.planned,
        xs,
        received: starts.map(() => 0),
        invalid: starts.map(() => 0),
        totalReceived: 0,
        totalInvalid: 0,
        totalValid: 0,
        anomalies: [],
      };
      byKey.set(key, s);
    }
    const i = index.get(Date.parse(row.start))!;
    s.received[i]! += row.received;
    s.invalid[i]! += row.invalid;
    s.totalReceived += row.received;
    s.totalInvalid += row.invalid;
    s.totalValid += row.valid;
    // One planned row makes the event planned (an unplanned one is a name the plan lacks).
    s.planned ||= row.planned;
  }
  for (const a of anomalies) {
    for (const s of byKey.values()) {
      if (s.event !== a.event) continue;
      const at = Date.parse(a.at);
      if (Number.isFinite(at)) s.anomalies.push({ x: at / 1000, text: a.description ?? a.kind });
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      b.totalReceived - a.totalReceived ||
      (a.event < b.event ? -1 : a.event > b.event ? 1 : a.type < b.type ? -1 : 1),
  );
}

/** Sums every row; unplanned events are the distinct events with no planned row. */
export function totals(series: EventSeries[]): Totals {
  let received = 0;
  let valid = 0;
  let invalid = 0;
  for (const s of series) {
    received += s.totalReceived;
    valid += s.totalValid;
    invalid += s.totalInvalid;
  }
  return {
    received,
    valid,
    invalid,
    unplannedEvents: series.filter((s) => !s.planned).length,
    events: series.length,
  };
}
