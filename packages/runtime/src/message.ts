/**
 * `@platen/runtime/message`: sends for SDKs whose calls are not `method(...args, options)`, and the
 * COMMON-rule check. Kept out of the main entry so browser clients of positional SDKs do not pay for it.
 *
 * - {@link sendMessage}: object-form SDKs (`@segment/analytics-node`: `track({ event, properties, userId, context })`).
 * - {@link sendEnriched}: SDKs with no options argument but an enrichment closure (React Native's
 *   `track(event, properties, enrichment)`), which stamps the context on the SDK's own event.
 * - {@link checkCommon}: validates the message fields a caller assembled against the plan's COMMON rule.
 */
import { describeEvent } from './messages.js';
import { onViolation, stamp } from './send.js';
import type { AnalyticsLike, EventRef, PlatenState, Validator } from './types.js';

export { PlatenViolationError } from './send.js';

/** Validates `payload` when a validator is given; returns whether the call should go on. */
function check(
  state: PlatenState,
  event: EventRef,
  payload: unknown,
  validate?: Validator,
): boolean {
  if (!validate) return true;
  const value = payload === undefined ? {} : payload;
  return validate(value) || onViolation(state, event, value, validate.errors);
}

/** The configured instance's method for `event.type`, or undefined (with a one-time warning). */
function method(state: PlatenState, event: EventRef): [AnalyticsLike, Function] | undefined {
  const given = state.analytics;
  // No `globalThis.analytics` fallback: server and mobile SDKs are never globals.
  const instance = typeof given === 'function' ? given() : given;
  const fn = instance?.[event.type];
  if (typeof fn === 'function') return [instance!, fn];
  if (!state.warnedMissing) {
    state.warnedMissing = true;
    console.warn(
      `Platen: no analytics instance; ${describeEvent(event)} was not sent. Call configure({ analytics }).`,
    );
  }
  return undefined;
}

/**
 * Object-form call: validates `message[payloadKey]` (`properties` or `traits`), stamps
 * `message.context`, then calls `instance[event.type](message, callback)`. `message` is a fresh
 * object built by generated code; the caller's own objects are never mutated.
 */
export function sendMessage(
  state: PlatenState,
  event: EventRef,
  message: Record<string, unknown>,
  payloadKey: string,
  callback?: unknown,
  validate?: Validator,
): void {
  if (!check(state, event, message[payloadKey], validate)) return;
  const target = method(state, event);
  if (!target) return;
  const stamped = stamp(state, event, message);
  if (callback === undefined) target[1].call(target[0], stamped);
  else target[1].call(target[0], stamped, callback);
}

/**
 * Positional call without options (React Native): validates `args[payloadIndex]`, puts an
 * enrichment closure at `args[enrichIndex]` that stamps the SDK's event context, then calls
 * `instance[event.type](...args)`.
 */
export function sendEnriched(
  state: PlatenState,
  event: EventRef,
  args: unknown[],
  payloadIndex: number,
  enrichIndex: number,
  validate?: Validator,
): void {
  if (!check(state, event, args[payloadIndex], validate)) return;
  const target = method(state, event);
  if (!target) return;
  args[enrichIndex] = (sdkEvent: Record<string, unknown>) => stamp(state, event, sdkEvent);
  target[1].apply(target[0], args);
}

/**
 * Dev builds: validates the message fields a call assembled (options, ids, payload) against the
 * plan's COMMON rule. Returns whether the call should go on (per `onViolation`).
 */
export function checkCommon(
  state: PlatenState,
  event: EventRef,
  message: Record<string, unknown>,
  validate: Validator,
): boolean {
  return check(state, event, message, validate);
}
