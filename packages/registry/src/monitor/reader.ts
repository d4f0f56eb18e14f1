/**
 * The read side: the API's queries run on their own SQLite connection in a worker thread, so a slow
 * read (a year of rollups, a large export) never holds up ingest, which commits on the main thread.
 * WAL lets that reader see committed data while writes go on. When the compiled worker is missing
 * (Platen run from its TypeScript sources, in tests) the queries run on the main thread instead,
 * over a second read-only connection.
 */
import type Database from 'better-sqlite3';
import { openReadonlyDb } from '../db.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import {
  exportViolations,
  monitorReport,
  readSamples,
  readViolations,
  readVolumes,
} from './queries.js';

const WORKER_URL = new URL('./reader-worker.js', import.meta.url);

/** The queries the reader runs, by name. */
export const READS = {
  volumes: readVolumes,
  violations: readViolations,
  samples: readSamples,
  report: monitorReport,
  export: (
    db: Database.Database,
    ...args: Parameters<typeof exportViolations> extends [unknown, ...infer R] ? R : never
  ) => [...exportViolations(db, ...args)],
  /**
   * For the test that ingest never waits on a read: opens a read transaction (a WAL snapshot) and
   * keeps the reader thread busy inside it until `signal[0]` becomes non-zero; `signal[1]` is set
   * once the snapshot is taken. Only on the worker thread (on the main thread it would block all).
   */
  hold: (db: Database.Database, signal: Int32Array) => {
    if (isMainThread) throw new Error('hold runs only on the reader thread');
    db.exec('BEGIN');
    try {
      const { n } = db.prepare('SELECT COUNT(*) AS n FROM monitor_rollups').get() as { n: number };
      Atomics.store(signal, 1, 1);
      Atomics.wait(signal, 0, 0, 60_000);
      return n;
    } finally {
      db.exec('COMMIT');
    }
  },
} as const;

/** A query name. */
export type ReadName = keyof typeof READS;

/** Opens the read-only connection reads use. */
export function openReadConnection(file: string): Database.Database {
  return openReadonlyDb(file);
}

/** Runs reads off the main thread (or on it, over its own connection, without the compiled worker). */
export class MonitorReader {
  readonly #worker: Worker | undefined;
  readonly #local: Database.Database | undefined;
  readonly #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  #next = 0;

  /** True when reads run on a worker thread. */
  readonly threaded: boolean;

  constructor(file: string) {
    if (existsSync(fileURLToPath(WORKER_URL))) {
      this.#worker = new Worker(WORKER_URL, { workerData: { file } });
      this.#worker.unref();
      this.#worker.on(
        'message',
        (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
          const p = this.#pending.get(m.id);
          if (!p) return;
          this.#pending.delete(m.id);
          if (m.ok) p.resolve(m.value);
          else p.reject(new Error(m.error));
        },
      );
      this.#worker.on('error', (err) => {
        for (const p of this.#pending.values()) p.reject(err);
        this.#pending.clear();
      });
      this.threaded = true;
    } else {
      this.#local = openReadConnection(file);
      this.threaded = false;
    }
  }

  /** Runs the read `name` with `args` (after the database handle). */
  run<N extends ReadName>(
    name: N,
    ...args: Parameters<(typeof READS)[N]> extends [unknown, ...infer R] ? R : never
  ): Promise<ReturnType<(typeof READS)[N]>> {
    return this.#call(name, args, false) as Promise<ReturnType<(typeof READS)[N]>>;
  }

  /** {@link run}, its result as JSON text (serialised on the reader's thread, for the API's answers). */
  runJson<N extends ReadName>(
    name: N,
    ...args: Parameters<(typeof READS)[N]> extends [unknown, ...infer R] ? R : never
  ): Promise<string> {
    return this.#call(name, args, true) as Promise<string>;
  }

  #call(name: ReadName, args: unknown[], json: boolean): Promise<unknown> {
    if (this.#local) {
      try {
        const read = READS[name] as (db: Database.Database, ...a: unknown[]) => unknown;
        const value = read(this.#local, ...args);
        return Promise.resolve(json ? JSON.stringify(value) : value);
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker!.postMessage({ id, name, args, json });
    });
  }

  /** Stops the worker and closes its connection. */
  async close(): Promise<void> {
    this.#local?.close();
    if (this.#worker) {
      this.#worker.postMessage({ close: true });
      await this.#worker.terminate();
    }
  }
}
