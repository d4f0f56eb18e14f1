/**
 * The anomaly detector: a pure, online scorer for one time series (event volumes, violation counts,
 * or any real-valued metric). No I/O and no Node built-ins: the monitoring service, the warehouse
 * path, `platen anomalies score` and the bench all run this same code.
 *
 * Usage:
 * ```ts
 * const state = createDetector({ intervalMs: 3_600_000 });   // plain data: JSON.stringify it to persist
 * const r = step(state, { t: Date.parse('2026-01-05T10:00:00Z'), value: 512 });
 * // r = { expected, lower, upper, score, alert, z, rebaselined }
 * ```
 * `step` MUTATES `state` (it is the detector's memory) and scores the point from that point and the
 * ones before it only: appending points never changes earlier results, and replaying the same points
 * into a fresh state gives the same results bit for bit. Timestamps must strictly increase.
 *
 * The model (docs/decisions.md#anomaly-detector): expected = level × seasonal factor. The level is an
 * exponentially weighted mean with robust (clipped) updates; daily and weekly seasonal profiles are
 * learned per time slot and used only when they predict better than no profile; the residual is
 * measured on the Anscombe square-root scale for counts (Poisson-aware: its noise is ~1 whatever the
 * level) or on the raw scale otherwise, divided by a learned robust scale. The evidence is the larger
 * of the point's standardised residual, a two-sided CUSUM (persistent partial drops) and a slower
 * CUSUM of residuals from a week-long level (slow drift). A
 * sustained large deviation re-baselines the level; a return to the old baseline soon after snaps back
 * without a second alert.
 */

/** Options of one detector (one monitored series). */
export interface DetectorOptions {
  /** Time between consecutive points, in milliseconds. @default 3_600_000 (hourly) */
  intervalMs?: number;
  /**
   * How readily it alerts, 0..1: higher alerts on smaller deviations. Only the alert threshold
   * depends on it (not the score), so it can be changed in `state.sensitivity` at any time.
   * @default 0.5
   */
  sensitivity?: number;
  /** Points seen before any alert (a new series' warm-up). @default one day of points, 14..288 */
  warmup?: number;
}

/** One observation: `t` in milliseconds since the Unix epoch (UTC), `value` a finite number. */
export interface DetectorPoint {
  t: number;
  value: number;
}

/** The detector's verdict on one point. */
export interface DetectorResult {
  /** The value the model expected. */
  expected: number;
  /** The band of normal values at the current sensitivity (point deviations only). */
  lower: number;
  upper: number;
  /** Anomaly score in [0, 1]: 0.5 is the alert threshold at the default sensitivity. */
  score: number;
  /** True when the score reaches the threshold of `state.sensitivity` (never during warm-up). */
  alert: boolean;
  /** Signed standardised residual (negative: below expected). */
  z: number;
  /** True when this point made the detector accept a sustained change as the new baseline. */
  rebaselined: boolean;
}

/** Version of {@link DetectorState}'s shape; a persisted state of another version must be recreated. */
export const DETECTOR_STATE_VERSION = 1;

/**
 * Everything the detector remembers: plain JSON-compatible data (numbers, booleans, number arrays), so
 * `JSON.parse(JSON.stringify(state))` is an equivalent state. Treat the fields as private, except
 * `sensitivity`, which may be changed between points.
 */
