/** Time for monitoring: an injectable clock, intervals, and durations such as `90d`. */

/** A clock in ms since the epoch; `startRegistry({ now })` injects one (tests replay days in seconds). */
export type Clock = () => number;

/** The interval start holding `ms`, for intervals of `intervalMs`. */
export function bucketOf(ms: number, intervalMs: number): number {
  return Math.floor(ms / intervalMs) * intervalMs;
}

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a duration such as `90d`, `24h`, `15m`, `30s` or `1w` into ms; undefined when malformed.
 * A bare number is ms.
 */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]) * UNITS[m[2] ?? 'ms']!;
  return Number.isFinite(value) ? Math.round(value) : undefined;
}
