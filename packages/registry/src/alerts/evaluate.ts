/**
 * One series of one monitor, one interval: the value in, the verdict out, with the series' state
 * carried from interval to interval as plain JSON. Pure (no I/O): volume, violation and unplanned
 * monitors run the anomaly detector; `new-violation-class` and `event-stopped` are rules.
 */
import type { Monitor } from '@platen/compiler/api';
import { createDetector, step, type DetectorState } from '../anomaly/index.js';
import type { Observation } from './incidents.js';
import type { SeriesValue } from './series.js';

/** A series' memory between intervals. */
export type SeriesState =
  | { kind: 'detector'; detector: DetectorState }
  | { kind: 'classes'; seen: string[] }
  | { kind: 'stopped'; p: number; n: number; zeroRun: number; pRun: number };

/** Smoothing of an event's activity rate (the share of intervals with events): about 50 intervals. */
const ACTIVITY_ALPHA = 0.02;

/** A fresh state for a series of `monitor`. */
export function newSeriesState(monitor: Monitor, intervalMs: number): SeriesState {
  switch (monitor.kind) {
    case 'new-violation-class':
      return { kind: 'classes', seen: [] };
    case 'event-stopped':
      return { kind: 'stopped', p: 0, n: 0, zeroRun: 0, pRun: 0 };
    default:
      return {
        kind: 'detector',
        detector: createDetector({ intervalMs, sensitivity: monitor.sensitivity }),
      };
  }
}

/**
 * How unlikely a run of empty intervals must be, for an event active a share `p` of the time, before
 * it counts as stopped: 1e-3 at sensitivity 1, 1e-4 at 0.5 (the default), 1e-5 at 0.
 */
export function stopThreshold(sensitivity: number): number {
  return 10 ** -(3 + 2 * (1 - sensitivity));
}

/**
 * Scores `v` (the series' numbers in the interval starting at `bucket`) and advances `state`
 * (mutated). Replaying history into a new monitor runs the same function and drops the verdicts.
 */
export function evaluate(
  monitor: Monitor,
  state: SeriesState,
  v: SeriesValue,
  bucket: number,
): Observation {
  // Built field by field (no object spread): this runs once per series per interval, and for every
  // point of history a new monitor replays.
  const base: Observation = {
    series: v.series,
    value: v.value,
    anomalous: false,
    direction: 'down',
    score: 0,
  };
  if (v.source !== undefined) base.source = v.source;
  if (v.event !== undefined) base.event = v.event;
  switch (state.kind) {
    case 'detector': {
      state.detector.sensitivity = monitor.sensitivity;
      const r = step(state.detector, { t: bucket, value: v.value });
      const direction = v.value < r.expected ? 'down' : 'up';
      const allowed = monitor.direction === 'both' || monitor.direction === direction;
      base.anomalous = r.alert && allowed;
      base.direction = direction;
      base.expected = round(r.expected);
      base.lower = round(r.lower);
      base.upper = round(r.upper);
      base.score = r.score;
      return base;
    }
    case 'classes': {
      const fresh = Object.entries(v.classes)
        .filter(([cls, n]) => n > 0 && !state.seen.includes(cls))
        .map(([cls]) => cls)
        .sort();
      state.seen.push(...fresh);
      state.seen.sort();
      base.value = fresh.reduce((sum, cls) => sum + (v.classes[cls] ?? 0), 0);
      base.direction = 'up';
      if (fresh.length > 0) {
        base.anomalous = true;
        base.score = 1;
        base.detail = `violations of a new class: ${fresh
          .map((cls) => `${cls.replace(/_/g, ' ')} (${v.classes[cls]})`)
          .join(', ')}`;
      }
      return base;
    }
    case 'stopped': {
      if (v.value > 0) {
        state.p += ACTIVITY_ALPHA * (1 - state.p);
        state.n++;
        state.zeroRun = 0;
        return base;
      }
      if (state.zeroRun === 0) state.pRun = activity(state);
      state.zeroRun++;
      // The run itself is not learned from: a stopped event must not teach the monitor it is rare.
      if (state.zeroRun < monitor.stoppedAfter) {
        state.p += ACTIVITY_ALPHA * (0 - state.p);
        state.n++;
      }
      const chance = (1 - state.pRun) ** state.zeroRun;
      const stopped =
        state.zeroRun >= monitor.stoppedAfter &&
        state.n >= 2 * monitor.stoppedAfter &&
        chance < stopThreshold(monitor.sensitivity);
      if (stopped) {
        base.anomalous = true;
        base.score = 1 - chance;
        base.detail = `no events for ${state.zeroRun} intervals (it had events in ${Math.round(state.pRun * 100)}% of intervals)`;
      }
      return base;
    }
  }
}

/**
 * The share of intervals with events, bias-corrected for a young series and capped by the rule of
 * succession, so a few busy intervals never make a stop look certain.
 */
function activity(state: { p: number; n: number }): number {
  if (state.n === 0) return 0;
  const corrected = state.p / (1 - (1 - ACTIVITY_ALPHA) ** state.n);
  const nEff = Math.min(state.n, 1 / ACTIVITY_ALPHA);
  return Math.min(corrected, 1 - 1 / (nEff + 2));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
