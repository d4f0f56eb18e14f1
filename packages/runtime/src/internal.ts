/**
 * Helpers shared by the main entry (`send`, positional SDK calls) and `@platen/runtime/message`
 * (object-form and enrichment SDK calls). Not exported from the main entry, so it does not grow it.
 */
import { formatViolation, toViolationErrors } from './messages.js';
import type { AjvError, EventRef, OnViolation, PlatenState, Violation } from './types.js';

/** Thrown by `send` when `onViolation` is `'throw'`; the message is the formatted violation. */
export class PlatenViolationError extends Error {
  /** The event, its errors and the payload that failed. */
  declare violation: Violation;

  constructor(violation: Violation, message = formatViolation(violation)) {
    super(message);
    this.name = 'PlatenViolationError';
    this.violation = violation;
  }
}

/** Options (or a message) as the runtime reads them: any object, maybe with a `context`. */
export type Options = Record<string, unknown> & { context?: Record<string, unknown> };

/** Applies `onViolation`; returns whether the event should still be sent. */
export function report(
  state: PlatenState,
  event: EventRef,
  payload: unknown,
  errors: AjvError[] | null | undefined,
): boolean {
  // Test runners want invalid events to fail loudly; elsewhere a warning is enough. `process` may
  // not exist (browsers), hence globalThis.
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process
    ?.env;
  const mode: OnViolation =
    state.onViolation ??
    (env && (env.NODE_ENV === 'test' || env.VITEST || env.JEST_WORKER_ID) ? 'throw' : 'warn');
  if (mode === 'off') return true;
  const violation: Violation = { event, errors: toViolationErrors(errors ?? [], payload), payload };
  if (typeof mode === 'function') {
    mode(violation);
    return true;
  }
  const text = formatViolation(violation);
  if (mode === 'throw') throw new PlatenViolationError(violation, text);
  console.warn(mode === 'skip' ? text + '\n  (not sent)' : text);
  return mode !== 'skip';
}

/** A copy of `given` (options or a whole message) with `context.platen` and the event version stamped in. */
export function stamp(state: PlatenState, event: EventRef, given: unknown): Options {
  const platen = { language: state.language, version: state.version };
  const version = event.version >= 1 ? event.version : 0;
  // The common case, no caller options: build the object directly, no spreads.
  if (!given) {
    return { context: version ? { platen, protocols: { event_version: version } } : { platen } };
  }
  const caller = given as Options;
  // Spreading a non-object context or protocols (bad caller data) yields {} or junk keys, never a crash.
  const merged: Record<string, unknown> = { ...caller.context, platen };
  if (version)
    merged.protocols = { ...(caller.context?.protocols as object), event_version: version };
  return { ...caller, context: merged };
}

/** Warns once per state that no SDK instance (or no such method) was found. */
export function warnMissing(state: PlatenState, what: string): void {
  if (state.warnedMissing) return;
  state.warnedMissing = true;
  console.warn(
    `Platen: no analytics instance; ${what} was not sent. Call configure({ analytics }).`,
  );
}
