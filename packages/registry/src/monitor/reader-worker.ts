/** The reader's worker thread: runs {@link READS} on a read-only connection of its own. */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadConnection, READS, type ReadName } from './reader.js';

const db = openReadConnection((workerData as { file: string }).file);

parentPort!.on(
  'message',
  (m: { id: number; name: ReadName; args: unknown[] } | { close: true }) => {
    if ('close' in m) {
      db.close();
      return;
    }
    try {
      const read = READS[m.name] as (d: typeof db, ...a: unknown[]) => unknown;
      parentPort!.postMessage({ id: m.id, ok: true, value: read(db, ...m.args) });
    } catch (err) {
      parentPort!.postMessage({
        id: m.id,
        ok: false,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  },
);