export interface DetectorState {
  version: typeof DETECTOR_STATE_VERSION;
  intervalMs: number;
  sensitivity: number;
  warmup: number;
  /** Width of a seasonal slot (ms), slots per day and per week. */
  slotMs: number;
  daySlots: number;
  weekSlots: number;
  /** Smoothing factors of level, scale and model-choice errors; points before re-baselining. */
  levelRate: number;
  scaleRate: number;
  errorRate: number;
  shiftRun: number;
  /** Points after a re-baseline during which a return to the old level is not an anomaly. */
  oldMemory: number;
  /** Points seen, and the last timestamp. */
  n: number;
  lastT: number;
  /** True while every value has been a non-negative integer (scored as counts). */
  counts: boolean;
  /** True once a negative value was seen: seasonal profiles become additive. */
  additive: boolean;
  /** Level of each candidate model (none, daily, weekly): each deseasonalised by its own profile. */
  levels: number[];
  /** A slow, season-free level (about a week): what the seasonal profiles are learned against. */
  slowLevel: number;
  slowRate: number;
  scale: number;
  /** Robust scale of residuals on the log scale (non-negative series): drops are judged on it too. */
  logScale: number;
  /** Exponentially weighted mean of |value|, for floors. */
  magnitude: number;
  day: number[];
  dayN: number[];
  week: number[];
  weekN: number[];
  lastDaySlot: number;
  lastWeekSlot: number;
  /** Robust mean errors of the three candidate models (none, daily, weekly) and the one in use. */
  errors: number[];
  model: number;
  cusumUp: number;
  cusumDown: number;
  /** Drift: a slow CUSUM of residuals from the slow level (weekly shape), and their robust scale. */
  driftUp: number;
  driftDown: number;
  driftScale: number;
  run: number;
  runSign: number;
  /** Ring buffers of the last `shiftRun` values deseasonalised by each candidate (3 × shiftRun). */
  recent: number[];
  recentPos: number;
  oldLevels: number[];
  oldUntil: number;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** 1970-01-01 was a Thursday: shifting by 3 days puts slot 0 of the week at Monday 00:00 UTC. */
const MONDAY_OFFSET = 3 * DAY;
/** Finest seasonal slot: 5 minutes (288 a day), whatever the interval. */
const MIN_SLOT = 300_000;
/** CUSUM allowance (in standardised units) and decision interval. */
const CUSUM_K = 1;
const CUSUM_H = 7;
/**
 * CUSUM memory: a slightly leaky sum, so deviations under ~1.7 scales never add up to an alert (real
 * series drift that much without anything breaking) while a 50% drop on a busy series still alerts
 * within three intervals.
 */
const CUSUM_DECAY = 0.9;
const CUSUM_CAP = 1.2 * CUSUM_H;
/** Drift CUSUM: allowance, decision interval, memory and cap (see `drift` in stepInto). */
const DRIFT_K = 1;
const DRIFT_H = 8;
const DRIFT_DECAY = 0.95;
const DRIFT_CAP = 1.2 * DRIFT_H;
/** Evidence scale: evidence Z_REF (the default alert threshold) maps to score 0.5. */
const Z_REF = 5;
/** A point beyond this many scales is "large": it does not teach the profiles or the level. */
const LARGE = 3;
/** `shiftRun` points in a row beyond this many scales, on the same side, are a sustained change. */
const SHIFT_Z = 2.5;
/** Residuals are clipped at this many scales when they update the level and the scale. */
const CLIP = 2.5;
/** Profile smoothing per visit (daily, weekly). */
const DAY_RATE = 0.15;
const WEEK_RATE = 0.25;
/** A profile must cut the error by this factor before it is used (seasonality "shown by the data"). */
const SEASON_GAIN = 0.9;
/** The weekly profile refines the daily one: it must cut the daily profile's error by this factor. */
const WEEK_GAIN = 0.95;
/** Bonus of the model in use when choosing (hysteresis). */
const STICKY = 0.93;
/** sqrt(pi/2): mean absolute deviation → standard deviation for normal residuals. */
const MAD_TO_SD = 1.2533;

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** The alert threshold on the evidence scale for a sensitivity in 0..1 (0.5 → 5, 1 → 2.5, 0 → 10). */
export function alertThreshold(sensitivity: number): number {
  // Remembered for the last sensitivity: step calls this for every point.
  if (sensitivity !== lastSensitivity) {
    lastSensitivity = sensitivity;
    lastThreshold = Z_REF * Math.pow(2, 1 - 2 * clamp(sensitivity, 0, 1));
  }
  return lastThreshold;
}
let lastSensitivity = NaN;
let lastThreshold = Z_REF;

/** The score (0..1) at which a point alerts for this sensitivity. */
export function alertScore(sensitivity: number): number {
  const z = alertThreshold(sensitivity);
  return z / (z + Z_REF);
}

/** A new detector's state. Throws a RangeError for options out of range. */
export function createDetector(options: DetectorOptions = {}): DetectorState {
  const intervalMs = options.intervalMs ?? 3_600_000;
  if (!(Number.isFinite(intervalMs) && intervalMs > 0))
    throw new RangeError(`intervalMs must be a positive number of milliseconds, got ${intervalMs}`);
  const sensitivity = options.sensitivity ?? 0.5;
  if (!(sensitivity >= 0 && sensitivity <= 1))
    throw new RangeError(`sensitivity must be between 0 and 1, got ${sensitivity}`);
  const perDay = DAY / intervalMs;
  const warmup = options.warmup ?? Math.round(clamp(perDay, 14, 288));
  if (!(Number.isInteger(warmup) && warmup >= 0))
    throw new RangeError(`warmup must be a whole number of points, got ${warmup}`);
  const slotMs = Math.max(intervalMs, MIN_SLOT);
  // Seasonality needs several points per cycle: a daily profile for sub-daily data, a weekly one for
  // data at most daily; coarser data has neither (one slot = no profile).
  const daySlots = slotMs < DAY ? Math.max(1, Math.round(DAY / slotMs)) : 1;
  const weekSlots = slotMs <= DAY ? Math.max(1, Math.round(WEEK / slotMs)) : 1;
  const shiftRun = Math.round(clamp(3_600_000 / intervalMs, 6, 12));
  return {
    version: DETECTOR_STATE_VERSION,
    intervalMs,
    sensitivity,
    warmup,
    slotMs,
    daySlots,
    weekSlots,
    levelRate: 1 / clamp(perDay, 12, 96),
    scaleRate: 1 / clamp(2 * perDay, 48, 576),
    errorRate: 1 / clamp(14 * perDay, 48, 4032),
    shiftRun,
    oldMemory: Math.round(clamp(7 * perDay, 24, 2016)),
    n: 0,
    lastT: -Infinity,
    counts: true,
    additive: false,
    levels: [0, 0, 0],
    slowLevel: 0,
    slowRate: 1 / clamp(7 * perDay, 14, 2016),
    scale: 0,
    logScale: 0,
    magnitude: 0,
    day: new Array<number>(daySlots).fill(1),
    dayN: new Array<number>(daySlots).fill(0),
    week: new Array<number>(weekSlots).fill(1),
    weekN: new Array<number>(weekSlots).fill(0),
    lastDaySlot: -1,
    lastWeekSlot: -1,
    errors: [0, 0, 0],
    model: 0,
    cusumUp: 0,
    cusumDown: 0,
    driftUp: 0,
    driftDown: 0,
    driftScale: 0,
    run: 0,
    runSign: 0,
    recent: new Array<number>(3 * shiftRun).fill(0),
    recentPos: 0,
    oldLevels: [0, 0, 0],
    oldUntil: 0,
  };
}

/** A fresh result object for {@link stepInto}. */
export function newResult(): DetectorResult {
  return { expected: 0, lower: 0, upper: 0, score: 0, alert: false, z: 0, rebaselined: false };
}

/** Scores one point and learns from it (mutates `state`); returns a new result object. */
export function step(state: DetectorState, point: DetectorPoint): DetectorResult {
  return stepInto(state, point.t, point.value, newResult());
}

/** Expected value from a level and a seasonal factor. */
function combine(s: DetectorState, level: number, factor: number): number {
  if (s.additive) return level + factor;
  const mu = level * factor;
  return s.counts && mu < 0 ? 0 : mu;
}

/** A value on the scoring scale: Anscombe's 2·sqrt(x + 3/8) for counts (Poisson noise ≈ 1), raw otherwise. */
function toScale(s: DetectorState, v: number): number {
  return s.counts ? 2 * Math.sqrt((v > 0 ? v : 0) + 0.375) : v;
}

/** The value at a point of the scoring scale (inverse of {@link toScale}). */
function fromScale(s: DetectorState, g: number): number {
  if (!s.counts) return g;
  const root = g / 2;
  return root <= 0.6123724356957945 ? 0 : root * root - 0.375;
}

/** `g` moved by `r`, clipped to ±`limit`, back on the value scale; `x` itself when not clipped. */
function clipped(s: DetectorState, x: number, g: number, r: number, limit: number): number {
  return r > limit ? fromScale(s, g + limit) : r < -limit ? fromScale(s, g - limit) : x;
}

/** Smallest scale used: 1 for counts (Poisson on the Anscombe scale), a sliver of the level otherwise. */
function scaleFloor(s: DetectorState): number {
  return s.counts ? 1 : Math.max(1e-9, 1e-3 * s.magnitude);
}

function neutral(s: DetectorState): number {
  return s.additive ? 0 : 1;
}

/** The offset that keeps log(x + c) finite at 0: one event for counts, a sliver of the level otherwise. */
function logOffset(s: DetectorState): number {
  return s.counts ? 1 : 0.01 * s.magnitude + 1e-12;
}

/**
 * For a point below its expected value on a non-negative series, the larger drop of the square-root
 * and the log scale. Overdispersed series (noise that grows with the level) have a wide square-root
 * scale; on the log scale a busy series falling to zero stays far out, whatever the noise.
 */
function dropOnLogScale(s: DetectorState, x: number, mu: number, z: number): number {
  if (s.additive || !(x < mu) || s.logScale === 0) return z;
  const c = logOffset(s);
  const lr = Math.log((x + c) / (mu + c));
  // 1.5 times the learned scale, and never under twice Poisson noise on the log scale (about 2/sqrt(mu)):
  // the log stretches every drop, so only drops far out on it should count (a busy series at zero).
  const floor = s.counts ? 2 / Math.sqrt(mu + 1) : 2e-3;
  const zl = lr / (1.5 * s.logScale > floor ? 1.5 * s.logScale : floor);
  return zl < z ? zl : z;
}

/** Divides out (or subtracts) the mean of the visited slots of a profile. */
function renormalise(s: DetectorState, profile: number[], seen: number[]): void {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < profile.length; i++) {
    if (seen[i]! > 0) {
      sum += profile[i]!;
      count++;
    }
  }
  if (count === 0) return;
  const mean = sum / count;
  if (s.additive) {
    for (let i = 0; i < profile.length; i++) if (seen[i]! > 0) profile[i] = profile[i]! - mean;
  } else if (mean > 1e-9) {
    for (let i = 0; i < profile.length; i++) if (seen[i]! > 0) profile[i] = profile[i]! / mean;
  }
}

