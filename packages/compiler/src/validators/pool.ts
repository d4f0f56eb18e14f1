/**
 * Compiles many schemas: the native generator first, on this thread (well under a millisecond an
 * event); the schemas it declines go to Ajv, on worker threads when there are enough of them to pay
 * for the threads (Ajv's code generation costs 20–40 ms for a large event).
 * Each module's bytes do not depend on which thread compiled it (identifiers are renumbered),
 * so the output is the same with or without workers.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Json } from '../plan/types.js';
import type { AjvPool } from './compile-one.js';
import { cachedModule, cacheModule, type CompiledModule } from './module-cache.js';
import { compileNative } from './native/index.js';

/** One schema to compile. */
export interface CompileJob {
  root: Json;
  payload: string | undefined;
  /** Its {@link schemaHash}, computed once by the caller. */
  key: string;
}

/** A compiled module, or why it could not be compiled. */
export type CompileOutcome = { ok: true; module: CompiledModule } | { ok: false; error: string };

/** Below this many cache misses the threads' start-up (~100 ms each) costs more than it saves. */
export const PARALLEL_THRESHOLD = 48;

// The worker is a sibling module. When Platen runs from TypeScript sources (tests) there is no
// `worker.js` to start, and compiling stays on this thread.
const WORKER_URL = new URL('./worker.js', import.meta.url);

/** How many workers to start for `misses` schemas; 0 means compile on this thread. */
export function workerCount(misses: number, requested?: number): number {
  if (misses < PARALLEL_THRESHOLD || !existsSync(fileURLToPath(WORKER_URL))) return 0;
  return Math.max(
    0,
    Math.min(requested ?? Math.min(availableParallelism(), 4), Math.ceil(misses / 16)),
  );
}

function runWorker(jobs: CompileJob[]): Promise<CompileOutcome[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL);
    worker.once('message', (outcomes: CompileOutcome[]) => {
      resolve(outcomes);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.postMessage(jobs);
  });
}

/** How many schemas each path compiled in this process (cache hits not counted). */
export const compileCounts = { native: 0, ajv: 0 };

/**
 * The module of one job from the cache or, with `native`, from the native generator (cached);
 * `undefined` when only Ajv can compile it. Cheap: a build calls it rule by rule, so a rule's
 * prepared schema can be dropped as soon as its module exists.
 */
export function quickCompile(job: CompileJob, native: boolean): CompiledModule | undefined {
  const hit = cachedModule(job.key);
  if (hit || !native) return hit;
  const module = nativeOrNothing(job);
  if (module) {
    cacheModule(job.key, module);
    compileCounts.native++;
  }
  return module;
}

/**
 * Compiles every job (cache first, then native, then Ajv), returning outcomes in job order.
 * `native: false` sends every miss to Ajv (tests of the fallback, comparisons).
 */
export async function compileAll(
  jobs: readonly CompileJob[],
  workers?: number,
  native = true,
): Promise<CompileOutcome[]> {
  const keys = jobs.map((j) => j.key);
  const outcomes: (CompileOutcome | undefined)[] = jobs.map((job) => {
    const module = quickCompile(job, native);
    return module && { ok: true, module };
  });
  const misses: number[] = [];
  for (const [i, outcome] of outcomes.entries()) if (!outcome) misses.push(i);
  compileCounts.ajv += misses.length;
  const count = workerCount(misses.length, workers);
  if (count === 0 && misses.length > 0) {
    // Ajv is only loaded when a schema needs it (~0.1 s CPU).
    const { compileUncached } = await import('./compile-one.js');
    const pool: AjvPool = {};
    for (const i of misses) outcomes[i] = compileOne(compileUncached, pool, jobs[i]!);
  } else if (count > 0) {
    // Round-robin, so large and small events spread evenly over the threads.
    const shares = Array.from({ length: count }, (_, w) =>
      misses.filter((_, n) => n % count === w),
    );
    const results = await Promise.all(shares.map((share) => runWorker(share.map((i) => jobs[i]!))));
    shares.forEach((share, w) => share.forEach((i, n) => (outcomes[i] = results[w]![n])));
  }
  for (const i of misses) {
    const outcome = outcomes[i]!;
    if (outcome.ok) cacheModule(keys[i]!, outcome.module);
  }
  return outcomes as CompileOutcome[];
}

// A generator bug must not break a build: Ajv still compiles the rule (and the counts show it).
function nativeOrNothing(job: CompileJob): CompiledModule | undefined {
  try {
    return compileNative(job.root, job.payload);
  } catch {
    return undefined;
  }
}

function compileOne(
  compile: typeof import('./compile-one.js').compileUncached,
  pool: AjvPool,
  job: CompileJob,
): CompileOutcome {
  try {
    return { ok: true, module: compile(pool, job.root, job.payload) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
