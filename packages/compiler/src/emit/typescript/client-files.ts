/**
 * The client's fixed modules: `state.ts` (settings and `configure`), `track.ts` (the generic `track`,
 * typed by `TrackEvents`) and `index.ts` (named re-exports only: no default export, no `Proxy`).
 */
import type { NamedRule } from '../../naming/types.js';
import {
  arrayLiteral,
  call,
  functionDecl,
  group,
  hardline,
  importDecl,
  indent,
  join,
  line,
  objectLiteral,
  reExportDecl,
  type Doc,
} from '../code.js';
import { stringLiteral } from '../literals.js';
import type { EmitOptions } from '../target.js';
import { localName, specifier } from './locals.js';

/** `state.ts`: one `const` object (no side effects at load) and `configure`, which fills it in. */
export function stateModule(options: EmitOptions): Doc[] {
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
    join(hardline, [
      importDecl(['PlatenState'], '@platen/runtime', true),
      importDecl(['PlatenOptions'], './types.js', true),
    ]),
    [
      '/** The client settings every call passes to the runtime; only `configure` changes them. */',
      hardline,
      'export const state: PlatenState = ',
      state,
      ';',
    ],
    functionDecl({
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

const OPTIONAL_REST = ['options?: Options | undefined', 'callback?: Callback | undefined'];

/** `[properties…, options?, callback?]` for the generic track's rest parameter. */
function argsTuple(propertiesOptional: boolean): Doc {
  const first = propertiesOptional
    ? 'properties?: TrackEvents[E] | undefined'
    : 'properties: TrackEvents[E]';
  return arrayLiteral([first, ...OPTIONAL_REST]);
}

/** `track.ts`: the generic `track(event, properties, options, callback)` dispatching to event functions. */
export function trackModule(latestTrack: readonly NamedRule[]): Doc[] {
  const functions = new Set(latestTrack.map((n) => n.names.function));
  const send = localName('send', functions);
  const state = localName('state', functions);
  const imports: Doc[] = [
    importDecl([specifier('send', send)], '@platen/runtime'),
    importDecl([specifier('state', state)], './state.js'),
    importDecl(['Callback', 'EventName', 'Options', 'TrackEvents'], './types.js', true),
    ...latestTrack.map((n) => importDecl([n.names.function], `./events/${n.names.file}.js`)),
  ];
  const cases: Doc[] = latestTrack.map((n) => {
    const wire = stringLiteral(n.rule.key ?? '');
    return [
      `case ${wire}:`,
      indent([
        hardline,
        'return ',
        call(n.names.function, [`properties as TrackEvents[${wire}]`, 'options', 'callback']),
        ';',
      ]),
    ];
  });
  const unplanned: Doc = [
    'default:',
    indent([
      hardline,
      '// Only untyped callers get here: the event is not in the plan, so it has no version (0).',
      hardline,
      'return ',
      call(send, [
        state,
        objectLiteral([
          ['type', stringLiteral('track')],
          ['name', 'event'],
          ['version', '0'],
        ]),
        arrayLiteral(['event', 'properties ?? {}', 'options', 'callback']),
        '1',
        '2',
      ]),
      ';',
    ]),
  ];
  const argsType: Doc = group([
    '{} extends TrackEvents[E]',
    // Each branch is aligned after its `? ` / `: `, as prettier prints conditional types.
    indent([line, '? ', indent(argsTuple(true)), line, ': ', indent(argsTuple(false))]),
  ]);
  const fn = functionDecl({
    doc: {
      paragraphs: [
        'Tracks any planned event by its name: the editor completes the name, then its properties.',
        'Properties may be left out exactly when the event has no required property.',
      ],
      tags: [
        ['param', 'event The event name, exactly as in the tracking plan.'],
        ['param', 'args The properties, then options and a callback for the analytics SDK.'],
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
        'const [properties, options, callback] = args as ',
        arrayLiteral(['unknown', 'Options | undefined', 'Callback | undefined']),
        ';',
      ],
      [
        'switch (event) {',
        indent([hardline, join(hardline, [...cases, unplanned])]),
        hardline,
        '}',
      ],
    ],
  });
  return [join(hardline, imports), fn];
}

/** `index.ts`: the public surface, re-exported by name. */
export function indexModule(trackRules: readonly NamedRule[], typeNames: readonly string[]): Doc[] {
  const events = [...trackRules].sort((a, b) => (a.names.file < b.names.file ? -1 : 1));
  return [
    join(hardline, [
      reExportDecl(['configure'], './state.js'),
      reExportDecl(['track'], './track.js'),
      ...events.map((n) => reExportDecl([n.names.function], `./events/${n.names.file}.js`)),
      reExportDecl(typeNames, './types.js', true),
      reExportDecl(['OnViolation', 'Violation', 'ViolationError'], '@platen/runtime', true),
    ]),
  ];
}