/** Moves one profile slot towards `target`; sub-hourly profiles also nudge the neighbouring slots. */
function learnSlot(profile: number[], seen: number[], slot: number, target: number, rate: number) {
  const a = Math.max(rate, 1 / (seen[slot]! + 1));
  if (seen[slot] === 0) profile[slot] = target;
  else profile[slot] = profile[slot]! + a * (target - profile[slot]!);
  seen[slot] = seen[slot]! + 1;
  const len = profile.length;
  if (len >= 48) {
    const b = a / 3;
    const prev = (slot + len - 1) % len;
    const next = (slot + 1) % len;
    if (seen[prev]! > 0) profile[prev] = profile[prev]! + b * (target - profile[prev]!);
    if (seen[next]! > 0) profile[next] = profile[next]! + b * (target - profile[next]!);
  }
}

/** What a profile slot learns from `x`: its ratio (or offset) to the slow level, residual `r` from the
 * slot's own prediction (at `g` on the scoring scale) clipped at `limit`. */
function profileTarget(s: DetectorState, x: number, g: number, r: number, limit: number): number {
  const xc = clipped(s, x, g, r, limit);
  return s.additive ? xc - s.slowLevel : clamp(xc / s.slowLevel, 0, 20);
}

function deseasonalise(s: DetectorState, x: number, factor: number): number {
  return s.additive ? x - factor : x / (factor > 0.05 ? factor : 0.05);
}

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * {@link step} without allocating: writes the verdict into `out` and returns it. Throws a RangeError
 * for a non-finite value or a timestamp not after the previous one.
 */
