/**
 * `types.ts`: every payload type (track properties, identify/group traits, page/screen properties, the
 * common message), every named nested type, the `TrackEvents` map, `Options`, `Callback` and
 * `PlatenOptions`. Types only: this module has no runtime code at all.
 */
import type { NamedRule } from '../../naming/types.js';
import { block, importDecl, jsDoc, type Doc } from '../code.js';
import { propertyKey, stringLiteral } from '../literals.js';
import { declaration, typeContext } from './type-printer.js';
import { localName, specifier } from './locals.js';

/** The declarations of `types.ts` and the names they export. */
export interface TypesModule {
  sections: Doc[];
  /** Every exported type name, for `index.ts`. */
  exported: string[];
}

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
    declaration(named.names.propertiesType, named.rule.payload, ctx, [], payloadSentence(named)),
  ];
  const flush = (): void => {
    out.push(...ctx.declarations);
    ctx.declarations.length = 0;
  };
  flush();
  for (const target of Object.keys(named.rule.definitions).sort()) {
    const name = named.names.types[`definition:${target}`];
    const definition = named.rule.definitions[target];
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

/** The `types.ts` module for `rules` (all rule types); `TrackEvents` maps the latest track rules. */
export function typesModule(rules: readonly NamedRule[]): TypesModule {
  const ownNames = new Set(rules.flatMap(declaredNames));
  const analyticsLike = localName('AnalyticsLike', ownNames);
  const onViolation = localName('OnViolation', ownNames);
  const runtimeImports = [
    specifier('AnalyticsLike', analyticsLike),
    specifier('OnViolation', onViolation),
  ];
  const latestTrack = rules.filter((n) => n.rule.type === 'TRACK' && n.rule.latest);
  const trackEvents = latestTrack.map((n) => [
    propertyKey(n.rule.key ?? ''),
    ': ',
    n.names.propertiesType,
    ';',
  ]);
  const fixed: Doc[] = [
    [
      jsDoc({
        paragraphs: ['Every planned track event: wire name → properties (latest version).'],
      }),
      'export interface TrackEvents ',
      block(trackEvents),
    ],
    [
      jsDoc({ paragraphs: ['A planned track event name.'] }),
      'export type EventName = keyof TrackEvents;',
    ],
    [
      jsDoc({ paragraphs: ['Options passed through to the analytics SDK call.'] }),
      'export interface Options ',
      block([
        'context?: Record<string, unknown>;',
        'integrations?: Record<string, unknown>;',
        'timestamp?: Date | string;',
        'anonymousId?: string;',
        'userId?: string;',
        '[key: string]: unknown;',
      ]),
    ],
    [
      jsDoc({
        paragraphs: [
          "Called by the analytics SDK once it has handled the call, with the SDK's own context.",
          'Declared as a method type so that callbacks typed with the SDK context type fit.',
        ],
      }),
      'export type Callback = ',
      block(['bivarianceHack(context: unknown): unknown;']),
      "['bivarianceHack'];",
    ],
    [
      jsDoc({
        paragraphs: ['What `configure` accepts. Fields left out keep their current value.'],
      }),
      'export interface PlatenOptions ',
      block([
        [
          jsDoc({
            paragraphs: ['The analytics instance, or a function returning it when called.'],
          }),
          `analytics?: ${analyticsLike} | (() => ${analyticsLike} | undefined);`,
        ],
        [
          jsDoc({ paragraphs: ['What to do with an invalid payload (dev builds only).'] }),
          `onViolation?: ${onViolation};`,
        ],
      ]),
    ],
  ];
  const declared: string[] = [];
  const sections: Doc[] = [
    importDecl(runtimeImports, '@platen/runtime', true),
    ...rules.flatMap((named) => ruleDeclarations(named, declared)),
    ...fixed,
  ];
  const exported = [
    ...declared,
    'TrackEvents',
    'EventName',
    'Options',
    'Callback',
    'PlatenOptions',
  ];
  return { sections, exported: exported.sort() };
}
