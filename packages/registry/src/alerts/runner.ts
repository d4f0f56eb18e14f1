/**
 * The monitoring service's alerting step, run on every closed interval: for each monitor, read its
 * series from the rollups, score them (evaluate.ts), persist their state, advance incidents
 * (incidents.ts) and queue the messages (deliver.ts). One transaction per monitor and interval: a
 * crash runs a monitor's interval fully or not at all, and the delivery outbox commits with the
 * incident.
 */
import type { Monitor } from '@platen/compiler/api';
import { DETECTOR_STATE_VERSION } from '../anomaly/index.js';
import type { RegistryDb } from '../db.js';
import type { Deliverer } from './deliver.js';
import { evaluate, newSeriesState, type SeriesState } from './evaluate.js';
import { stepMonitor, type Observation } from './incidents.js';
import { genericBody, slackBody } from './payloads.js';
import { readValues, seriesKey, seriesOf, type SeriesValue } from './series.js';
import { getSettings, listMonitors, openIncidents, saveIncident, targetsFor } from './store.js';

/**
 * History replayed into a new monitor's series, so it needs no warm-up when data exists: at most two
 * weeks (two cycles of weekly seasonality)…
 */
const REPLAY_MS = 14 * 86_400_000;
/** …and at most this many intervals (two weeks of 5-minute intervals). */
const REPLAY_POINTS = 4032;

interface SeriesRow {
  series: string;
  state: string;
  last_interval: number;
  last_alert_at: number | null;
}

/**
 * Runs every monitor over closed intervals. Work is queued and done one monitor at a time, each in
 * its own transaction, with a turn of the event loop between two, so a large monitor never holds up
 * ingest for long; intervals are run in order.
 */
