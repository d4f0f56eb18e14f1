/**
 * The labelled synthetic suite of `pnpm bench:anomaly`: seeded and deterministic. Each series is a rate
 * (level × daily shape × weekly shape × trend × holidays) drawn through a noise model (Poisson, or
 * negative binomial for overdispersion), with at most one injected anomaly, labelled by its interval range.
 */

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same suite on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r) {
  const u = r() || 1e-12;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Poisson draw: inversion for small means, a normal approximation above 40. */
export function poisson(r, lambda) {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(r)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = r();
  while (p > l) {
    k++;
    p *= r();
  }
  return k;
}

/** Gamma(shape, 1) by Marsaglia–Tsang, for the negative binomial's gamma–Poisson mixture. */
function gamma(r, shape) {
  if (shape < 1) return gamma(r, shape + 1) * Math.pow(r() || 1e-12, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x;
    let v;
    do {
      x = normal(r);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = r();
    if (Math.log(u || 1e-12) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A count with mean `lambda`: Poisson, or negative binomial with size `k` (variance λ + λ²/k). */
export function draw(r, lambda, noise) {
  if (noise.kind === 'negbin' && lambda > 0) return poisson(r, (lambda * gamma(r, noise.k)) / noise.k);
  return poisson(r, lambda);
}

export const HOUR = 3_600_000;
export const FIVE_MINUTES = 300_000;
const DAY = 86_400_000;
/** Monday 2026-01-05 00:00 UTC. */
export const START = Date.UTC(2026, 0, 5);

export const ANOMALY_KINDS = ['drop_zero', 'partial_drop', 'spike', 'level_shift', 'drift', 'new_violation'];

/**
 * One series: `{ id, intervalMs, times, values, rates, anomaly?, holidays, burnIn, group }`. `anomaly` is
 * `{ kind, start, end, permanent, depth? }` in point indices (end exclusive); `holidays` are index ranges.
 */
function series(r, id, { intervalMs, days, noise, kind, group, minLevel }) {
  const perDay = DAY / intervalMs;
  const n = Math.round(days * perDay);
  const burnIn = 14 * perDay;
  const scale = intervalMs / HOUR;
  const violation = kind === 'new_violation';
  // Hourly level between 1 and 3,000 (log-uniform), or at least `minLevel` per interval.
  const lo = Math.log(Math.max(1, minLevel ? minLevel / scale : 1));
  const level = violation ? 0.02 : Math.exp(lo + r() * (Math.log(3000) - lo)) * scale;
  const dailyAmp = violation ? 0 : r() < 0.8 ? 0.2 + 0.6 * r() : 0;
  const phase = r() * 24;
  const weekend = violation ? 1 : r() < 0.6 ? 0.4 + 0.6 * r() : 1;
  const trend = violation ? 0 : -0.4 + r();
  const holidays = [];
  if (!violation && r() < 0.3) {
    const day = 15 + Math.floor(r() * (days - 16));
    holidays.push([day * perDay, (day + 1) * perDay, 0.5 + 0.3 * r()]);
  }
  const rates = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = START + i * intervalMs;
    const hour = ((t % DAY) / HOUR + 24 - phase) % 24;
    const dow = Math.floor((t - START) / DAY) % 7;
    let lambda = level * (1 + dailyAmp * Math.sin((2 * Math.PI * hour) / 24));
    if (dow >= 5) lambda *= weekend;
    lambda *= 1 + (trend * i) / n;
    for (const [a, b, f] of holidays) if (i >= a && i < b) lambda *= f;
    rates[i] = lambda;
  }
  let anomaly;
  if (kind) {
    const earliest = burnIn + perDay;
    const latest = n - 3 * perDay;
    let start = earliest + Math.floor(r() * (latest - earliest));
    if (minLevel) {
      // Start where the normal rate is at least minLevel (a busy hour of a busy series).
      let tries = 0;
      while (rates[start] < minLevel && tries++ < 10_000)
        start = earliest + Math.floor(r() * (latest - earliest));
    }
    anomaly = inject(r, kind, rates, start, intervalMs);
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = draw(r, rates[i], noise);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = START + i * intervalMs;
  return { id, group, intervalMs, times, values, rates, anomaly, holidays, burnIn };
}

/** Applies one anomaly to `rates` in place; returns its label. */
function inject(r, kind, rates, start, intervalMs) {
  const perHour = HOUR / intervalMs;
  const n = rates.length;
  const hours = (a, b) => Math.max(1, Math.round((a + r() * (b - a)) * perHour));
  switch (kind) {
    case 'drop_zero': {
      const end = Math.min(n, start + hours(1, 12));
      for (let i = start; i < end; i++) rates[i] = 0;
      return { kind, start, end, permanent: false };
    }
    case 'partial_drop':
    case 'drop_half': {
      const depth = kind === 'drop_half' ? 0.5 : 0.2 + 0.6 * r();
      const end = Math.min(n, start + hours(6, 48));
      for (let i = start; i < end; i++) rates[i] *= 1 - depth;
      return { kind, start, end, permanent: false, depth };
    }
    case 'spike': {
      const factor = 2 + 4 * r();
      const end = Math.min(n, start + hours(1, 3));
      for (let i = start; i < end; i++) rates[i] = rates[i] * factor + 5;
      return { kind, start, end, permanent: false, depth: factor };
    }
    case 'level_shift': {
      const factor = r() < 0.5 ? 0.3 + 0.3 * r() : 1.6 + 1.4 * r();
      for (let i = start; i < n; i++) rates[i] *= factor;
      return { kind, start, end: start + 1, permanent: true, depth: factor };
    }
    case 'drift': {
      const change = (r() < 0.5 ? -1 : 1) * (0.3 + 0.3 * r());
      const ramp = hours(24, 72);
      for (let i = start; i < n; i++) rates[i] *= 1 + change * Math.min(1, (i - start + 1) / ramp);
      return { kind, start, end: Math.min(n, start + ramp), permanent: true, depth: change };
    }
    case 'new_violation': {
      const rate = 5 + 45 * r();
      const end = Math.min(n, start + hours(1, 6));
      for (let i = start; i < end; i++) rates[i] = rate * (intervalMs / HOUR);
      return { kind, start, end, permanent: false, depth: rate };
    }
    default:
      throw new Error(`unknown anomaly kind ${kind}`);
  }
}

/**
 * The suite: `count` general series (half clean, half with one anomaly of a random kind; 3/4 hourly over
 * 90 days, 1/4 every 5 minutes over 28 days) plus the goal sets (drops to zero and 50% drops on series
 * with at least 50 per interval at the drop).
 */
export function suite({ seed = 1, count = 600, goalCount = 200, noise = { kind: 'poisson' } } = {}) {
  const r = rng(seed);
  const out = [];
  const shape = (i) =>
    i % 4 === 3 ? { intervalMs: FIVE_MINUTES, days: 28 } : { intervalMs: HOUR, days: 90 };
  for (let i = 0; i < count; i++) {
    const kind = i % 2 === 0 ? undefined : ANOMALY_KINDS[Math.floor(r() * ANOMALY_KINDS.length)];
    out.push(series(r, `s${i}`, { ...shape(i), noise, kind, group: kind ? 'anomalous' : 'clean' }));
  }
  for (let i = 0; i < goalCount; i++) {
    const kind = i % 2 === 0 ? 'drop_zero' : 'drop_half';
    out.push(series(r, `g${i}`, { ...shape(i), noise, kind, group: 'goal', minLevel: 50 }));
  }
  return out;
}
