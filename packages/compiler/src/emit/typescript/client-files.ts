/**
 * The client's fixed modules: `state` (settings and `configure`), `track` (the generic `track`,
 * typed by `TrackEvents`), `page`/`screen` (untyped generic calls when the plan has no unkeyed
 * PAGE/SCREEN rule) and `index` (named re-exports only: no default export, no `Proxy`).
 */
import type { NamedRule } from '../../naming/types.js';
import {
  call,
  group,
  hardline,
  ifElse,
  indent,
  line,
  lines,
  objectLiteral,
  objectOf,
  softline,
  type Doc,
  type FunctionDecl,
  type Param,
} from '../code.js';
import { constOf, functionOf, importOf, reExportOf, type Flavor } from '../dialect.js';
import { propertyKey, stringLiteral } from '../literals.js';
import { compareText } from '../../order.js';
import { PROD_MODULE, takes, type CallForm, type SdkProfile } from '../sdks/index.js';
import type { EmitOptions } from '../target.js';
import { messageTypeDoc } from './calls.js';
import { localName, specifier } from './locals.js';
import { arraySend, callerTail, callerTailDocs, sdkArgs } from './sdk-args.js';
import type { SharedTypeNames } from './types-file.js';

/** `state`: one `const` object (no side effects at load) and `configure`, which fills it in. */
export function stateModule(options: EmitOptions, flavor: Flavor): Doc[] {
  const state = objectLiteral([
    ['language', stringLiteral(options.language)],
    ['version', stringLiteral(options.platenVersion)],
  ]);
  const setField = (field: string): Doc => [
    `if (options.${field} !== undefined) {`,
    indent([hardline, `state.${field} = options.${field};`]),
    hardline,
    '}',
  ];
  return [
    lines([
      importOf(flavor, ['PlatenState'], '@platen/runtime', true),
      importOf(flavor, ['PlatenOptions'], './types.js', true),
    ]),
    constOf(flavor, {
      doc: [
        '/** The client settings every call passes to the runtime; only `configure` changes them. */',
        hardline,
      ],
      name: 'state',
      type: 'PlatenState',
      value: state,
      exported: true,
    }),
    functionOf(flavor, {
      doc: {
        paragraphs: [
          'Sets the analytics instance (or a function returning it) and what to do with invalid payloads.',
          'Fields left out keep their current value. Call it once, before the first event.',
        ],
      },
      name: 'configure',
      params: [{ name: 'options', type: 'PlatenOptions' }],
      returnType: 'void',
      body: [setField('analytics'), setField('onViolation')],
    }),
  ];
}

const TRACK_DOC = {
  paragraphs: [
    'Tracks any planned event by its name: the editor completes the name, then its properties.',
    'Properties may be left out exactly when the event has no required property.',
  ],
};

/** The SDK's trailing `options?, callback?` parameters, where it takes them. */
const sdkTail = (form: CallForm): Param[] =>
  callerTail(form, { options: 'Options', callback: 'Callback' });

/** The types a module's calls of `form` name: `Callback`, the message types, `Options`. */
function callTypeNames(form: CallForm, shared: SharedTypeNames): string[] {
  return [
    ...(takes(form, 'callback') ? ['Callback'] : []),
    ...(takes(form, 'message') ? [shared.identity, shared.fields] : []),
    ...(takes(form, 'options') ? ['Options'] : []),
  ];
}

/** `EVENTS`' keys: `__proto__` is computed, as a plain `__proto__:` would set the prototype instead. */
function tableKey(wire: string): string {
  return wire === '__proto__' ? `[${stringLiteral(wire)}]` : propertyKey(wire);
}

/**
 * The generic `track`, dispatching planned names to their event functions.
 *
 * Shaped for the type checker at thousands of events: two overloads (events with a required
 * property, events without), each a plain signature over one map, instead of a conditional type
 * over every event; properties typed by the mapped `TrackProperties` (see `types.ts`); and a
 * lookup table typed `Record<string, unknown>` instead of a `switch`, whose thousands of `case`s
 * the checker narrows one by one. Planned names are own keys of the table; any other name (only
 * untyped callers can pass one) is sent unvalidated with version 0.
 */
