/**
 * `types.ts`: every payload type (track properties, identify/group traits, page/screen properties, the
 * common message), every named nested type, the `TrackEvents` map, `Options`, `Callback` and
 * `PlatenOptions`. Types only: this module has no runtime code at all.
 */
import type { NamedRule } from '../../naming/types.js';
import {
  block,
  call,
  group,
  hardline,
  ifBreak,
  importDecl,
  indent,
  isEmptyDoc,
  jsDoc,
  line,
  printDoc,
  type Doc,
} from '../code.js';
import { GENERATED_BANNER } from '../banner.js';
import { sdkTakes, type OptionField, type SdkProfile } from '../sdks/index.js';
import { propertyKey, stringLiteral } from '../literals.js';
import { declaration, typeContext } from './type-printer.js';
import { localName, specifier } from './locals.js';

/** The text of `types.ts` and the names it exports. */
export interface TypesModule {
  text: string;
  /** Every exported type name, for `index.ts`. */
  exported: string[];
}

/** One rule's declarations in `types.ts`, printed, and the names they export (in declaration order). */
export interface RuleTypes {
  text: string;
  exported: string[];
}

/**
 * Top-level statements as `printFile` lays them out after the banner: each one on its own, a blank
 * line between. Printed one by one, so a file is the concatenation of its parts' texts and a rule's
 * part can be kept from the last build (each statement ends in a hard line break, so no layout
 * decision looks past it).
 */
function printStatements(statements: readonly Doc[]): string {
  let text = '';
  for (const statement of statements)
    if (!isEmptyDoc(statement)) text += '\n' + printDoc(statement) + '\n';
  return text;
}

/** Prints one rule's declarations (see {@link RuleTypes}). */
export function printRuleTypes(named: NamedRule): RuleTypes {
  const exported: string[] = [];
  const text = printStatements(ruleDeclarations(named, exported));
  return { text, exported };
}

/**
 * How {@link typesModule} gets a rule's printed declarations: by default it prints them; an
 * incremental build passes a hook that returns the last build's text for an unchanged rule.
 */
export type RuleTypesSource = (
  named: NamedRule,
  print: (named: NamedRule) => RuleTypes,
  /** Where the rule's text starts in the file (UTF-16 code units). */
  at: number,
) => RuleTypes;

const CALL_DESCRIPTIONS: Record<string, string> = {
  TRACK: 'Properties of the track event',
  PAGE: 'Properties of the page',
  SCREEN: 'Properties of the screen',
  IDENTIFY: 'Traits of identify calls',
  GROUP: 'Traits of group calls',
  COMMON: 'Fields every message may carry',
};

/** Who the payload type is for, e.g. `Properties of the track event "Order Completed" (version 2).` */
function payloadSentence(named: NamedRule): string {
  const { rule } = named;
  const key = rule.key === null ? '' : ` ${stringLiteral(rule.key)}`;
  return `${CALL_DESCRIPTIONS[rule.type] ?? 'Payload'}${key} (version ${String(rule.version)}).`;
}

/** One rule's payload type, then its nested types, then its `$ref` definitions; `names` collects their names. */
function ruleDeclarations(named: NamedRule, names: string[]): Doc[] {
  const ctx = typeContext(named);
  const out: Doc[] = [
    declaration(
      named.names.propertiesType,
      named.rule.body().payload,
      ctx,
      [],
      payloadSentence(named),
    ),
  ];
  const flush = (): void => {
    out.push(...ctx.declarations);
    ctx.declarations.length = 0;
  };
  flush();
  const { definitions } = named.rule.body();
  for (const target of Object.keys(definitions).sort()) {
    const name = named.names.types[`definition:${target}`];
    const definition = definitions[target];
    if (name === undefined || definition === undefined) continue;
    out.push(declaration(name, definition.node, ctx));
    flush();
  }
  names.push(...ctx.exported);
  return out;
}

/** Names a declaration exports (`export interface X`, `export type X`), read off the rule's names. */
function declaredNames(named: NamedRule): string[] {
  return [named.names.propertiesType, ...Object.values(named.names.types)];
}

/**
 * Names of the object-form message types. Naming does not reserve them, so a plan type that took
 * one pushes ours to `Identity2`…; every module imports them under these names.
 */
export interface SharedTypeNames {
  identity: string;
  fields: string;
  trackMessage: string;
  /** `TrackEvents` split in two, for the generic `track`'s two signatures. */
  requiredEvents: string;
  optionalEvents: string;
  /** `TrackProperties<Events, E>`: an event's properties as the generic `track` takes them. */
  trackProperties: string;
}

