/**
 * Fault injection for tests: `429:2,503:1` makes the next two requests answer 429, then one answer 503.
 * Only ever active when a caller passes a spec explicitly (option or `PLATEN_REGISTRY_FAULTS`).
 */

/** The name of the environment variable `platen registry` reads a fault spec from. */
export const FAULTS_ENV = 'PLATEN_REGISTRY_FAULTS';

/** A queue of statuses the next requests get instead of being served. */
export class FaultQueue {
  readonly #queue: number[] = [];

  /** Parses `STATUS:COUNT,...`; throws a readable Error on a malformed spec (a usage mistake). */
  constructor(spec = '') {
    for (const part of spec
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const m = /^([45]\d\d)(?::(\d+))?$/.exec(part);
      if (!m)
        throw new Error(`bad fault spec "${part}": expected STATUS[:COUNT], e.g. 429:2,503:1`);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      for (let i = 0; i < count; i++) this.#queue.push(Number(m[1]));
    }
  }

  /** Adds `count` faults of `status` to the end of the queue (tests arm faults mid-run). */
  add(status: number, count = 1): void {
    for (let i = 0; i < count; i++) this.#queue.push(status);
  }

  /** The status the next request must get, consuming it; undefined when no fault is pending. */
  next(): number | undefined {
    return this.#queue.shift();
  }

  /** How many faults are still pending. */
  get pending(): number {
    return this.#queue.length;
  }
}
