/**
 * The exported function of one rule, for every SDK call form (see `../sdks/call-forms.ts`). Which
 * SDK is targeted only shows here through the rule's call form; option and instance types are in
 * types.ts.
 *
 * | rule            | positional                          | object (analytics-node)                  | enriched (React Native)  |
 * | --------------- | ----------------------------------- | ---------------------------------------- | ------------------------ |
 * | TRACK, keyed PAGE/SCREEN | `fn(properties, options?, callback?)` | `fn({ properties, userId \| anonymousId, … }, callback?)` | `fn(properties)` |
 * | unkeyed PAGE/SCREEN | `page(name, properties, options?, callback?)` | `page({ name?, properties, … }, callback?)` | `screen(name, properties)` |
 * | IDENTIFY        | `identify(userId?, traits, options?, callback?)` | `identify({ traits, userId \| anonymousId, … }, callback?)` | `identify(userId?, traits)` |
 * | GROUP           | `group(groupId, traits, options?, callback?)` | `group({ groupId, traits, … }, callback?)` | `group(groupId, traits)` |
 */
import type { NamedRule } from '../../naming/types.js';
import {
  arrayLiteral,
  call,
  group,
  ifElse,
  indent,
  line,
  objectOf,
  type Doc,
  type FunctionDecl,
  type Param,
} from '../code.js';
import { cast, type Flavor } from '../dialect.js';
import { stringLiteral } from '../literals.js';
import { callName } from '../functions.js';
import { takes, type CallForm, type SdkProfile } from '../sdks/index.js';
import { functionDoc } from './docs.js';
import { arraySend, callerTail, callerTailDocs, sdkArgs, TAIL_DOCS } from './sdk-args.js';

/** Local names an event module binds, renamed away from the rule's own names (see `./locals.js`). */
export interface CallLocals {
  send: string;
  /** Prod builds: `sdk`, `stamp` and `enrich` from `@platen/runtime/prod`. */
  sdk: string;
  stamp: string;
  enrich: string;
  checkCommon: string;
  state: string;
  validate: string;
  validateCommon: string;
  event: string;
  options: string;
  callback: string;
  identity: string;
  fields: string;
}

/** Everything one rule's function depends on. */
export interface CallInput {
  named: NamedRule;
  profile: SdkProfile;
  /** How the SDK makes the rule's call. */
  form: CallForm;
  flavor: Flavor;
  locals: CallLocals;
  /** The payload argument may be left out. */
  optional: boolean;
  dev: boolean;
  /** Dev builds of plans with a COMMON rule check every call's message fields against it. */
  common: boolean;
}

/** The function, and overload signatures when it has more than one call form. */
export interface CallFunction {
  fn: FunctionDecl;
  overloads: FunctionDecl[];
}

/** `Identity & MessageFields & { members }`, broken after the first `&` as prettier does. */
export function messageTypeDoc(identity: string, fields: string, members: string): Doc {
  return group([identity, ' &', indent([line, `${fields} & { ${members} }`])]);
}

/** The message field that carries the payload: `traits` for identify and group. */
const payloadKey = (named: NamedRule): string =>
  named.rule.type === 'IDENTIFY' || named.rule.type === 'GROUP' ? 'traits' : 'properties';

/** The message field naming the event: `event` for track, `name` for page and screen. */
const nameKey = (named: NamedRule): string => (named.rule.type === 'TRACK' ? 'event' : 'name');

/** Keyed TRACK/PAGE/SCREEN rules: the wire name is fixed by the rule. */
const keyed = (named: NamedRule): boolean => named.rule.key !== null;

/**
 * The statements that run the COMMON check first (dev builds with a COMMON rule), then the send.
 * `send` is an expression, or a statement already ending in `;` or `}` (`statement: true`).
 */
function guarded(input: CallInput, message: Doc, send: Doc, statement = false): Doc[] {
  const last: Doc = statement ? send : [send, ';'];
  if (!(input.dev && input.common)) return [last];
  const { checkCommon, state, event, validateCommon } = input.locals;
  // Object-form calls pass their `fields` const; others name the fields in one first.
  const named = message === 'fields' ? [] : [['const fields = ', message, ';']];
  return [
    ...named,
    ['if (!', call(checkCommon, [state, event, 'fields', validateCommon]), ') return;'],
    last,
  ];
}

/** `key: value`, or the shorthand `key` when the value is a variable of that name. */
const member = (key: string, value: string): string => (key === value ? key : `${key}: ${value}`);

/**
 * The SDK call of prod builds, made directly: `sdk(state, EVENT)?.method(…args)`, where the
 * options or message argument (at `stampIndex`) becomes `stamp(state, EVENT, options)`, or an
 * enrichment slot `enrich(state, EVENT)`. `sdk` returns undefined (warning once) without an
 * instance, and then no argument is evaluated.
 */
