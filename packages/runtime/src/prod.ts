/**
 * `@platen/runtime/prod`: all a production client calls. No validation and no violation text, so a
 * prod bundle carries none of it. Generated code calls the SDK method itself, e.g.
 * `sdk(state, EVENT)?.track('Order Completed', properties, stamp(state, EVENT, options), callback)`:
 * no argument array, no `apply`.
 */
import { describeEvent } from './messages.js';
import type { AnalyticsLike, CallType, EventRef, PlatenState } from './types.js';

/** An SDK instance as returned by {@link sdk}: the method for the event's call type exists. */
export type Sdk = Record<CallType, (...args: unknown[]) => unknown>;

/** Options (or a whole message) as the runtime reads them: any object, maybe with a `context`. */
export type Options = Record<string, unknown> & { context?: Record<string, unknown> };

type Stamp = NonNullable<PlatenState['stamp']>;

// `context.protocols` of uncustomized calls, one object per version number (see `stamp`).
const PROTOCOLS: { event_version: number }[] = [];

/**
 * The analytics instance to call for `event`: the configured one (or a getter's result), else
 * `globalThis.analytics` unless `own` is set (server and mobile SDKs are never globals). Returns
 * `undefined` when it has no method for the call type, warning once per state.
 */
export function sdk(state: PlatenState, event: EventRef, own?: boolean): Sdk | undefined {
  const given = state.analytics;
  const instance: AnalyticsLike | undefined =
    (typeof given === 'function' ? given() : given) ??
    (own ? undefined : (globalThis as { analytics?: AnalyticsLike }).analytics);
  if (typeof instance?.[event.type] === 'function') return instance as Sdk;
  if (!state.warnedMissing) {
    state.warnedMissing = true;
    console.warn(
      `Platen: no analytics instance; ${describeEvent(event)} was not sent. Call configure({ analytics }).`,
    );
  }
  return undefined;
}

/**
 * A copy of the caller's options (or message) with `context.platen` and the event version stamped
 * in; the caller's objects are never mutated. The options and context objects are new on every
 * call (SDKs write into them: analytics-next adds `context.page`); the `platen` and `protocols`
 * leaves of a call without caller context are shared constants, which no SDK writes to.
 */
export function stamp(state: PlatenState, event: EventRef, given?: unknown): Options {
  const platen: Stamp = (state.stamp ??= { language: state.language, version: state.version });
  const version = event.version >= 1 ? event.version : 0;
  // The common case, no caller options: build the object directly, no spreads.
  if (!given) {
    return {
      context: version
        ? { platen, protocols: (PROTOCOLS[version] ??= { event_version: version }) }
        : { platen },
    };
  }
  const caller = given as Options;
  // Spreading a non-object context or protocols (bad caller data) yields {} or junk keys, never a crash.
  const merged: Record<string, unknown> = { ...caller.context, platen };
  if (version)
    merged.protocols = { ...(caller.context?.protocols as object), event_version: version };
  return { ...caller, context: merged };
}

/** The enrichment closure React Native's calls take: stamps the SDK's own event. */
export function enrich(
  state: PlatenState,
  event: EventRef,
): (sdkEvent: Record<string, unknown>) => Options {
  return (sdkEvent) => stamp(state, event, sdkEvent);
}

/**
 * The argument-array form of {@link sdk} and {@link stamp}, with the signature of the main entry's
 * `send` minus the validator: stamps `args[optionsIndex]` and calls `instance[event.type](...args)`.
 * For generated code that forwards a caller's arguments (the generic `track`, `page`, `screen`).
 */
export function send(
  state: PlatenState,
  event: EventRef,
  args: unknown[],
  _payloadIndex: number,
  optionsIndex: number,
): void {
  const instance = sdk(state, event);
  if (instance) {
    args[optionsIndex] = stamp(state, event, args[optionsIndex]);
    instance[event.type](...args);
  }
}

/** `@platen/runtime/message`'s `sendMessage` minus the validator (object-form SDKs). */
export function sendMessage(
  state: PlatenState,
  event: EventRef,
  message: Record<string, unknown>,
  _payloadKey: string,
  callback?: unknown,
): void {
  const instance = sdk(state, event, true);
  if (!instance) return;
  const stamped = stamp(state, event, message);
  if (callback === undefined) instance[event.type](stamped);
  else instance[event.type](stamped, callback);
}

/** `@platen/runtime/message`'s `sendEnriched` minus the validator (React Native). */
export function sendEnriched(
  state: PlatenState,
  event: EventRef,
  args: unknown[],
  _payloadIndex: number,
  enrichIndex: number,
): void {
  const instance = sdk(state, event, true);
  if (!instance) return;
  args[enrichIndex] = enrich(state, event);
  instance[event.type](...args);
}
