/**
 * `@platen/runtime/message`: sends for SDKs whose calls are not `method(...args, options)`, and the
 * COMMON-rule check. Kept out of the main entry so browser clients of positional SDKs do not pay for it.
 *
 * - {@link sendMessage}: object-form SDKs (`@segment/analytics-node`: `track({ event, properties, userId, context })`).
 * - {@link sendEnriched}: SDKs with no options argument but an enrichment closure (React Native's
 *   `track(event, properties, enrichment)`), which stamps the context on the SDK's own event.
 * - {@link checkCommon}: validates the message fields a caller assembled against the plan's COMMON rule.
 */
import { sendEnriched as sendEnrichedProd, sendMessage as sendMessageProd } from './prod.js';
import { onViolation } from './send.js';
import type { EventRef, PlatenState, Validator } from './types.js';

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
  if (check(state, event, message[payloadKey], validate))
    sendMessageProd(state, event, message, payloadKey, callback);
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
  if (check(state, event, args[payloadIndex], validate))
    sendEnrichedProd(state, event, args, payloadIndex, enrichIndex);
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
