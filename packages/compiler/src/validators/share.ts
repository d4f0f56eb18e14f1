/**
 * A large build's native pass, shared with one worker thread. The worker starts when the build
 * calls {@link compileValidators} (before the client is emitted) and claims rules one at a time
 * from a shared counter; the calling thread joins in when it is free (after emitting), so the two
 * cores split the work whatever each had to do first. Each rule's module is the same on either
 * thread (the native generator is a pure function of the schema), and the caller assembles files and
 * diagnostics in rule order, so the output does not depend on who compiled what.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Json, RuleType } from '../plan/types.js';
import { cacheModule, ROOT_ID, schemaHash, type CompiledModule } from './module-cache.js';
import { compileCounts, quickCompile, type CompileJob } from './pool.js';
import { prepareSchema } from './prepare.js';

/**
 * Below this many rules to compile a build stays on its own thread: a worker costs ~40 ms of start-up
 * and module loading (on the other core) plus copying the schemas to it.
 */
export const SHARE_THRESHOLD = 200;

/** One rule's native pass. */
export interface RuleDone {
  /** Every `format` used, with its pointer inside the rule. */
  formats: { name: string; pointer: string }[];
  /** The prepared schema's cache key. */
  key: string;
  /** The module, or `undefined` when only Ajv can compile the rule. */
  module: CompiledModule | undefined;
  /** What Ajv needs when `module` is `undefined`. */
  job: CompileJob | undefined;
}

/** Each rule's schema and type. */
export type ShareRules = [schema: Json, type: RuleType][];

/**
 * What the worker is sent: the rules as JSON text (parsing it costs the worker less than half of
 * what deserializing a structured clone of the same schemas does; the text makes the same
 * schemas, `__proto__` keys included), and the counter rules are claimed from.
 */
export interface ShareRequest {
  rules: string;
  native: boolean;
  counter: SharedArrayBuffer;
}

/** What the worker answers: the rules it compiled (index, pass) and its native compile count. */
export interface ShareReply {
  done: [index: number, done: RuleDone][];
  native: number;
}

/** How many rules the shared worker compiled in this process (tests, measurements). */
export const shareCounts = { worker: 0 };

/** Prepares one rule's schema and compiles it natively (cache first). */
export function nativePass(schema: Json, type: RuleType, native: boolean): RuleDone {
  const { root, payload, formats } = prepareSchema(schema, type, ROOT_ID);
  const job: CompileJob = { root, payload, key: schemaHash(root, payload, !native) };
  const module = quickCompile(job, native);
  // Rule by rule, so each prepared schema (a deep copy) is garbage once its module exists.
  return { formats, key: job.key, module, job: module ? undefined : job };
}

/** Runs the passes of `rules` claimed from `counter` (shared with other threads), in claim order. */
export function claimPasses(
  rules: ShareRules,
  native: boolean,
  counter: Int32Array,
  into: (index: number, done: RuleDone) => void,
): void {
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    if (i >= rules.length) return;
    const [schema, type] = rules[i]!;
    into(i, nativePass(schema, type, native));
  }
}

// A sibling module; absent when Platen runs from its TypeScript sources (tests): no sharing then.
const WORKER_URL = new URL('./share-worker.js', import.meta.url);

/**
 * Every rule's native pass, in rule order: shared with a worker thread when there are at least
 * {@link SHARE_THRESHOLD} rules and `share`, else on this thread. The worker starts before this
 * returns its promise; this thread's share waits until the caller yields (it is emitting).
 */
export async function nativePasses(
  rules: ShareRules,
  native: boolean,
  share: boolean,
): Promise<RuleDone[]> {
  const done: (RuleDone | undefined)[] = new Array<RuleDone | undefined>(rules.length);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const store = (i: number, d: RuleDone): void => {
    done[i] = d;
  };
  const worker =
    share && rules.length >= SHARE_THRESHOLD && existsSync(fileURLToPath(WORKER_URL))
      ? startWorker({
          rules: JSON.stringify(rules),
          native,
          counter: counter.buffer as SharedArrayBuffer,
        })
      : undefined;
  if (worker !== undefined) await new Promise<void>((resolve) => setImmediate(resolve));
  claimPasses(rules, native, counter, store);
  if (worker !== undefined) {
    const reply = await worker;
    compileCounts.native += reply.native;
    shareCounts.worker += reply.done.length;
    for (const [i, d] of reply.done) {
      if (d.module) cacheModule(d.key, d.module);
      done[i] = d;
    }
  }
  // A worker that failed leaves the rules it claimed: they are compiled here.
  for (let i = 0; i < rules.length; i++) {
    if (done[i] === undefined) done[i] = nativePass(rules[i]![0], rules[i]![1], native);
  }
  return done as RuleDone[];
}

function startWorker(request: ShareRequest): Promise<ShareReply> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_URL);
    const none: ShareReply = { done: [], native: 0 };
    worker.once('message', (reply: ShareReply) => {
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', () => resolve(none));
    worker.once('exit', () => resolve(none));
    worker.postMessage(request);
  });
}