/** Picks {@link SharedTypeNames} clear of every type name the rules declare. */
export function sharedTypeNames(rules: readonly NamedRule[]): SharedTypeNames {
  const taken = new Set(rules.flatMap(declaredNames));
  return {
    identity: localName('Identity', taken),
    fields: localName('MessageFields', taken),
    trackMessage: localName('TrackMessage', taken),
    requiredEvents: localName('TrackEventsRequired', taken),
    optionalEvents: localName('TrackEventsOptional', taken),
    trackProperties: localName('TrackProperties', taken),
  };
}

/** True when the generic `track` may leave this event's properties out (none is required). */
export function propertiesOptional(named: NamedRule): boolean {
  return named.rule.payloadOptional;
}

/** The COMMON rule's fields that the caller can pass (in options or the message), by name. */
function commonFields(common: NamedRule | undefined): Set<string> {
  const payload = common?.rule.body().payload;
  if (payload?.kind !== 'object') return new Set();
  return new Set(payload.properties.map((p) => p.name));
}

/** `name?: type;` lines of `Options` / `MessageFields`, typed by the COMMON rule where it speaks. */
function fieldLines(
  fields: readonly OptionField[],
  common: NamedRule | undefined,
  skip: readonly string[] = [],
): Doc[] {
  const typedByCommon = commonFields(common);
  return fields
    .filter((f) => !skip.includes(f.name))
    .map((f) => {
      // The SDKs fill `context` with their own keys, and COMMON validators leave it open: the
      // planned keys are typed, others stay allowed.
      const planned = `${common?.names.propertiesType}[${stringLiteral(f.name)}]`;
      const type = !typedByCommon.has(f.name)
        ? f.type
        : f.name === 'context'
          ? `${planned} & Record<string, unknown>`
          : planned;
      return `${propertyKey(f.name)}?: ${type};`;
    });
}

/** The id of an object-form message: `userId`, typed by the COMMON rule when it constrains it. */
function idType(name: string, common: NamedRule | undefined): string {
  return commonFields(common).has(name)
    ? `Exclude<${common!.names.propertiesType}[${stringLiteral(name)}], undefined>`
    : 'string';
}

/** Declarations that depend on the SDK's call forms: options, callback, message types. */
function callTypes(
  profile: SdkProfile,
  common: NamedRule | undefined,
  shared: SharedTypeNames,
): Doc[] {
  const out: Doc[] = [];
  if (sdkTakes(profile, 'options')) {
    out.push([
      jsDoc({ paragraphs: ['Options passed through to the analytics SDK call.'] }),
      'export interface Options ',
      block([
        ...fieldLines(profile.options, common),
        ...(profile.openOptions ? ['[key: string]: unknown;'] : []),
      ]),
    ]);
  }
  if (sdkTakes(profile, 'message')) {
    const userId = idType('userId', common);
    const anonymousId = idType('anonymousId', common);
    out.push(
      [
        jsDoc({
          paragraphs: [
            'Who the message is about: `userId`, `anonymousId` or both. Leaving both out is a type error.',
          ],
        }),
        `export type ${shared.identity} =`,
        // One line when it fits, else one member per line with leading `|`, as prettier prints unions.
        group([
          indent([
            line,
            group([
              ifBreak('| '),
              `{ userId: ${userId}; anonymousId?: ${anonymousId} }`,
              line,
              `| { userId?: ${userId}; anonymousId: ${anonymousId} }`,
            ]),
          ]),
          ';',
        ]),
      ],
      [
        jsDoc({ paragraphs: ['Message fields every call may carry besides its payload.'] }),
        `export interface ${shared.fields} `,
        block(fieldLines(profile.options, common)),
      ],
      [
        jsDoc({
          paragraphs: [
            'The message of the generic `track`: a planned event name, its properties and ids.',
          ],
        }),
        `export type ${shared.trackMessage}<E extends EventName> = ${shared.identity} &`,
        indent([
          hardline,
          `${shared.fields} & { event: E } & ([E] extends [keyof ${shared.optionalEvents}]`,
          indent([
            hardline,
            `? { properties?: ${shared.trackProperties}<TrackEvents, E> }`,
            hardline,
            `: { properties: ${shared.trackProperties}<TrackEvents, E> });`,
          ]),
        ]),
      ],
    );
  }
  if (profile.callbackParams !== undefined) {
    out.push([
      jsDoc({
        paragraphs: [
          "Called by the analytics SDK once it has handled the call, with the SDK's own context.",
          'Declared as a method type so that callbacks typed with the SDK context type fit.',
        ],
      }),
      'export type Callback = ',
      block([`bivarianceHack(${profile.callbackParams}): unknown;`]),
      "['bivarianceHack'];",
    ]);
  }
  return out;
}

