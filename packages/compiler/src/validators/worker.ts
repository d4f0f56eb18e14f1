/** Worker thread of the validator pool: compiles the schemas it is sent, in order. */
import { parentPort } from 'node:worker_threads';
import { compileUncached, type AjvPool } from './compile-one.js';
import type { CompileJob, CompileOutcome } from './pool.js';

const pool: AjvPool = {};
parentPort?.on('message', (jobs: CompileJob[]) => {
  const outcomes: CompileOutcome[] = jobs.map((job) => {
    try {
      return { ok: true, module: compileUncached(pool, job.root, job.payload) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  });
  parentPort!.postMessage(outcomes);
});
