/**
 * What the emitters need to know about one analytics SDK. Every difference between SDKs lives in
 * its profile (one module per SDK in this folder); the emitters read profiles, never SDK names.
 */
import type { Sdk } from '../../compile-types.js';
import type { CallArg, CallForm, CallName, SdkCalls } from './call-forms.js';

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
  /**
   * How each call type the SDK has is made (see `./call-forms.ts`); rules of the other types get
   * types but no function.
   */
  calls: SdkCalls;
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
  /** Fields of `Options` (calls taking options) or of every message (object form); else none. */
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

/** How `profile`'s SDK makes `name` calls, or `undefined` when it has no such call. */
export function callForm(profile: SdkProfile, name: CallName): CallForm | undefined {
  return profile.calls[name];
}

/** Whether some call of `profile`'s SDK takes `arg` (which decides the shared types declared). */
export function sdkTakes(profile: SdkProfile, arg: CallArg): boolean {
  return Object.values(profile.calls).some((form) => form.args.includes(arg));
}