/** The `types` module for `rules` (all rule types); `TrackEvents` maps the latest track rules. */
export function typesModule(
  rules: readonly NamedRule[],
  profile: SdkProfile,
  shared: SharedTypeNames,
  source: RuleTypesSource = (named, print) => print(named),
): TypesModule {
  const ownNames = new Set(rules.flatMap(declaredNames));
  const analyticsLike = localName('AnalyticsLike', ownNames);
  const onViolation = localName('OnViolation', ownNames);
  const instance = profile.instance === undefined ? analyticsLike : 'AnalyticsInstance';
  const runtimeImports = [
    ...(profile.instance === undefined ? [specifier('AnalyticsLike', analyticsLike)] : []),
    specifier('OnViolation', onViolation),
  ];
  const common = rules.find((n) => n.rule.type === 'COMMON' && n.rule.latest);
  const latestTrack = rules.filter((n) => n.rule.type === 'TRACK' && n.rule.latest);
  const trackEvents = (optional: boolean): Doc[] =>
    latestTrack
      .filter((n) => propertiesOptional(n) === optional)
      .map((n) => [propertyKey(n.rule.key ?? ''), ': ', n.names.propertiesType, ';']);
  const required = profile.globalDefault ? '?' : '';
  // Two maps rather than one with a conditional type over it: the generic `track` has one
  // signature per map, so neither the compiler nor the editor ever evaluates a type over every event.
  const fixed: Doc[] = [
    [
      jsDoc({
        paragraphs: [
          'Planned track events with a required property: wire name → properties (latest version).',
        ],
      }),
      `export interface ${shared.requiredEvents} `,
      block(trackEvents(false)),
    ],
    [
      jsDoc({
        paragraphs: [
          'Planned track events whose properties may be left out: wire name → properties (latest version).',
        ],
      }),
      `export interface ${shared.optionalEvents} `,
      block(trackEvents(true)),
    ],
    [
      jsDoc({
        paragraphs: ['Every planned track event: wire name → properties (latest version).'],
      }),
      `export interface TrackEvents extends ${shared.requiredEvents}, ${shared.optionalEvents} {}`,
    ],
    [
      jsDoc({ paragraphs: ['A planned track event name.'] }),
      'export type EventName = keyof TrackEvents;',
    ],
    [
      jsDoc({
        paragraphs: [
          'The properties of the track event `E` of `Events` (`TrackEvents` or a part of it), as the generic `track` takes them: the same as `Events[E]`, key by key.',
        ],
      }),
      // A mapped type, not `Events[E]` itself: while a call's event is not inferred yet, the checker
      // types the properties literal against it as it is, instead of against the union of every
      // event's properties (seconds per editor request at 5,000 events). `Events` is a parameter so
      // that each `track` signature indexes its own map (no check of one map's names against another's).
      `export type ${shared.trackProperties}<Events, E extends keyof Events> = `,
      block(['[K in keyof Events[E]]: Events[E][K];']),
      ';',
    ],
    ...callTypes(profile, common, shared),
    ...(profile.instance === undefined
      ? []
      : [
          [
            jsDoc({
              paragraphs: [`What \`configure\` accepts as the instance: ${profile.title}.`],
            }),
            'export interface AnalyticsInstance ',
            block(profile.instance.map((m) => [call(m.name, m.params), `: ${m.returns};`])),
          ],
        ]),
    [
      jsDoc({
        paragraphs: [
          'What `configure` accepts. Fields left out keep their current value.',
          ...(profile.globalDefault
            ? []
            : ['`analytics` is required: this SDK has no global instance to fall back to.']),
        ],
      }),
      'export interface PlatenOptions ',
      block([
        [
          jsDoc({
            paragraphs: ['The analytics instance, or a function returning it when called.'],
          }),
          `analytics${required}: ${instance} | (() => ${instance} | undefined);`,
        ],
        [
          jsDoc({ paragraphs: ['What to do with an invalid payload (dev builds only).'] }),
          `onViolation?: ${onViolation};`,
        ],
      ]),
    ],
  ];
  const declared: string[] = [];
  // Pieces joined once (`+=` over thousands of rules builds a deep rope of strings).
  const parts: string[] = [GENERATED_BANNER, '\n'];
  parts.push(printStatements([importDecl(runtimeImports, '@platen/runtime', true)]));
  let at = parts.reduce((n, part) => n + part.length, 0);
  for (const named of rules) {
    const own = source(named, printRuleTypes, at);
    parts.push(own.text);
    at += own.text.length;
    for (const name of own.exported) declared.push(name);
  }
  parts.push(printStatements(fixed));
  const exported = [
    ...declared,
    'TrackEvents',
    shared.requiredEvents,
    shared.optionalEvents,
    shared.trackProperties,
    'EventName',
    ...(sdkTakes(profile, 'options') ? ['Options'] : []),
    ...(sdkTakes(profile, 'message') ? [shared.identity, shared.fields, shared.trackMessage] : []),
    ...(profile.callbackParams !== undefined ? ['Callback'] : []),
    ...(profile.instance === undefined ? [] : ['AnalyticsInstance']),
    'PlatenOptions',
  ];
  return { text: parts.join(''), exported: exported.sort() };
}