export function stepInto(
  s: DetectorState,
  t: number,
  x: number,
  out: DetectorResult,
): DetectorResult {
  if (!Number.isFinite(x)) throw new RangeError(`value must be a finite number, got ${x}`);
  if (!(t > s.lastT))
    throw new RangeError(`timestamps must increase: ${t} is not after ${s.lastT}`);
  s.lastT = t;
  const n = ++s.n;
  if (s.counts && (x < 0 || x !== Math.floor(x))) s.counts = false;
  if (x < 0 && !s.additive) {
    // Multiplicative profiles mean nothing for values below zero: start additive ones.
    s.additive = true;
    s.day.fill(0);
    s.dayN.fill(0);
    s.week.fill(0);
    s.weekN.fill(0);
    s.model = 0;
  }

  const phase = (((t + MONDAY_OFFSET) % WEEK) + WEEK) % WEEK;
  const ws = Math.floor(phase / s.slotMs) % s.weekSlots;
  const ds = Math.floor((phase % DAY) / s.slotMs) % s.daySlots;
  if (ds < s.lastDaySlot) renormalise(s, s.day, s.dayN);
  if (ws < s.lastWeekSlot) renormalise(s, s.week, s.weekN);
  s.lastDaySlot = ds;
  s.lastWeekSlot = ws;

  const base = neutral(s);
  const fDay = s.dayN[ds]! > 0 ? s.day[ds]! : base;
  const fWeek = s.weekN[ws]! > 0 ? s.week[ws]! : fDay;
  const levels = s.levels;
  const model = s.model;
  const factor = model === 2 ? fWeek : model === 1 ? fDay : base;

  out.rebaselined = false;
  if (n === 1) {
    levels.fill(x);
    s.slowLevel = x;
    s.magnitude = Math.abs(x);
    s.recent.fill(x);
    out.expected = x;
    out.lower = x;
    out.upper = x;
    out.score = 0;
    out.alert = false;
    out.z = 0;
    return out;
  }

  const floor = scaleFloor(s);
  const sc = s.scale > floor ? s.scale : floor;
  const slow = s.slowLevel;
  // One-step-ahead residuals of the three candidates (each with its own level), before learning.
  const mu0 = combine(s, levels[0]!, base);
  const mu1 = combine(s, levels[1]!, fDay);
  const mu2 = combine(s, levels[2]!, fWeek);
  const gx = toScale(s, x);
  const g0 = toScale(s, mu0);
  const g1 = toScale(s, mu1);
  const g2 = toScale(s, mu2);
  const r0 = gx - g0;
  const r1 = gx - g1;
  const r2 = gx - g2;
  // The same for the slow level: how well each profile's shape fits.
  const gs0 = toScale(s, combine(s, slow, base));
  const gs1 = toScale(s, combine(s, slow, fDay));
  const gs2 = toScale(s, combine(s, slow, fWeek));
  let mu = model === 2 ? mu2 : model === 1 ? mu1 : mu0;
  let gm = model === 2 ? g2 : model === 1 ? g1 : g0;
  let r = gx - gm;
  let z = r / sc;
  z = dropOnLogScale(s, x, mu, z);

  // Back to the baseline that held before a recent re-baseline: the incident is over, not a new one.
  if (n <= s.oldUntil && Math.abs(z) > LARGE) {
    const muOld = combine(s, s.oldLevels[model]!, factor);
    const gOld = toScale(s, muOld);
    const rOld = gx - gOld;
    if (Math.abs(rOld / sc) < 2) {
      for (let k = 0; k < 3; k++) levels[k] = s.oldLevels[k]!;
      s.oldUntil = 0;
      s.cusumUp = 0;
      s.cusumDown = 0;
      s.run = 0;
      mu = muOld;
      gm = gOld;
      r = rOld;
      z = dropOnLogScale(s, x, mu, rOld / sc);
    }
  }

  // Capped just past the decision interval, so the alert ends soon after the series is back to normal.
  s.cusumUp = clamp(CUSUM_DECAY * s.cusumUp + z - CUSUM_K, 0, CUSUM_CAP);
  s.cusumDown = clamp(CUSUM_DECAY * s.cusumDown - z - CUSUM_K, 0, CUSUM_CAP);
  const cusum = s.cusumUp > s.cusumDown ? s.cusumUp : s.cusumDown;
  const absZ = Math.abs(z);
  // Drift: the point against the slow level with the weekly shape (a change the one-day level follows
  // is still far from where the series was last week), on its own robust scale, summed slowly. Off for
  // two weeks and for a week after a re-baseline, while the slow level catches up.
  let drift = 0;
  const rd = gx - gs2;
  if (n > 14 * (DAY / s.intervalMs) && n > s.oldUntil && s.driftScale > 0) {
    const zd = rd / (s.driftScale > sc ? s.driftScale : sc);
    s.driftUp = clamp(DRIFT_DECAY * s.driftUp + zd - DRIFT_K, 0, DRIFT_CAP);
    s.driftDown = clamp(DRIFT_DECAY * s.driftDown - zd - DRIFT_K, 0, DRIFT_CAP);
    drift = s.driftUp > s.driftDown ? s.driftUp : s.driftDown;
  } else {
    s.driftUp = 0;
    s.driftDown = 0;
  }
  const evidence = Math.max(absZ, (Z_REF * cusum) / CUSUM_H, (Z_REF * drift) / DRIFT_H);
  const warm = n > s.warmup;
  const threshold = alertThreshold(s.sensitivity);
  out.expected = mu;
  out.lower = fromScale(s, gm - threshold * sc);
  out.upper = fromScale(s, gm + threshold * sc);
  out.z = z;
  out.score = (evidence / (evidence + Z_REF)) * (warm ? 1 : n / (s.warmup + 1));
  out.alert = warm && evidence >= threshold;

  // The deseasonalised values, kept for re-baselining.
  const m = s.shiftRun;
  const pos = s.recentPos;
  s.recent[pos] = deseasonalise(s, x, base);
  s.recent[m + pos] = deseasonalise(s, x, fDay);
  s.recent[2 * m + pos] = deseasonalise(s, x, fWeek);
  s.recentPos = (pos + 1) % m;
  const sign = z > 0 ? 1 : -1;
  if (absZ > SHIFT_Z) {
    if (s.run > 0 && sign === s.runSign) s.run++;
    else {
      s.run = 1;
      s.runSign = sign;
    }
  } else s.run = 0;

  const early = n <= Math.max(8, s.warmup >> 2);
  if (s.run >= s.shiftRun) {
    // A sustained change: accept it as the new baseline and remember the old one for a while.
    // Each candidate moves to the median of its own recent deseasonalised values.
    for (let k = 0; k < 3; k++) {
      s.oldLevels[k] = levels[k]!;
      const recentLevel = median(s.recent.slice(k * m, (k + 1) * m));
      levels[k] = s.counts && recentLevel < 0 ? 0 : recentLevel;
    }
    // The slow level is left alone: it follows a lasting change within about a week, while a change
    // that only looked lasting (a first weekend, an outage) does not get learned as the profiles' norm.
    s.oldUntil = n + s.oldMemory;
    s.cusumUp = 0;
    s.cusumDown = 0;
    s.run = 0;
    out.rebaselined = true;
  } else if (absZ <= LARGE || early) {
    // Levels: exponentially weighted, fast at first, residuals clipped (robust to outliers).
    const a = Math.max(s.levelRate, 1 / n);
    const limit = early ? Infinity : CLIP * sc;
    levels[0] = learnLevel(s, levels[0]!, base, mu0, clipped(s, x, g0, r0, limit), a);
    levels[1] = learnLevel(s, levels[1]!, fDay, mu1, clipped(s, x, g1, r1, limit), a);
    levels[2] = learnLevel(s, levels[2]!, fWeek, mu2, clipped(s, x, g2, r2, limit), a);
    const xc = clipped(s, x, gm, r, limit);
    s.slowLevel += Math.max(s.slowRate, 1 / n) * (xc - s.slowLevel);
  }

  // Scale: a robust mean absolute residual (large residuals clipped), fast at first.
  const as = Math.max(s.scaleRate, 1 / n);
  const absR = Math.abs(r);
  const cap = early || s.scale === 0 ? absR : 3.5 * sc;
  s.scale += as * (MAD_TO_SD * (absR < cap ? absR : cap) - s.scale);
  if (!s.additive) {
    const c = logOffset(s);
    const lr = Math.abs(Math.log((x + c) / ((mu > 0 ? mu : 0) + c)));
    const logCap = early || s.logScale === 0 ? lr : 3.5 * s.logScale;
    s.logScale += as * (MAD_TO_SD * (lr < logCap ? lr : logCap) - s.logScale);
  }
  s.magnitude += Math.max(s.levelRate, 1 / n) * (Math.abs(x) - s.magnitude);
  const absRd = Math.abs(rd);
  const driftCap = early || s.driftScale === 0 ? absRd : 3 * s.driftScale;
  s.driftScale +=
    Math.max(s.errorRate, 1 / n) *
    (MAD_TO_SD * (absRd < driftCap ? absRd : driftCap) - s.driftScale);

  // Seasonal profiles learn from every point, each against its own prediction with the residual clipped
  // (so an outage barely dents them, while a weekend the daily profile calls odd is still learned by the
  // weekly one), and against the slow level: a fast one would follow the weekend down and hide it.
  // The first day only settles the slow level; a slot's first visits are clipped less (a profile has
  // to learn its shape before it can call anything odd).
  if (n > Math.max(4, DAY / s.intervalMs) && (s.additive || s.slowLevel > floor)) {
    const dayLimit = (s.dayN[ds]! < 2 ? 4 : 1) * LARGE * sc;
    learnSlot(s.day, s.dayN, ds, profileTarget(s, x, gs1, gx - gs1, dayLimit), DAY_RATE);
    const weekLimit = (s.weekN[ws]! < 2 ? 4 : 1) * LARGE * sc;
    learnSlot(s.week, s.weekN, ws, profileTarget(s, x, gs2, gx - gs2, weekLimit), WEEK_RATE);
  }

  // Which profile fits best: robust mean absolute errors against the slow level, so the comparison is
  // of shapes (a fast level re-baselined every weekend would make the daily profile look as good as
  // the weekly one); a profile must clearly beat the simpler model.
  const ae = Math.max(s.errorRate, 1 / n);
  const errCap = 4 * sc;
  const errors = s.errors;
  const e0 = Math.abs(gx - gs0);
  const e1 = Math.abs(gx - gs1);
  const e2 = Math.abs(gx - gs2);
  errors[0] = errors[0]! + ae * ((e0 < errCap ? e0 : errCap) - errors[0]!);
  errors[1] = errors[1]! + ae * ((e1 < errCap ? e1 : errCap) - errors[1]!);
  errors[2] = errors[2]! + ae * ((e2 < errCap ? e2 : errCap) - errors[2]!);
  const perDay = DAY / s.intervalMs;
  // Each profile must beat the simpler model by SEASON_GAIN; the model in use gets a small bonus, so
  // near-ties do not flip it back and forth.
  let next = 0;
  let best = errors[0]! * (model === 0 ? STICKY : 1);
  const e1Adj = (errors[1]! / SEASON_GAIN) * (model === 1 ? STICKY : 1);
  if (s.daySlots > 1 && n >= 2 * perDay && e1Adj < best) {
    next = 1;
    best = e1Adj;
  }
  const e2Adj = (errors[2]! / (SEASON_GAIN * WEEK_GAIN)) * (model === 2 ? STICKY : 1);
  if (s.weekSlots > 1 && n >= 8 * perDay && e2Adj < best) next = 2;
  s.model = next;
  return out;
}