function directCall(input: CallInput, args: readonly Doc[], stampIndex: number): Doc {
  const { sdk, stamp, enrich, state, event } = input.locals;
  const stamped = takes(input.form, 'enrichment')
    ? call(enrich, [state, event])
    : call(stamp, [state, event, args[stampIndex]!]);
  // Server and mobile SDKs are never globals: no `globalThis.analytics` fallback for them.
  const own = input.profile.globalDefault ? '' : ', true';
  return call(
    `${sdk}(${state}, ${event}${own})?.${callName(input.named) ?? 'track'}`,
    args.map((arg, i) => (i === stampIndex ? stamped : arg)),
  );
}

/**
 * The SDK call with `name` (`undefined`: left out, as the form's `lead` says) and `payload`:
 * `send(state, EVENT, args, payloadIndex, stampIndex, validate)` (the form's sender) in dev
 * builds; the direct SDK call in prod builds.
 */
function positionalSend(input: CallInput, name: Doc | undefined, payload: Doc): Doc {
  const { send, state, event, validate } = input.locals;
  const built = sdkArgs(input.form, name, payload);
  if (!input.dev) return directCall(input, built.args, built.stampIndex);
  return arraySend(send, state, event, built, [validate]);
}

/** The payload expression sent: `{}` stands in for a left-out payload, as the SDKs send it. */
const payloadValue = (input: CallInput, name: string): string =>
  input.optional ? `${name} ?? {}` : name;

/** The payload parameter. */
function payloadParam(input: CallInput, name: string): Param {
  return { name, type: input.named.names.propertiesType, optional: input.optional };
}

function payloadDoc(input: CallInput, what: string): string {
  const described = input.named.rule.body().payload.description ?? what;
  return `${described}${input.optional ? ' May be left out.' : ''}`;
}

/** What identify and group calls name their id, and how their docs describe it. */
interface IdCall {
  param: 'userId' | 'groupId';
  idDoc: string;
  traitsDoc: string;
  example: string;
}
const USER: IdCall = {
  param: 'userId',
  idDoc: 'The user id.',
  traitsDoc: 'The user traits.',
  example: 'user-1',
};
const GROUP: IdCall = {
  param: 'groupId',
  idDoc: 'The group id.',
  traitsDoc: 'The group traits.',
  example: 'group-1',
};

/**
 * Argument-list calls (every form without a message object): `method(name, payload, …)`.
 * Identify and group calls whose id may be left out (`lead` not `required`) get two overloads,
 * with and without it, told apart at run time by whether the first argument is a string.
 */
function positional(input: CallInput): CallFunction {
  const { named, flavor, locals, form } = input;
  const fnName = named.names.function;
  const tail = callerTail(form, locals);
  const tailDocs = callerTailDocs(form);
  const spreadOptions = takes(form, 'options') ? ['...options'] : [];
  const doc = (params: [string, string][], example: (json: string) => string) =>
    functionDoc({
      rule: named.rule,
      functionName: fnName,
      payloadOptional: input.optional,
      params: [...params, ...tailDocs],
      example,
    });
  const decl = (
    params: Param[],
    body: Doc[],
    docs: [string, string][],
    ex: (j: string) => string,
  ) => ({
    doc: doc(docs, ex),
    name: fnName,
    params: [...params, ...tail],
    returnType: 'void',
    body,
  });

  if (named.rule.type === 'IDENTIFY' || named.rule.type === 'GROUP') {
    const who = named.rule.type === 'IDENTIFY' ? USER : GROUP;
    const id = who.param;
    const traits = payloadValue(input, 'traits');
    const idDoc: [string, string] = [id, who.idDoc];
    const traitsDoc: [string, string] = ['traits', payloadDoc(input, who.traitsDoc)];
    const withIdDecl = (body: Doc[]) =>
      decl(
        [{ name: id, type: 'string' }, payloadParam(input, 'traits')],
        body,
        [idDoc, traitsDoc],
        (json) => `${fnName}('${who.example}', ${json});`,
      );
    if (form.lead === 'required') {
      const send = positionalSend(input, id, traits);
      const message = objectOf([...spreadOptions, id, member('traits', traits)]);
      return { fn: withIdDecl(guarded(input, message, send)), overloads: [] };
    }
    // analytics.js form: `identify(userId, traits, …)` or `identify(traits, …)`, told apart by
    // whether the first argument is a string.
    const withId = positionalSend(input, id, traits);
    const withoutId = positionalSend(input, undefined, traits);
    const tupleType = arrayLiteral([
      'string | undefined',
      `${named.names.propertiesType}${input.optional ? ' | undefined' : ''}`,
      ...tail.map((p) => `${String(p.type)} | undefined`),
    ]);
    const unpack: Doc[] = [
      "const given = typeof args[0] === 'string' ? args : [undefined, ...args];",
      [
        `const [${[id, 'traits', ...tail.map((p) => p.name)].join(', ')}] = `,
        cast(flavor, 'given', tupleType),
        ';',
      ],
    ];
    const message = objectOf([
      ...spreadOptions,
      `...(${id} === undefined ? {} : { ${id} })`,
      member('traits', traits),
    ]);
    const send = ifElse(`${id} === undefined`, [withoutId, ';'], [withId, ';']);
    const body = [...unpack, ...guarded(input, message, send, true)];
    const overloads = [
      withIdDecl([]),
      decl([payloadParam(input, 'traits')], [], [traitsDoc], (json) => `${fnName}(${json});`),
    ];
    const impl: FunctionDecl = {
      name: fnName,
      params: [{ name: 'args', type: 'unknown[]', rest: true }],
      returnType: 'void',
      body,
    };
    return { fn: impl, overloads };
  }

  const props = payloadValue(input, 'properties');
  const propsDoc: [string, string] = ['properties', payloadDoc(input, 'The event properties.')];
  if (keyed(named)) {
    const wire = stringLiteral(named.rule.key ?? '');
    const send = positionalSend(input, wire, props);
    const message = objectOf([
      ...spreadOptions,
      `${nameKey(named)}: ${wire}`,
      member('properties', props),
    ]);
    return {
      fn: decl(
        [payloadParam(input, 'properties')],
        guarded(input, message, send),
        [propsDoc],
        (j) => `${fnName}(${j});`,
      ),
      overloads: [],
    };
  }
  // Unkeyed PAGE/SCREEN: the caller names the page. Without a name, analytics.js-like SDKs take
  // `page(properties, options, callback)`; React Native's screen always needs one.
  const required = form.lead === 'required';
  const nameParam: Param = required
    ? { name: 'name', type: 'string' }
    : { name: 'name', type: 'string | null | undefined' };
  const withName = positionalSend(input, 'name', props);
  const send: Doc = required
    ? [withName, ';']
    : ifElse('name == null', [positionalSend(input, undefined, props), ';'], [withName, ';']);
  const message = objectOf([
    ...spreadOptions,
    '...(name == null ? {} : { name })',
    member('properties', props),
  ]);
  return {
    fn: decl(
      [nameParam, payloadParam(input, 'properties')],
      guarded(input, message, send, true),
      [['name', 'The page or screen name.'], propsDoc],
      (j) => `${fnName}('Home', ${j});`,
    ),
    overloads: [],
  };
}

