/** The anomaly detector's behaviour: online, deterministic, and each case issue 15 names. */
import { describe, expect, it } from 'vitest';
import {
  alertScore,
  createDetector,
  scoreSeries,
  step,
  type DetectorResult,
} from '../../src/anomaly/index.js';
import type { AnomalyModule } from '../../../compiler/src/cli/commands/anomalies-load.js';
import * as anomaly from '../../src/anomaly/index.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5); // a Monday

/** Seeded PRNG (mulberry32) and a Poisson draw, so every series here is the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function poisson(r: () => number, lambda: number): number {
  if (lambda > 40) {
    const u = r() || 1e-12;
    const g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * g));
  }
  const l = Math.exp(-lambda);
  let k = 0;
  let p = r();
  while (p > l) {
    k++;
    p *= r();
  }
  return k;
}

/** Hourly Poisson counts around `level` with a daily cycle and weekend dip; `edit` injects anomalies. */
function hourly(
  days: number,
  level: number,
  opts: {
    seed?: number;
    daily?: number;
    weekend?: number;
    edit?: (i: number, v: number) => number;
  } = {},
) {
  const r = rng(opts.seed ?? 7);
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < days * 24; i++) {
    const dow = Math.floor(i / 24) % 7;
    let lambda = level * (1 + (opts.daily ?? 0.5) * Math.sin((2 * Math.PI * ((i % 24) - 6)) / 24));
    if (dow >= 5) lambda *= opts.weekend ?? 1;
    const v = poisson(r, lambda);
    times.push(T0 + i * HOUR);
    values.push(opts.edit ? opts.edit(i, v) : v);
  }
  return { times, values };
}

/** Indices of alerting points at or after `from`. */
function alertsFrom(alert: Uint8Array, from = 0): number[] {
  const out: number[] = [];
  for (let i = from; i < alert.length; i++) if (alert[i]) out.push(i);
  return out;
}

/** Number of alert runs (incidents) at or after `from`. */
function incidents(alert: Uint8Array, from = 0): number {
  let count = 0;
  for (let i = from; i < alert.length; i++) if (alert[i] && !alert[i - 1]) count++;
  return count;
}

describe('online and deterministic', () => {
  const { times, values } = hourly(40, 200, { edit: (i, v) => (i >= 700 && i < 705 ? 0 : v) });

  it('scores of a prefix never change when later points are appended', () => {
    const full = scoreSeries(times, values);
    for (const cut of [1, 30, 400, 702, 900]) {
      const prefix = scoreSeries(times.slice(0, cut), values.slice(0, cut));
      expect(Array.from(prefix.score)).toEqual(Array.from(full.score.slice(0, cut)));
      expect(Array.from(prefix.alert)).toEqual(Array.from(full.alert.slice(0, cut)));
      expect(Array.from(prefix.expected)).toEqual(Array.from(full.expected.slice(0, cut)));
    }
  });

  it('gives the same results on every run, and a state that went through JSON continues identically', () => {
    const a = scoreSeries(times, values);
    const b = scoreSeries(times, values);
    expect(Array.from(a.score)).toEqual(Array.from(b.score));
    const state = createDetector();
    const live: DetectorResult[] = [];
    let s = state;
    for (let i = 0; i < times.length; i++) {
      // Persist and restore between every interval, as the monitoring service does.
      s = JSON.parse(JSON.stringify(s)) as typeof s;
      live.push(step(s, { t: times[i]!, value: values[i]! }));
    }
    expect(live.map((r) => r.score)).toEqual(Array.from(a.score));
    expect(live.some((r) => r.alert)).toBe(true);
  });

  it('scores lie in [0, 1] and alerts match the score threshold', () => {
    const { score, alert } = scoreSeries(times, values);
    for (let i = 24; i < score.length; i++) {
      expect(score[i]).toBeGreaterThanOrEqual(0);
      expect(score[i]).toBeLessThanOrEqual(1);
      if (alert[i]) expect(score[i]).toBeGreaterThanOrEqual(alertScore(0.5) - 1e-12);
    }
  });

  it('rejects timestamps that do not increase and non-finite values', () => {
    const s = createDetector();
    step(s, { t: T0, value: 1 });
    expect(() => step(s, { t: T0, value: 1 })).toThrow(RangeError);
    expect(() => step(s, { t: T0 + HOUR, value: NaN })).toThrow(RangeError);
    expect(() => createDetector({ sensitivity: 2 })).toThrow(RangeError);
  });

  it('exports what the CLI loads', () => {
    const module: AnomalyModule = anomaly;
    expect(typeof module.scoreSeries).toBe('function');
  });
});