export function trackModule(
  latestTrack: readonly NamedRule[],
  profile: SdkProfile,
  flavor: Flavor,
  shared: SharedTypeNames,
  dev = true,
): Doc[] {
  const functions = new Set(latestTrack.map((n) => n.names.function));
  const form = profile.calls.track;
  const object = takes(form, 'message');
  const { name: sender, module: from } = form.sender;
  const send = localName(sender, functions);
  const state = localName('state', functions);
  const table = localName('EVENTS', functions);
  const { requiredEvents, optionalEvents, trackProperties } = shared;
  const typeNames = [
    ...callTypeNames(form, shared),
    optionalEvents,
    requiredEvents,
    trackProperties,
  ];
  const imports: Doc[] = [
    importOf(flavor, [specifier(sender, send)], dev ? from : PROD_MODULE),
    importOf(flavor, [specifier('state', state)], './state.js'),
    importOf(flavor, typeNames, './types.js', true),
    ...latestTrack.map((n) => importOf(flavor, [n.names.function], `./events/${n.names.file}.js`)),
  ];
  const events = constOf(flavor, {
    // A line comment: the `.d.ts` rendering leaves the table out, and its JSDoc must match.
    doc: ['// The event function of every planned track event, by wire name.', hardline],
    name: table,
    type: 'Record<string, unknown>',
    value: objectLiteral(latestTrack.map((n) => [tableKey(n.rule.key ?? ''), n.names.function])),
    exported: false,
  });
  const name = object ? 'message.event' : 'event';
  const unplannedRef = objectLiteral([
    ['type', stringLiteral('track')],
    ['name', name],
    ['version', '0'],
  ]);
  const unplannedSend = object
    ? call(send, [state, unplannedRef, objectOf(['...message']), "'properties'", 'callback'])
    : arraySend(send, state, unplannedRef, sdkArgs(form, 'event', 'properties ?? {}'));
  // What the event function of a planned name takes: the caller's arguments but the event name.
  const forwarded = object
    ? ['message', 'callback']
    : ['properties', ...sdkTail(form).map((p) => p.name)];
  const body: Doc[] = [
    [
      // Printed as prettier breaks a long condition: one operand per line.
      'if (',
      group([
        indent([
          softline,
          `typeof ${name} === 'string' &&`,
          line,
          `Object.prototype.hasOwnProperty.call(${table}, ${name})`,
        ]),
        softline,
      ]),
      ') {',
      indent([
        hardline,
        call(
          flavor.dialect === 'ts'
            ? `(${table}[${name}] as (...args: unknown[]) => void)`
            : `${table}[${name}]`,
          forwarded,
        ),
        ';',
        hardline,
        'return;',
      ]),
      hardline,
      '}',
    ],
    '// Only untyped callers get here: the event is not in the plan, so it has no version (0).',
    [unplannedSend, ';'],
  ];
  const signature = (optional: boolean): FunctionDecl => {
    const events = optional ? optionalEvents : requiredEvents;
    const properties = `${trackProperties}<${events}, E>`;
    if (object) {
      const member = optional ? `properties?: ${properties}` : `properties: ${properties}`;
      return {
        doc: {
          paragraphs: [
            'Tracks any planned event by its name (`message.event`), with `userId` or `anonymousId`.',
            'Properties may be left out exactly when the event has no required property.',
          ],
          tags: [
            [
              'param',
              'message The event name, exactly as in the tracking plan, its properties and ids.',
            ],
            ['param', 'callback Called by the analytics SDK once the event is handled.'],
          ],
        },
        name: 'track',
        typeParameters: `<E extends keyof ${events}>`,
        params: [
          {
            name: 'message',
            // Laid out as prettier prints an intersection ending in an expanded object type.
            type: [
              `${shared.identity} &`,
              indent([
                hardline,
                `${shared.fields} & {`,
                indent([hardline, 'event: E;', hardline, `${member};`]),
                hardline,
                '}',
              ]),
            ],
          },
          { name: 'callback', type: 'Callback', optional: true },
        ],
        returnType: 'void',
        body: [],
      };
    }
    return {
      doc: {
        ...TRACK_DOC,
        tags: [
          ['param', 'event The event name, exactly as in the tracking plan.'],
          ['param', 'properties The event properties.'],
          ...callerTailDocs(form).map(([name, text]) => ['param', `${name} ${text}`] as const),
        ],
      },
      name: 'track',
      typeParameters: `<E extends keyof ${events}>`,
      params: [
        { name: 'event', type: 'E' },
        { name: 'properties', type: properties, optional },
        ...sdkTail(form),
      ],
      returnType: 'void',
      body: [],
    };
  };
  // The implementation's own signature is loose: only the overloads above are visible to callers.
  const implementation: FunctionDecl = {
    name: 'track',
    params: object
      ? [
          { name: 'message', type: '{ event: string; properties?: unknown }' },
          { name: 'callback', type: 'Callback', optional: true },
        ]
      : [
          { name: 'event', type: 'string' },
          { name: 'properties', type: 'unknown', optional: true },
          ...sdkTail(form),
        ],
    returnType: 'void',
    body,
  };
  return [
    lines(imports),
    events,
    functionOf(flavor, implementation, [signature(false), signature(true)]),
  ];
}