export class MonitorRunner {
  private readonly queue: number[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly db: RegistryDb,
    private readonly deliverer: Deliverer,
    private readonly intervalMs: number,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Queues the interval starting at `start` for every monitor (what the closed-interval hook calls). */
  enqueue(start: number): void {
    this.queue.push(start);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  /** Resolves once every queued interval has been run. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    for (let start = this.queue.shift(); start !== undefined; start = this.queue.shift()) {
      for (const row of listMonitors(this.db)) {
        await new Promise((r) => setImmediate(r));
        this.runOne(row.id, row.monitor, start);
      }
      this.deliverer.kick();
    }
  }

  /** Runs every monitor on the interval starting at `start` now, then starts the deliveries it queued. */
  runInterval(start: number): void {
    for (const row of listMonitors(this.db)) this.runOne(row.id, row.monitor, start);
    this.deliverer.kick();
  }

  /** One monitor on one interval, in one transaction; a failure is rolled back and logged. */
  private runOne(id: number, monitor: Monitor, start: number): void {
    try {
      this.db.transaction(() => this.runMonitor(id, monitor, start))();
    } catch (err) {
      this.log(
        `platen alerts: monitor ${JSON.stringify(monitor.name)} failed on the interval at ` +
          `${new Date(start).toISOString()}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private runMonitor(monitorId: number, monitor: Monitor, start: number): void {
    const end = start + this.intervalMs;
    const rows = this.db
      .prepare(
        'SELECT series, state, last_interval, last_alert_at FROM monitor_series WHERE monitor_id = ?',
      )
      .all(monitorId) as SeriesRow[];
    const known = new Map(rows.map((r) => [r.series, r]));
    const states = new Map<string, SeriesState>();
    let unreadable = false;
    for (const r of rows) {
      // An interval already run (a restart replaying the hook) is not scored twice.
      if (r.last_interval >= start) return;
      const state = readState(r.state);
      if (state === undefined) unreadable = true;
      else states.set(r.series, state);
    }
    // A state that cannot be read, or was written by another version of the detector, is relearned
    // from the rollups (all the monitor's series, so they stay in step).
    if (unreadable) {
      states.clear();
      this.db.prepare('DELETE FROM monitor_series WHERE monitor_id = ?').run(monitorId);
    }
    if (states.size === 0) this.replay(monitor, start, states);
    const values =
      readValues(this.db, monitor, start, end).get(start) ?? new Map<string, SeriesValue>();
    // One series for a monitor that does not split by event, whether or not it has data yet.
    if (monitor.event !== '*') {
      const key = seriesKey(monitor.source, monitor.event);
      if (!values.has(key)) values.set(key, zero(key));
    }
    for (const key of states.keys()) if (!values.has(key)) values.set(key, zero(key));
    const observations: Observation[] = [];
    const save = this.db.prepare(
      `INSERT INTO monitor_series (monitor_id, series, source, event, state, last_interval, last_alert_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (monitor_id, series) DO UPDATE SET state = excluded.state, last_interval = excluded.last_interval`,
    );
    for (const v of [...values.values()].sort((a, b) => (a.series < b.series ? -1 : 1))) {
      let state = states.get(v.series);
      if (!state) states.set(v.series, (state = newSeriesState(monitor, this.intervalMs)));
      observations.push(evaluate(monitor, state, v, start));
      save.run(
        monitorId,
        v.series,
        v.source ?? null,
        v.event ?? null,
        JSON.stringify(state),
        start,
        known.get(v.series)?.last_alert_at ?? null,
      );
    }
    const settings = getSettings(this.db);
    const changes = stepMonitor(
      openIncidents(this.db, monitorId).map((i) => ({ id: i.id, state: i.state })),
      observations,
      {
        now: end,
        settings,
        intervalMs: this.intervalMs,
        lastAlertAt: (series) => known.get(series)?.last_alert_at ?? undefined,
      },
    );
    const info = { id: monitorId, name: monitor.name, kind: monitor.kind };
    const insertAnomaly = this.db.prepare(
      `INSERT INTO anomalies (incident_id, monitor_name, kind, source, event, interval_start,
       interval_end, value, expected, lower, upper, score, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const alerted = this.db.prepare(
      'UPDATE monitor_series SET last_alert_at = ? WHERE monitor_id = ? AND series = ?',
    );
    for (const change of changes) {
      const id = saveIncident(this.db, change.id, info, change.state);
      for (const o of change.anomalies)
        insertAnomaly.run(
          id,
          monitor.name,
          monitor.kind,
          o.source ?? null,
          o.event ?? null,
          start,
          end,
          o.value,
          o.expected ?? null,
          o.lower ?? null,
          o.upper ?? null,
          o.score,
          o.detail ?? null,
        );
      for (const notice of change.notices) {
        if (notice === 'alert')
          for (const m of change.state.everMembers) alerted.run(end, monitorId, m.series);
        const input = {
          incidentId: id,
          monitor: monitor.name,
          kind: monitor.kind,
          message: notice,
          incident: change.state,
        };
        for (const target of targetsFor(this.db, monitor.targets))
          this.deliverer.enqueue(
            id,
            target,
            notice,
            target.type === 'slack' ? slackBody(input) : genericBody(input),
          );
      }
    }
  }

  /** Replays a new monitor's history (what the rollups still hold) into fresh series states. */
  private replay(monitor: Monitor, start: number, states: Map<string, SeriesState>): void {
    const from = Math.max(start - REPLAY_MS, start - REPLAY_POINTS * this.intervalMs);
    const history = readValues(this.db, monitor, from, start);
    const buckets = [...history.keys()].sort((a, b) => a - b);
    if (buckets.length === 0) return;
    for (let bucket = buckets[0]!; bucket < start; bucket += this.intervalMs) {
      const values = history.get(bucket) ?? new Map<string, SeriesValue>();
      for (const key of states.keys()) if (!values.has(key)) values.set(key, zero(key));
      for (const v of values.values()) {
        let state = states.get(v.series);
        if (!state) states.set(v.series, (state = newSeriesState(monitor, this.intervalMs)));
        evaluate(monitor, state, v, bucket);
      }
    }
  }
}

/** A stored series state, or undefined when it is damaged or from another detector version. */
function readState(text: string): SeriesState | undefined {
  try {
    const state = JSON.parse(text) as SeriesState;
    if (state.kind === 'detector' && state.detector?.version !== DETECTOR_STATE_VERSION)
      return undefined;
    if (!['detector', 'classes', 'stopped'].includes(state.kind)) return undefined;
    return state;
  } catch {
    return undefined;
  }
}

function zero(key: string): SeriesValue {
  return { series: key, ...seriesOf(key), value: 0, classes: {} };
}
