/**
 * What the emitters derive from an SDK call form (`../sdks/call-forms.ts`): the argument list of the
 * SDK call, the caller's trailing parameters, and the runtime call that sends it. Event functions,
 * the generic `track` and the `page`/`screen` fallbacks all build their calls here.
 */
import { arrayLiteral, call, type Doc, type Param } from '../code.js';
import { takes, type CallArg, type CallForm } from '../sdks/index.js';

/** An SDK call's arguments, and where the payload and the stamped argument are among them. */
export interface SdkArgs {
  args: Doc[];
  payloadIndex: number;
  /** The argument the runtime stamps: options, message or enrichment slot. */
  stampIndex: number;
}

/** Arguments the caller passes through unchanged, by the local names they are bound to. */
const PASSED: Partial<Record<CallArg, string>> = {
  options: 'options',
  callback: 'callback',
  message: 'fields',
};

/** The arguments the runtime stamps (or fills in) before the SDK sees them. */
const STAMPED: readonly CallArg[] = ['options', 'message', 'enrichment'];

/**
 * The argument list of `form`'s SDK call with `name` and `payload` as given; `name` `undefined`
 * means the caller left it out, which the form's `lead` turns into no argument or `undefined`.
 * The enrichment slot is `undefined` until the runtime fills it in.
 */
export function sdkArgs(form: CallForm, name: Doc | undefined, payload: Doc): SdkArgs {
  const args: Doc[] = [];
  let payloadIndex = -1;
  let stampIndex = -1;
  for (const arg of form.args) {
    if (arg === 'name') {
      if (name !== undefined) args.push(name);
      else if (form.lead !== 'dropped') args.push('undefined');
      continue;
    }
    if (arg === 'payload') payloadIndex = args.length;
    if (STAMPED.includes(arg)) stampIndex = args.length;
    args.push(arg === 'payload' ? payload : (PASSED[arg] ?? 'undefined'));
  }
  return { args, payloadIndex, stampIndex };
}

/** Names of the types the caller's trailing parameters are declared with. */
export interface TailTypes {
  options: string;
  callback: string;
}

/** The caller's optional parameters after the payload: `options?`, `callback?` where the SDK takes them. */
export function callerTail(form: CallForm, types: TailTypes): Param[] {
  return (['options', 'callback'] as const)
    .filter((arg) => takes(form, arg))
    .map((arg) => ({ name: arg, type: types[arg], optional: true }));
}

/** JSDoc `@param` text of the trailing parameters. */
export const TAIL_DOCS = {
  options: 'Options passed through to the analytics SDK.',
  callback: 'Called by the analytics SDK once the event is handled.',
} as const;

/** `@param` lines for {@link callerTail}'s parameters. */
export function callerTailDocs(form: CallForm): [string, string][] {
  return (['options', 'callback'] as const)
    .filter((arg) => takes(form, arg))
    .map((arg) => [arg, TAIL_DOCS[arg]]);
}

/**
 * The runtime send of an argument-list form: `send(state, EVENT, [args], payloadIndex,
 * stampIndex, ...rest)` (or `sendEnriched`, by the form's sender, bound to `send`).
 */
export function arraySend(
  send: string,
  state: string,
  event: Doc,
  built: SdkArgs,
  rest: readonly Doc[] = [],
): Doc {
  return call(send, [
    state,
    event,
    arrayLiteral(built.args),
    String(built.payloadIndex),
    String(built.stampIndex),
    ...rest,
  ]);
}
