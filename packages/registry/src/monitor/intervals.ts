/**
 * The closed-interval hook: the interval a batch lands in is the one holding the server clock's time
 * when it is committed. When the clock reaches a later interval (seen by a batch or by {@link
 * Intervals.observe} from the timer or `tick()`), every earlier interval still open is closed: no
 * batch can add to it any more, as batches commit one at a time on one thread. `open_bucket` in
 * `monitor_state` remembers the open interval across restarts, so one that closed while the server
 * was down is reported on the first observation after start.
 */
import type { RegistryDb } from '../db.js';
import type { ClosedInterval } from './types.js';

/** At most this many closed intervals are reported at once (after a long downtime: the latest). */
export const MAX_CLOSED_AT_ONCE = 10_000;

/** Tracks the open interval and reports the ones that close. */
export class Intervals {
  #open: number | undefined;
  readonly #save: (bucket: number) => void;

  constructor(
    db: RegistryDb,
    readonly intervalMs: number,
  ) {
    const row = db.prepare("SELECT value FROM monitor_state WHERE key = 'open_bucket'").get() as
      { value: number } | undefined;
    this.#open = row?.value;
    const save = db.prepare(
      "INSERT INTO monitor_state (key, value) VALUES ('open_bucket', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    this.#save = (bucket) => save.run(bucket);
  }

  /**
   * Moves to the interval holding `bucket` (an interval start); returns the intervals that closed,
   * oldest first. Persists the move (inside the caller's transaction when there is one). A clock
   * that went back never reopens an interval.
   */
  observe(bucket: number): ClosedInterval[] {
    const open = this.#open;
    if (open !== undefined && bucket <= open) return [];
    this.#open = bucket;
    this.#save(bucket);
    if (open === undefined) return [];
    const closed: ClosedInterval[] = [];
    const step = this.intervalMs;
    const first = Math.max(open, bucket - MAX_CLOSED_AT_ONCE * step);
    for (let start = first; start < bucket; start += step)
      closed.push({ start, end: start + step, intervalMs: step });
    return closed;
  }
}
