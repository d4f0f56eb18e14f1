/**
 * The two baselines `pnpm bench:anomaly` runs beside Platen, both online (each point judged from earlier
 * points only) and both alerting per point:
 * - sigma3: a rolling ±3σ window (Segment's recipe): mean and standard deviation of the last week of
 *   points (at least one day), alert when the point is more than 3σ from the mean;
 * - seasonalNaive: the same hour last week: expected = the value one week earlier, alert when the
 *   difference is more than 3σ of the differences over the last week (needs two weeks of history).
 */

const WEEK = 7 * 86_400_000;
const DAY = 86_400_000;

/** Alerts (0/1 per point) of the rolling ±3σ rule. */
export function sigma3(values, intervalMs) {
  const window = Math.round(WEEK / intervalMs);
  const minimum = Math.round(DAY / intervalMs);
  const alert = new Uint8Array(values.length);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    const count = Math.min(i, window);
    if (count >= minimum) {
      const mean = sum / count;
      const sd = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
      alert[i] = Math.abs(values[i] - mean) > 3 * sd ? 1 : 0;
    }
    sum += values[i];
    sumSq += values[i] * values[i];
    if (i >= window) {
      sum -= values[i - window];
      sumSq -= values[i - window] * values[i - window];
    }
  }
  return alert;
}

/** Alerts (0/1 per point) of the seasonal-naive rule (same hour last week, 3σ of last week's differences). */
export function seasonalNaive(values, intervalMs) {
  const lag = Math.round(WEEK / intervalMs);
  const alert = new Uint8Array(values.length);
  let sum = 0;
  let sumSq = 0;
  const diff = (i) => values[i] - values[i - lag];
  for (let i = lag; i < values.length; i++) {
    const count = Math.min(i - lag, lag);
    const d = diff(i);
    if (count >= lag) {
      const mean = sum / count;
      const sd = Math.sqrt(Math.max(0, sumSq / count - mean * mean));
      alert[i] = Math.abs(d - mean) > 3 * sd ? 1 : 0;
    }
    sum += d;
    sumSq += d * d;
    if (i - lag >= lag) {
      const old = diff(i - lag);
      sum -= old;
      sumSq -= old * old;
    }
  }
  return alert;
}