/** One candidate's level after learning from `xc` (the point, clipped around its prediction `mu`). */
function learnLevel(
  s: DetectorState,
  level: number,
  factor: number,
  mu: number,
  xc: number,
  rate: number,
): number {
  const innovation = s.additive ? xc - mu : factor > 1e-9 ? (xc - mu) / factor : 0;
  const next = level + rate * innovation;
  return s.counts && next < 0 ? 0 : next;
}

/** Columns of verdicts for a whole series, as {@link scoreSeries} returns them. */
export interface ScoredSeries {
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  score: Float64Array;
  alert: Uint8Array;
}

/**
 * Scores a whole series in a fresh detector (or the given state, which it continues): exactly the
 * results of calling {@link step} point by point. `times` in ms, strictly increasing.
 */
export function scoreSeries(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  options: DetectorOptions | DetectorState = {},
): ScoredSeries {
  const state = 'version' in options ? options : createDetector(options);
  const len = values.length;
  const result: ScoredSeries = {
    expected: new Float64Array(len),
    lower: new Float64Array(len),
    upper: new Float64Array(len),
    score: new Float64Array(len),
    alert: new Uint8Array(len),
  };
  const out = newResult();
  for (let i = 0; i < len; i++) {
    stepInto(state, times[i]!, values[i]!, out);
    result.expected[i] = out.expected;
    result.lower[i] = out.lower;
    result.upper[i] = out.upper;
    result.score[i] = out.score;
    result.alert[i] = out.alert ? 1 : 0;
  }
  return result;
}