/**
 * `page`/`screen` when the plan has no unkeyed rule of that type: the generic call, untyped
 * (`Record<string, unknown>`), unvalidated and unversioned, stamped like every call.
 */
export function fallbackModule(
  kind: 'page' | 'screen',
  form: CallForm,
  flavor: Flavor,
  shared: SharedTypeNames,
  dev = true,
): Doc[] {
  const object = takes(form, 'message');
  const { name: sender, module: from } = form.sender;
  const ref = objectLiteral([
    ['type', stringLiteral(kind)],
    ['name', 'null'],
    ['version', '0'],
  ]);
  const typeNames = callTypeNames(form, shared);
  const imports = lines([
    importOf(flavor, [sender], dev ? from : PROD_MODULE),
    importOf(flavor, ['EventRef'], '@platen/runtime', true),
    importOf(flavor, ['state'], './state.js'),
    typeNames.length > 0 ? importOf(flavor, typeNames, './types.js', true) : [],
  ]);
  // Unplanned calls carry no rule version (0) and no name (the runtime only names them in warnings).
  const event = constOf(flavor, { name: 'EVENT', type: 'EventRef', value: ref, exported: false });
  const doc = {
    paragraphs: [
      `Records a ${kind} view. The plan has no unkeyed ${kind.toUpperCase()} rule, so the properties are neither typed nor checked.`,
    ],
  };
  if (object) {
    return [
      imports,
      event,
      functionOf(flavor, {
        doc,
        name: kind,
        params: [
          {
            name: 'message',
            type: messageTypeDoc(
              shared.identity,
              shared.fields,
              `name?: string; ${kind === 'page' ? 'category?: string; ' : ''}properties?: Record<string, unknown>`,
            ),
          },
          { name: 'callback', type: 'Callback', optional: true },
        ],
        returnType: 'void',
        body: [
          [
            call(sender, ['state', 'EVENT', objectOf(['...message']), "'properties'", 'callback']),
            ';',
          ],
        ],
      }),
    ];
  }
  const send = (name: string | undefined): Doc => [
    arraySend(sender, 'state', 'EVENT', sdkArgs(form, name, 'properties ?? {}')),
    ';',
  ];
  const required = form.lead === 'required';
  const body: Doc = required ? send('name') : ifElse('name == null', send(undefined), send('name'));
  return [
    imports,
    event,
    functionOf(flavor, {
      doc,
      name: kind,
      params: [
        required
          ? { name: 'name', type: 'string' }
          : { name: 'name', type: 'string | null', optional: true },
        { name: 'properties', type: 'Record<string, unknown>', optional: true },
        ...sdkTail(form),
      ],
      returnType: 'void',
      body: [body],
    }),
  ];
}

/** `index`: the public surface, re-exported by name. */
export function indexModule(
  functionRules: readonly NamedRule[],
  typeNames: readonly string[],
  fallbacks: readonly string[],
  flavor: Flavor,
): Doc[] {
  const events = [...functionRules].sort((a, b) => compareText(a.names.file, b.names.file));
  return [
    lines([
      reExportOf(flavor, ['configure'], './state.js'),
      reExportOf(flavor, ['track'], './track.js'),
      ...fallbacks.map((f) => reExportOf(flavor, [f], `./${f}.js`)),
      ...events.map((n) => reExportOf(flavor, [n.names.function], `./events/${n.names.file}.js`)),
      reExportOf(flavor, typeNames, './types.js', true),
      reExportOf(flavor, ['OnViolation', 'Violation', 'ViolationError'], '@platen/runtime', true),
    ]),
  ];
}
