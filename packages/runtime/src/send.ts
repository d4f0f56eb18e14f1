import { describeEvent, formatViolation, toViolationErrors } from './messages.js';
import type { Options } from './prod.js';
import type {
  AjvError,
  AnalyticsLike,
  EventRef,
  OnViolation,
  PlatenState,
  Validator,
  Violation,
} from './types.js';

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

/**
 * Applies `onViolation`; returns whether the event should still be sent. Exported for
 * `@platen/runtime/message` only (the main entry does not re-export it).
 */
export function onViolation(
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

/**
 * A copy of the caller's options with `context.platen` and the event version stamped in. The same
 * stamp as `@platen/runtime/prod`'s `stamp`, minus its shared leaves: kept apart so the main entry
 * stays within its size budget.
 */
function stamp(state: PlatenState, event: EventRef, given: unknown): Options {
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

/**
 * Validate (when a validator is given), handle violations per onViolation, stamp context, resolve
 * the SDK, call it. `args` is the SDK call's argument list, built fresh by generated code: its
 * options slot is replaced by a stamped copy; the caller's objects are never mutated.
 */
export function send(
  state: PlatenState,
  event: EventRef,
  args: unknown[],
  payloadIndex: number,
  optionsIndex: number,
  validate?: Validator,
): void {
  if (validate) {
    const payload = args[payloadIndex] === undefined ? {} : args[payloadIndex];
    if (!validate(payload) && !onViolation(state, event, payload, validate.errors)) return;
  }
  args[optionsIndex] = stamp(state, event, args[optionsIndex]);
  const given = state.analytics;
  const instance: AnalyticsLike | undefined =
    (typeof given === 'function' ? given() : given) ??
    (globalThis as { analytics?: AnalyticsLike }).analytics;
  const method = instance?.[event.type];
  if (typeof method === 'function') {
    method.apply(instance, args);
  } else if (!state.warnedMissing) {
    state.warnedMissing = true;
    console.warn(
      `Platen: no analytics instance; ${describeEvent(event)} was not sent. Call configure({ analytics }).`,
    );
  }
}
