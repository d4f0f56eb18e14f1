/** The reader's worker thread: runs {@link READS} on a read-only connection of its own. */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadConnection, READS, type ReadName } from './reader.js';

const db = openReadConnection((workerData as { file: string }).file);

parentPort!.on(
  'message',
  (m: { id: number; name: ReadName; args: unknown[]; json?: boolean } | { close: true }) => {
    if ('close' in m) {
      db.close();
      return;
    }
    try {
      const read = READS[m.name] as (d: typeof db, ...a: unknown[]) => unknown;
      const value = read(db, ...m.args);
      // As JSON text: one string crosses to the main thread instead of a structured clone of every row.
      parentPort!.postMessage({
        id: m.id,
        ok: true,
        value: m.json ? JSON.stringify(value) : value,
      });
    } catch (err) {
      parentPort!.postMessage({
        id: m.id,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  },
);
