/**
 * The client's fixed modules: `state` (settings and `configure`), `track` (the generic `track`,
 * typed by `TrackEvents`), `page`/`screen` (untyped generic calls when the plan has no unkeyed
 * PAGE/SCREEN rule) and `index` (named re-exports only: no default export, no `Proxy`).
 */
import type { NamedRule } from '../../naming/types.js';
import {
  arrayLiteral,
  call,
  group,
  hardline,
  ifElse,
  indent,
  join,
  line,
  lines,
  objectLiteral,
  objectOf,
  type Doc,
} from '../code.js';
import { cast, constOf, functionOf, importOf, reExportOf, type Flavor } from '../dialect.js';
import { stringLiteral } from '../literals.js';
import type { SdkProfile } from '../sdks/index.js';
import type { EmitOptions } from '../target.js';
import { messageTypeDoc } from './calls.js';
import { localName, specifier } from './locals.js';
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

/** Prod clients send through `@platen/runtime/prod`: same senders, no validation or violation code. */
const PROD_RUNTIME = '@platen/runtime/prod';

const OPTIONAL_REST = ['options?: Options | undefined', 'callback?: Callback | undefined'];

/** `[properties…, options?, callback?]` for the generic track's rest parameter. */
function argsTuple(propertiesOptional: boolean, rest: readonly string[]): Doc {
  const first = propertiesOptional
    ? 'properties?: TrackEvents[E] | undefined'
    : 'properties: TrackEvents[E]';
  return arrayLiteral([first, ...rest]);
}

const TRACK_DOC = {
  paragraphs: [
    'Tracks any planned event by its name: the editor completes the name, then its properties.',
    'Properties may be left out exactly when the event has no required property.',
  ],
};

/** The generic `track`, dispatching planned names to their event functions. */
export function trackModule(
  latestTrack: readonly NamedRule[],
  profile: SdkProfile,
  flavor: Flavor,
  shared: SharedTypeNames,
  dev = true,
): Doc[] {
  const functions = new Set(latestTrack.map((n) => n.names.function));
  const object = profile.shape === 'object';
  const enriched = profile.shape === 'enriched';
  const [sender, from] = object
    ? ['sendMessage', '@platen/runtime/message']
    : enriched
      ? ['sendEnriched', '@platen/runtime/message']
      : ['send', '@platen/runtime'];
  const send = localName(sender, functions);
  const state = localName('state', functions);
  const typeNames = object
    ? ['Callback', 'EventName', shared.trackMessage]
    : enriched
      ? ['EventName', 'TrackEvents']
      : ['Callback', 'EventName', 'Options', 'TrackEvents'];
  const imports: Doc[] = [
    importOf(flavor, [specifier(sender, send)], dev ? from : PROD_RUNTIME),
    importOf(flavor, [specifier('state', state)], './state.js'),
    importOf(flavor, typeNames, './types.js', true),
    ...latestTrack.map((n) => importOf(flavor, [n.names.function], `./events/${n.names.file}.js`)),
  ];
  const unplannedRef = objectLiteral([
    ['type', stringLiteral('track')],
    ['name', object ? 'message.event' : 'event'],
    ['version', '0'],
  ]);
  const cases: Doc[] = latestTrack.map((n) => {
    const wire = stringLiteral(n.rule.key ?? '');
    const args = object
      ? [cast(flavor, 'message', 'never'), 'callback']
      : [
          cast(flavor, 'properties', `TrackEvents[${wire}]`),
          ...(enriched ? [] : ['options', 'callback']),
        ];
    return [`case ${wire}:`, indent([hardline, 'return ', call(n.names.function, args), ';'])];
  });
  const unplannedSend = object
    ? call(send, [state, unplannedRef, objectOf(['...message']), "'properties'", 'callback'])
    : call(send, [
        state,
        unplannedRef,
        arrayLiteral([
          'event',
          'properties ?? {}',
          enriched ? 'undefined' : 'options',
          ...(enriched ? [] : ['callback']),
        ]),
        '1',
        '2',
      ]);
  const unplanned: Doc = [
    'default:',
    indent([
      hardline,
      '// Only untyped callers get here: the event is not in the plan, so it has no version (0).',
      hardline,
      'return ',
      unplannedSend,
      ';',
    ]),
  ];
  const switched: Doc = [
    `switch (${object ? 'message.event' : 'event'}) {`,
    indent([hardline, join(hardline, [...cases, unplanned])]),
    hardline,
    '}',
  ];
  if (object) {
    const fn = functionOf(flavor, {
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
      typeParameters: '<E extends EventName>',
      params: [
        { name: 'message', type: `${shared.trackMessage}<E>` },
        { name: 'callback', type: 'Callback', optional: true },
      ],
      returnType: 'void',
      body: [switched],
    });
    return [lines(imports), fn];
  }
  const rest = enriched ? [] : OPTIONAL_REST;
  const argsType: Doc = group([
    '{} extends TrackEvents[E]',
    // Each branch is aligned after its `? ` / `: `, as prettier prints conditional types.
    indent([line, '? ', indent(argsTuple(true, rest)), line, ': ', indent(argsTuple(false, rest))]),
  ]);
  const unpackTypes = enriched
    ? ['unknown']
    : ['unknown', 'Options | undefined', 'Callback | undefined'];
  const fn = functionOf(flavor, {
    doc: {
      ...TRACK_DOC,
      tags: [
        ['param', 'event The event name, exactly as in the tracking plan.'],
        [
          'param',
          enriched
            ? 'args The properties.'
            : 'args The properties, then options and a callback for the analytics SDK.',
        ],
      ],
    },
    name: 'track',
    typeParameters: '<E extends EventName>',
    params: [
      { name: 'event', type: 'E' },
      { name: 'args', type: argsType, rest: true },
    ],
    returnType: 'void',
    body: [
      [
        `const [${enriched ? 'properties' : 'properties, options, callback'}] = `,
        cast(flavor, 'args', arrayLiteral(unpackTypes)),
        ';',
      ],
      switched,
    ],
  });
  return [lines(imports), fn];
}

