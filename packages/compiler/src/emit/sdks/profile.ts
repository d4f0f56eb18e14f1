/**
 * What the emitters need to know about one analytics SDK. Every difference between SDKs lives in
 * its profile (one module per SDK in this folder); the emitters read profiles, never SDK names.
 */
import type { Sdk } from '../../compile-types.js';

/** An analytics call type, as the SDK's method names it. */
export type CallName = 'track' | 'identify' | 'group' | 'page' | 'screen';

/**
 * How the SDK takes a call:
 * - `positional`: `track(event, properties, options, callback)`, `identify(userId?, traits, …)`,
 *   `group(groupId, traits, …)`, `page(name, properties, …)`, `screen(name, properties, …)`;
 *   the context stamp goes into `options.context` (runtime `send`).
 * - `object`: `track({ event, properties, userId | anonymousId, context, … }, callback)`; the
 *   stamp goes into `message.context` (runtime `sendMessage`).
 * - `enriched`: positional without options, `track(event, properties, enrichment)`; the stamp is
 *   applied by an enrichment closure on the SDK's own event (runtime `sendEnriched`).
 */
export type CallShape = 'positional' | 'object' | 'enriched';

/** One field of the caller-facing `Options` (positional) or message (object) type. */
export interface OptionField {
  name: string;
  /** Its type when no COMMON rule types it. */
  type: string;
  doc: string;
}

/** One method of the SDK instance type: `name(params): returns;`. */
export interface InstanceMethod {
  name: string;
  params: readonly string[];
  returns: string;
}

/** One SDK's call shapes, default instance and option types. */
export interface SdkProfile {
  sdk: Sdk;
  /** Named in docs: `Segment's analytics-next`. */
  title: string;
  shape: CallShape;
  /** The call types the SDK has; rules of other types get types but no function. */
  calls: readonly CallName[];
  /**
   * True when `configure` may leave `analytics` out: the runtime then uses the global `analytics`
   * (the browser snippet). False makes `analytics` required in `configure`'s first call type.
   */
  globalDefault: boolean;
  /**
   * Members of the `AnalyticsInstance` interface `configure` accepts (method signatures), or
   * `undefined` to accept the runtime's `AnalyticsLike` (any object with some of the methods).
   */
  instance?: readonly InstanceMethod[];
  /** Fields of `Options` (positional) or of every message (object); none for `enriched`. */
  options: readonly OptionField[];
  /** `Options` also accepts other keys (the SDK passes unknown options through). */
  openOptions: boolean;
  /** Parameters of the SDK's callback, e.g. `context: unknown`; `undefined` when calls take none. */
  callbackParams?: string;
}

/** Fields analytics.js, analytics-next and generic SDKs accept in `options`. */
export const SEGMENT_OPTIONS: readonly OptionField[] = [
  { name: 'context', type: 'Record<string, unknown>', doc: 'Merged into the message context.' },
  { name: 'integrations', type: 'Record<string, unknown>', doc: 'Destinations to send to.' },
  { name: 'timestamp', type: 'Date | string', doc: 'When the event happened.' },
  { name: 'anonymousId', type: 'string', doc: 'Overrides the anonymous id.' },
  { name: 'userId', type: 'string', doc: 'Overrides the user id.' },
];
