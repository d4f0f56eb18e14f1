/**
 * A large build's native pass, shared with one worker thread. The worker starts when the plan is
 * loaded ({@link prestartPasses}) or when the build calls `compileValidators` (before the client is
 * emitted), and claims rules one at a time from a shared counter; the calling thread joins in when
 * it is free (after emitting), so the two cores split the work whatever each had to do first. Each rule's module is the same on either
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
  /** [next rule to claim, wanted flags set] (Int32Array). */
  state: SharedArrayBuffer;
  /** Per rule, 1 when the build needs it (Uint8Array); read once `state[1]` is 1. */
  wanted: SharedArrayBuffer;
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

/**
 * Runs the passes of `rules` claimed from `state[0]` (shared with other threads), in claim order.
 * Once `state[1]` is set, a claimed rule whose `wanted` flag is 0 is skipped: the build needs it no more.
 */
export function claimPasses(
  rules: ShareRules,
  native: boolean,
  state: Int32Array,
  wanted: Uint8Array,
  into: (index: number, done: RuleDone) => void,
): void {
  for (;;) {
    const i = Atomics.add(state, 0, 1);
    if (i >= rules.length) return;
    if (Atomics.load(state, 1) === 1 && wanted[i] === 0) continue;
    const [schema, type] = rules[i]!;
    into(i, nativePass(schema, type, native));
  }
}

// A sibling module; absent when Platen runs from its TypeScript sources (tests): no sharing then.
const WORKER_URL = new URL('./share-worker.js', import.meta.url);

/** Rules being compiled on a worker thread, and what this thread knows of them. */
interface Session {
  rules: ShareRules;
  /** Rule index by schema object (how a build's rules are found again). */
  index: Map<Json, number>;
  /** [next rule to claim, wanted flags set]. */
  state: Int32Array;
  wanted: Uint8Array;
  done: (RuleDone | undefined)[];
  reply: Promise<ShareReply>;
  /** Keeps the process alive until the worker answers (it is unref'd until the build needs it). */
  ref: () => void;
  stop: () => void;
}

let early: Session | undefined;

function startSession(rules: ShareRules, native: boolean): Session | undefined {
  if (rules.length < SHARE_THRESHOLD || !existsSync(fileURLToPath(WORKER_URL))) return undefined;
  const state = new Int32Array(new SharedArrayBuffer(8));
  const wanted = new Uint8Array(new SharedArrayBuffer(rules.length));
  const index = new Map<Json, number>();
  rules.forEach(([schema], i) => {
    if (typeof schema === 'object' && schema !== null) index.set(schema, i);
  });
  const worker = new Worker(WORKER_URL);
  // A build that stops early (a plan with errors) does not wait for its worker.
  worker.unref();
  const none: ShareReply = { done: [], native: 0 };
  const reply = new Promise<ShareReply>((resolve) => {
    worker.once('message', (r: ShareReply) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once('error', () => resolve(none));
    worker.once('exit', () => resolve(none));
  });
  const request: ShareRequest = {
    rules: JSON.stringify(rules),
    native,
    state: state.buffer as SharedArrayBuffer,
    wanted: wanted.buffer as SharedArrayBuffer,
  };
  worker.postMessage(request);
  return {
    rules,
    index,
    state,
    wanted,
    done: [],
    reply,
    ref: () => void worker.ref(),
    stop: () => void worker.terminate(),
  };
}

/**
 * Starts the native pass of a plan's rules on a worker thread now, before the IR is built: for a large
 * dev build without cached validators (the caller knows), called as soon as the plan is loaded. The
 * next {@link nativePasses} takes the results of the rules it is asked for (found by schema object);
 * a second call drops the first session.
 */
export function prestartPasses(rules: ShareRules): void {
  early?.stop();
  early = startSession(rules, true);
}

/**
 * Every rule's native pass, in rule order: shared with a worker thread when there are at least
 * {@link SHARE_THRESHOLD} rules and `share` (the worker started by {@link prestartPasses}, or one
 * started now), else on this thread. This thread's share waits until the caller yields (it is
 * emitting the client), and it waits for the worker only when the worker has rules it needs.
 */
export async function nativePasses(
  rules: ShareRules,
  native: boolean,
  share: boolean,
): Promise<RuleDone[]> {
  let session = early;
  early = undefined;
  if (session !== undefined && (!native || !share)) {
    session.stop();
    session = undefined;
  }
  session ??= share ? startSession(rules, native) : undefined;
  if (session === undefined) return rules.map(([schema, type]) => nativePass(schema, type, native));
  const s = session;
  // Where each rule asked for is in the session (-1: not there, compiled here).
  const at = rules.map(([schema, type]) => {
    const i = typeof schema === 'object' && schema !== null ? s.index.get(schema) : undefined;
    return i !== undefined && s.rules[i]![1] === type ? i : -1;
  });
  for (const i of at) if (i >= 0) s.wanted[i] = 1;
  Atomics.store(s.state, 1, 1);
  await new Promise<void>((resolve) => setImmediate(resolve));
  claimPasses(s.rules, native, s.state, s.wanted, (i, d) => (s.done[i] = d));
  if (at.some((i) => i >= 0 && s.done[i] === undefined)) {
    s.ref();
    const reply = await s.reply;
    compileCounts.native += reply.native;
    shareCounts.worker += reply.done.length;
    for (const [i, d] of reply.done) {
      if (d.module) cacheModule(d.key, d.module);
      s.done[i] = d;
    }
  } else s.stop();
  // A worker that failed leaves the rules it claimed: they are compiled here.
  return rules.map(([schema, type], k) => {
    const i = at[k]!;
    return (i >= 0 ? s.done[i] : undefined) ?? nativePass(schema, type, native);
  });
}