/**
 * `page`/`screen` when the plan has no unkeyed rule of that type: the generic call, untyped
 * (`Record<string, unknown>`), unvalidated and unversioned, stamped like every call.
 */
export function fallbackModule(
  kind: 'page' | 'screen',
  profile: SdkProfile,
  flavor: Flavor,
  shared: SharedTypeNames,
  dev = true,
): Doc[] {
  const object = profile.shape === 'object';
  const enriched = profile.shape === 'enriched';
  const [sender, from] = object
    ? ['sendMessage', '@platen/runtime/message']
    : enriched
      ? ['sendEnriched', '@platen/runtime/message']
      : ['send', '@platen/runtime'];
  const ref = objectLiteral([
    ['type', stringLiteral(kind)],
    ['name', 'null'],
    ['version', '0'],
  ]);
  const typeNames = object
    ? ['Callback', shared.identity, shared.fields]
    : enriched
      ? []
      : ['Callback', 'Options'];
  const imports = lines([
    importOf(flavor, [sender], dev ? from : PROD_RUNTIME),
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
  const tail = enriched ? ['undefined'] : ['options', 'callback'];
  const send = (args: Doc[], at: number): Doc => [
    call(sender, ['state', 'EVENT', arrayLiteral(args), String(at), String(at + 1)]),
    ';',
  ];
  const body: Doc = enriched
    ? send(['name', 'properties ?? {}', ...tail], 1)
    : ifElse(
        'name == null',
        send(['properties ?? {}', ...tail], 0),
        send(['name', 'properties ?? {}', ...tail], 1),
      );
  return [
    imports,
    event,
    functionOf(flavor, {
      doc,
      name: kind,
      params: [
        enriched
          ? { name: 'name', type: 'string' }
          : { name: 'name', type: 'string | null', optional: true },
        { name: 'properties', type: 'Record<string, unknown>', optional: true },
        ...(enriched
          ? []
          : [
              { name: 'options', type: 'Options', optional: true },
              { name: 'callback', type: 'Callback', optional: true },
            ]),
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
  const events = [...functionRules].sort((a, b) => (a.names.file < b.names.file ? -1 : 1));
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
