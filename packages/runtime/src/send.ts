import { report, stamp, warnMissing } from './internal.js';
import { describeEvent } from './messages.js';
import type { AnalyticsLike, EventRef, PlatenState, Validator } from './types.js';

export { PlatenViolationError } from './internal.js';

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
    if (!validate(payload) && !report(state, event, payload, validate.errors)) return;
  }
  args[optionsIndex] = stamp(state, event, args[optionsIndex]);
  const given = state.analytics;
  const instance: AnalyticsLike | undefined =
    (typeof given === 'function' ? given() : given) ??
    (globalThis as { analytics?: AnalyticsLike }).analytics;
  const method = instance?.[event.type];
  if (typeof method === 'function') {
    method.apply(instance, args);
  } else {
    warnMissing(state, describeEvent(event));
  }
}