describe('low counts (Poisson-aware)', () => {
  it('a quiet series going from 0 to 3 events does not alert', () => {
    const { times, values } = hourly(30, 0.05, { daily: 0, edit: (i, v) => (i === 600 ? 3 : v) });
    expect(alertsFrom(scoreSeries(times, values).alert, 24)).toEqual([]);
  });

  it('a series at 500 an hour dropping to 0 alerts in its first interval', () => {
    const { times, values } = hourly(30, 500, { edit: (i, v) => (i >= 600 ? 0 : v) });
    const { alert } = scoreSeries(times, values);
    expect(alertsFrom(alert, 24)[0]).toBe(600);
  });

  it('a new violation bursting from a zero baseline alerts', () => {
    const { times, values } = hourly(30, 0.02, { daily: 0, edit: (i, v) => (i === 600 ? 40 : v) });
    expect(alertsFrom(scoreSeries(times, values).alert, 24)).toContain(600);
  });
});

describe('seasonality, shifts and drops', () => {
  it('learns a weekly pattern: weekend dips do not alert after the first two weeks', () => {
    const { times, values } = hourly(56, 300, { weekend: 0.4, seed: 11 });
    expect(alertsFrom(scoreSeries(times, values).alert, 14 * 24)).toEqual([]);
    // Without the weekend in the data, the same weekend-sized dip on a weekday is an anomaly.
    const flat = hourly(56, 300, {
      seed: 11,
      edit: (i, v) => (i >= 30 * 24 && i < 31 * 24 ? Math.round(v * 0.4) : v),
    });
    expect(alertsFrom(scoreSeries(flat.times, flat.values).alert, 14 * 24).length).toBeGreaterThan(
      0,
    );
  });

  it('an outage then recovery is one incident, not a week of alerts', () => {
    const { times, values } = hourly(40, 300, {
      weekend: 0.6,
      edit: (i, v) => (i >= 24 * 22 && i < 24 * 22 + 10 ? 0 : v),
    });
    const { alert } = scoreSeries(times, values);
    const after = alertsFrom(alert, 24 * 22);
    expect(after[0]).toBe(24 * 22);
    expect(incidents(alert, 24 * 21)).toBe(1);
    expect(after.length).toBeLessThanOrEqual(12);
  });

  it('re-baselines after a sustained level shift instead of alerting for days', () => {
    const { times, values } = hourly(40, 200, {
      edit: (i, v) => (i >= 24 * 20 ? Math.round(v * 2.5) : v),
    });
    const { alert } = scoreSeries(times, values);
    const after = alertsFrom(alert, 24 * 20);
    expect(after[0]).toBeLessThanOrEqual(24 * 20 + 2);
    expect(after.filter((i) => i >= 24 * 21)).toEqual([]);
  });

  it('detects a 50% drop on a busy series within 3 intervals', () => {
    const { times, values } = hourly(30, 200, {
      edit: (i, v) => (i >= 24 * 20 && i < 24 * 21 ? Math.round(v / 2) : v),
    });
    const first = alertsFrom(scoreSeries(times, values).alert, 24 * 20)[0]!;
    expect(first - 24 * 20).toBeLessThanOrEqual(2);
  });

  it('detects a spike', () => {
    const { times, values } = hourly(30, 100, { edit: (i, v) => (i === 24 * 20 + 5 ? v * 5 : v) });
    expect(alertsFrom(scoreSeries(times, values).alert, 24)).toContain(24 * 20 + 5);
  });

  it('detects a slow drift (40% of the volume lost over three days) by a day after it ends', () => {
    // The one-day level follows this drift, so the point residuals stay small: only the comparison
    // with the slow level catches it.
    const start = 24 * 21;
    const { times, values } = hourly(35, 100, {
      weekend: 0.7,
      edit: (i, v) => (i < start ? v : Math.round(v * (1 - 0.4 * Math.min(1, (i - start) / 72)))),
    });
    const { alert } = scoreSeries(times, values);
    expect(alertsFrom(alert, 14 * 24).filter((i) => i < start)).toEqual([]);
    const first = alertsFrom(alert, start)[0];
    expect(first).toBeDefined();
    expect(first!).toBeLessThan(start + 96);
  });

  it('follows a slow trend without alerting', () => {
    const { times, values } = hourly(60, 100, {
      edit: (i, v) => Math.round(v * (1 + (0.8 * i) / (60 * 24))),
    });
    expect(alertsFrom(scoreSeries(times, values).alert, 24 * 7)).toEqual([]);
  });

  it('handles real-valued series with negative values', () => {
    const r = rng(3);
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 2000; i++) {
      times.push(T0 + i * 300_000);
      values.push(Math.sin(i / 50) * 3 + (r() - 0.5) + (i === 1500 ? 40 : 0));
    }
    const { alert } = scoreSeries(times, values, { intervalMs: 300_000 });
    expect(alert[1500]).toBe(1);
    expect(alertsFrom(alert, 400).filter((i) => i !== 1500).length).toBeLessThanOrEqual(2);
  });

  it('no alert during warm-up, and sensitivity moves the threshold', () => {
    const { times, values } = hourly(30, 100, { edit: (i, v) => (i === 5 ? 0 : v) });
    expect(scoreSeries(times, values).alert[5]).toBe(0);
    expect(alertScore(0.9)).toBeLessThan(alertScore(0.5));
    expect(alertScore(0.1)).toBeGreaterThan(alertScore(0.5));
  });
});