/** Object-form calls (analytics-node): one message argument, then a callback. */
function objectForm(input: CallInput): CallFunction {
  const { named, locals } = input;
  const fnName = named.names.function;
  const key = payloadKey(named);
  const optional = input.optional ? '?' : '';
  const extra: string[] = [];
  const fixed: string[] = [];
  if (named.rule.type === 'GROUP') extra.push('groupId: string');
  if (named.rule.type === 'PAGE' || named.rule.type === 'SCREEN') {
    if (keyed(named)) fixed.push(`${nameKey(named)}: ${stringLiteral(named.rule.key ?? '')}`);
    else extra.push('name?: string');
    if (named.rule.type === 'PAGE') extra.push('category?: string');
  }
  if (named.rule.type === 'TRACK') fixed.push(`event: ${stringLiteral(named.rule.key ?? '')}`);
  const messageType = messageTypeDoc(
    locals.identity,
    locals.fields,
    [...extra, `${key}${optional}: ${named.names.propertiesType}`].join('; '),
  );
  const built = objectOf([
    '...message',
    ...fixed,
    ...(input.optional ? [`${key}: message.${key} ?? {}`] : []),
  ]);
  const { send, state, event, validate } = locals;
  // The message sender's arguments are the runtime's (`sendMessage(state, EVENT, message, payloadKey,
  // callback, validate)`); the prod call is the SDK's own argument list.
  const direct = sdkArgs(input.form, undefined, 'fields');
  const sendCall = input.dev
    ? call(send, [state, event, 'fields', stringLiteral(key), 'callback', validate])
    : directCall(input, direct.args, direct.stampIndex);
  const body: Doc[] = [['const fields = ', built, ';'], ...guarded(input, 'fields', sendCall)];
  const what = key === 'traits' ? 'traits' : 'properties';
  return {
    fn: {
      doc: functionDoc({
        rule: named.rule,
        functionName: fnName,
        payloadOptional: input.optional,
        params: [
          [
            'message',
            `\`userId\` or \`anonymousId\` (one is required), the ${what}${input.optional ? ' (may be left out)' : ''} and other message fields.`,
          ],
          ['callback', TAIL_DOCS.callback],
        ],
        example: (json) =>
          `${fnName}({ userId: 'user-1', ${named.rule.type === 'GROUP' ? "groupId: 'group-1', " : ''}${key}: ${json} });`,
      }),
      name: fnName,
      params: [
        { name: 'message', type: messageType },
        { name: 'callback', type: locals.callback, optional: true },
      ],
      returnType: 'void',
      body,
    },
    overloads: [],
  };
}

/** The exported function of `input.named` for its call form. */
export function callFunction(input: CallInput): CallFunction {
  return takes(input.form, 'message') ? objectForm(input) : positional(input);
}
