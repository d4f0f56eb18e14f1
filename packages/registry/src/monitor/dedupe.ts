/**
 * Dedupe by messageId, so that a batch sent again after a crash (committed, but its answer lost) is
 * acknowledged without being counted twice.
 *
 * Cheap by design: a messageId becomes a 53-bit fingerprint (two 32-bit string hashes, source
 * included), looked up in an in-memory Set. Sets rotate by generation: a generation lasts the window
 * (or until it holds `maxPerGeneration` ids), and the current and previous ones are checked, so an id
 * is remembered for at least one window and at most two. Durability costs one row per batch: the
 * batch's fingerprints (8 bytes each) appended to `monitor_dedupe` in the batch's own transaction,
 * so after a crash the Sets are rebuilt from exactly the batches that were committed.
 * Two different ids sharing a fingerprint (about 1 in 10^9 for a million ids in a window) would
 * make the second one count as a duplicate.
 */
import type Database from 'better-sqlite3';
import type { RegistryDb } from '../db.js';

/** The fingerprint of `sourcePk` + `messageId`: an integer below 2^53. */
export function fingerprint(sourcePk: number, messageId: string): number {
  let h1 = 0x811c9dc5 ^ sourcePk;
  let h2 = 0x9747b28c + sourcePk;
  for (let i = 0; i < messageId.length; i++) {
    const c = messageId.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return (h2 >>> 0) * 0x200000 + ((h1 >>> 0) & 0x1fffff);
}

/**
 * A set of fingerprints in two typed arrays (open addressing, linear probing, at most half full):
 * 16 bytes a slot, no object per entry, so a few million ids cost tens of MB, not hundreds, and a
 * lookup is a few array reads.
 */
export class FingerprintSet {
  // hi + 1 (so 0 marks an empty slot) and lo: the upper 21 and lower 32 bits of a fingerprint.
  #hi: Uint32Array;
  #lo: Uint32Array;
  #mask: number;
  size = 0;

  /** `capacity`: slots, a power of two; the set doubles them when more than half are used. */
  constructor(capacity = 1 << 12) {
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#mask = capacity - 1;
  }

  #slot(hi: number, lo: number): number {
    let i = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) & this.#mask;
    while (this.#hi[i] !== 0 && (this.#hi[i] !== hi || this.#lo[i] !== lo))
      i = (i + 1) & this.#mask;
    return i;
  }

  /** Slots allocated. */
  get capacity(): number {
    return this.#hi.length;
  }

  has(key: number): boolean {
    const hi = Math.floor(key / 4294967296) + 1;
    return this.#hi[this.#slot(hi, key >>> 0)] !== 0;
  }

  add(key: number): void {
    if ((this.size + 1) * 2 > this.#hi.length) this.#grow();
    const hi = Math.floor(key / 4294967296) + 1;
    const lo = key >>> 0;
    const i = this.#slot(hi, lo);
    if (this.#hi[i] !== 0) return;
    this.#hi[i] = hi;
    this.#lo[i] = lo;
    this.size++;
  }

  #grow(): void {
    const hi = this.#hi;
    const lo = this.#lo;
    this.#hi = new Uint32Array(hi.length * 2);
    this.#lo = new Uint32Array(hi.length * 2);
    this.#mask = hi.length * 2 - 1;
    for (let j = 0; j < hi.length; j++) {
      if (hi[j] === 0) continue;
      const i = this.#slot(hi[j]!, lo[j]!);
      this.#hi[i] = hi[j]!;
      this.#lo[i] = lo[j]!;
    }
  }
}

/** The smallest power-of-two capacity (at least 4,096) that holds `n` fingerprints without growing. */
export function capacityFor(n: number): number {
  let capacity = 1 << 12;
  while (capacity < 2 * (n + 1)) capacity *= 2;
  return capacity;
}

/** The two-generation set of recently seen fingerprints, persisted through `monitor_dedupe`. */
export class Dedupe {
  #gen = 0;
  #genStart = 0;
  #seq = 0;
  #current = new FingerprintSet();
  #previous = new FingerprintSet();
  readonly #insert: Database.Statement;
  readonly #prune: Database.Statement;

  constructor(
    private readonly db: RegistryDb,
    private readonly windowMs: number,
    private readonly maxPerGeneration: number,
    now: number,
  ) {
    this.#insert = db.prepare(
      'INSERT INTO monitor_dedupe (gen, seq, started_at, keys) VALUES (?, ?, ?, ?)',
    );
    this.#prune = db.prepare('DELETE FROM monitor_dedupe WHERE gen < ?');
    this.#load(now);
  }

  /** Rebuilds the Sets from the last two generations on disk. */
  #load(now: number): void {
    const last = this.db
      .prepare(
        'SELECT gen, MIN(started_at) AS start, MAX(seq) AS seq FROM monitor_dedupe GROUP BY gen ORDER BY gen DESC LIMIT 2',
      )
      .all() as { gen: number; start: number; seq: number }[];
    if (last.length === 0) {
      this.#genStart = now;
      return;
    }
    const read = this.db.prepare('SELECT keys FROM monitor_dedupe WHERE gen = ?');
    const fill = (gen: number, set: FingerprintSet) => {
      for (const { keys } of read.iterate(gen) as Iterable<{ keys: Buffer }>) {
        const view = new Float64Array(keys.buffer, keys.byteOffset, keys.byteLength / 8);
        for (const k of view) set.add(k);
      }
    };
    this.#gen = last[0]!.gen;
    this.#genStart = last[0]!.start;
    this.#seq = last[0]!.seq;
    this.#current = new FingerprintSet(capacityFor(this.#countKeys(this.#gen)));
    this.#previous = new FingerprintSet(capacityFor(this.#countKeys(this.#gen - 1)));
    fill(this.#gen, this.#current);
    if (last[1] && last[1].gen === this.#gen - 1) fill(last[1].gen, this.#previous);
  }

  /** How many fingerprints generation `gen` logged (8 bytes each). */
  #countKeys(gen: number): number {
    const row = this.db
      .prepare('SELECT TOTAL(length(keys)) / 8 AS n FROM monitor_dedupe WHERE gen = ?')
      .get(gen) as { n: number };
    return row.n;
  }

  /** Starts a new generation when the current one is past its window or full: call before {@link seen}. */
  advance(now: number): void {
    const age = now - this.#genStart;
    if (age < this.windowMs && age >= 0 && this.#current.size < this.maxPerGeneration) return;
    // Idle for two windows or more: the previous generation is out of the window too.
    const last = this.#current.size;
    this.#previous = age >= 2 * this.windowMs ? new FingerprintSet() : this.#current;
    // Sized for as many ids as the generation that just ended (at most the cap): at a steady rate
    // the new one never grows (rehashing a few million ids mid-batch cost milliseconds).
    this.#current = new FingerprintSet(capacityFor(Math.min(last, this.maxPerGeneration)));
    this.#gen++;
    this.#genStart = now;
    this.#seq = 0;
    this.#prune.run(this.#gen - (this.#previous.size > 0 ? 1 : 0));
  }

  /** True when `key` was already committed within the window. */
  seen(key: number): boolean {
    return this.#current.has(key) || this.#previous.has(key);
  }

  /**
   * Records a batch's new fingerprints. Call inside the batch's transaction; `commit()` after it
   * committed adds them to memory (a rolled-back batch leaves no trace).
   */
  record(keys: readonly number[]): () => void {
    if (keys.length === 0) return () => {};
    const blob = Buffer.from(Float64Array.from(keys).buffer);
    this.#insert.run(this.#gen, ++this.#seq, this.#genStart, blob);
    const into = this.#current;
    return () => {
      for (const k of keys) into.add(k);
    };
  }
}
