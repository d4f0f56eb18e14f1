/**
 * Rate limits: failed authentication per client address (against token guessing), and an optional
 * request rate per token. Both are fixed windows kept in memory; a limited request gets 429 with
 * `Retry-After` (seconds) and the `x-ratelimit-reset` / `msBeforeNext` hints Platen's client reads.
 */
import { HttpError } from './http.js';

/** How many failed authentications an address may make per window before it gets 429. */
export const DEFAULT_AUTH_FAILURES = 20;
/** The window for {@link DEFAULT_AUTH_FAILURES}: one minute. */
export const DEFAULT_AUTH_WINDOW_MS = 60_000;
/** The window of the per-token rate (`--rate N` is requests per minute). */
export const RATE_WINDOW_MS = 60_000;

// Past this many tracked keys, expired windows are swept, so a flood of addresses cannot grow the
// maps without bound (each live entry is a few dozen bytes).
const SWEEP_AT = 10_000;

interface Window {
  start: number;
  count: number;
}

/** Counts events per key in fixed windows of `windowMs`; a key is over once it has `max` in a window. */
export class WindowCounter {
  private readonly windows = new Map<string, Window>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** The current window of `key`, a fresh one when the last has expired. */
  private current(key: string): Window {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size >= SWEEP_AT) this.sweep(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Ms until `key` may go on, or 0 when it is under the limit (does not count anything). */
  waitMs(key: string): number {
    const w = this.windows.get(key);
    if (!w || this.now() - w.start >= this.windowMs || w.count < this.max) return 0;
    return w.start + this.windowMs - this.now();
  }

  /** Counts one event for `key`; returns the ms to wait when this event is over the limit, else 0. */
  hit(key: string): number {
    const w = this.current(key);
    w.count++;
    return w.count > this.max ? w.start + this.windowMs - this.now() : 0;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows)
      if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}

/** A 429 asking the client to wait `ms`. */
export function rateLimited(ms: number, message: string): HttpError {
  const wait = Math.max(0, Math.ceil(ms));
  return new HttpError(
    429,
    'rate-limited',
    message,
    [{ type: 'rate-limited', message, status: 429, data: { msBeforeNext: wait } }],
    {
      'retry-after': String(Math.max(1, Math.ceil(wait / 1000))),
      'x-ratelimit-reset': String(wait),
      'x-ratelimit-remaining': '0',
    },
  );
}
