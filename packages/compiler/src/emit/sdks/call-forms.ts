/**
 * The SDK call shapes, held once: for each call an SDK has, the runtime function a dev build sends it
 * through, the module that function comes from, and the arguments the SDK method takes, in order.
 * Each SDK module in this folder picks one form per call type it has (`SdkProfile.calls`); every
 * emitter reads the forms, never an SDK name. An SDK whose methods take these arguments in another
 * order is a new form here, not new emitter code.
 */

/** An analytics call type, as the SDK's method names it. */
export type CallName = 'track' | 'identify' | 'group' | 'page' | 'screen';

/**
 * One argument of an SDK method:
 * - `name`: what the call is about: track's event name, page/screen's name, identify's `userId`,
 *   group's `groupId`;
 * - `payload`: the properties (track, page, screen) or traits (identify, group);
 * - `options`: the caller's options, into whose `context` the runtime stamps Platen's fields;
 * - `callback`: the caller's callback, passed through;
 * - `enrichment`: a closure the runtime puts there, stamping the SDK's own event (React Native);
 * - `message`: one object carrying all of the above as fields, stamped in `message.context`.
 */
export type CallArg = 'name' | 'payload' | 'options' | 'callback' | 'enrichment' | 'message';

/** The runtime function that sends a call in dev builds, and its module. */
export interface Sender {
  /** Exported under the same name by {@link PROD_MODULE}, without validation. */
  name: 'send' | 'sendMessage' | 'sendEnriched';
  module: '@platen/runtime' | '@platen/runtime/message';
}

/**
 * When a call may be made without its `name` (identify's `userId`, an unkeyed page's name):
 * - `required`: it may not (track, group, React Native's `screen`);
 * - `dropped`: it is left out of the arguments, which shift left (analytics.js's `identify(traits)`);
 * - `undefined`: `undefined` is passed in its place (React Native's `identify(undefined, traits)`).
 */
export type LeadingName = 'required' | 'dropped' | 'undefined';

/** How one SDK method is called. */
export interface CallForm {
  sender: Sender;
  /** The method's arguments, in order. */
  args: readonly CallArg[];
  lead: LeadingName;
}

/**
 * Prod builds' one runtime module: every sender without validation, and `sdk`, `stamp`, `enrich`
 * for the calls event modules make to the SDK directly. No validation or violation code at all.
 */
export const PROD_MODULE = '@platen/runtime/prod';

/** The message module: object-form and enriched sends, and the COMMON check of dev builds. */
export const MESSAGE_MODULE = '@platen/runtime/message';

const SEND: Sender = { name: 'send', module: '@platen/runtime' };
const SEND_MESSAGE: Sender = { name: 'sendMessage', module: MESSAGE_MODULE };
const SEND_ENRICHED: Sender = { name: 'sendEnriched', module: MESSAGE_MODULE };

const positional = (lead: LeadingName): CallForm => ({
  sender: SEND,
  args: ['name', 'payload', 'options', 'callback'],
  lead,
});

const enriched = (lead: LeadingName): CallForm => ({
  sender: SEND_ENRICHED,
  args: ['name', 'payload', 'enrichment'],
  lead,
});

/** One message argument, then a callback: every call of `@segment/analytics-node`. */
const MESSAGE: CallForm = { sender: SEND_MESSAGE, args: ['message', 'callback'], lead: 'required' };

/**
 * analytics.js's positional calls, `method(name, payload, options?, callback?)`: identify's `userId`
 * and page/screen's name may be left out, the other arguments then shifting left.
 */
export const SEGMENT_POSITIONAL: Readonly<Record<CallName, CallForm>> = {
  track: positional('required'),
  identify: positional('dropped'),
  group: positional('required'),
  page: positional('dropped'),
  screen: positional('dropped'),
};

/** Object-form calls: `method({ event | name | groupId, properties | traits, userId, … }, callback?)`. */
export const OBJECT_FORM: Readonly<Record<CallName, CallForm>> = {
  track: MESSAGE,
  identify: MESSAGE,
  group: MESSAGE,
  page: MESSAGE,
  screen: MESSAGE,
};

/**
 * Calls without options, `method(name, payload?, enrichment?)`: identify's `userId` may be
 * `undefined`; screen always needs its name.
 */
export const ENRICHED: Readonly<Record<CallName, CallForm>> = {
  track: enriched('required'),
  identify: enriched('undefined'),
  group: enriched('required'),
  page: enriched('required'),
  screen: enriched('required'),
};

/** An SDK's call forms: `track` (every SDK has it: the generic `track` is built on it) and the other call types it has. */
export type SdkCalls = Readonly<{ track: CallForm } & Partial<Record<CallName, CallForm>>>;

/** `forms` restricted to `track` and `others`, the call types an SDK has besides it. */
export function callsOf(
  forms: Readonly<Record<CallName, CallForm>>,
  others: readonly Exclude<CallName, 'track'>[],
): SdkCalls {
  return { track: forms.track, ...Object.fromEntries(others.map((name) => [name, forms[name]])) };
}

/** Whether the method takes `arg`. */
export const takes = (form: CallForm, arg: CallArg): boolean => form.args.includes(arg);
