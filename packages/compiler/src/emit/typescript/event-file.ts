/**
 * `events/<file>.ts`: one exported function per TRACK rule (every version), with its JSDoc. Dev builds
 * import the rule's precompiled validator; prod builds import nothing of the kind. The module holds
 * only imports, one `const` and the function, so bundlers drop every event an app does not call.
 */
import type { NamedRule } from '../../naming/types.js';
import {
  arrayLiteral,
  call,
  functionDecl,
  hardline,
  importDecl,
  join,
  objectLiteral,
  type Doc,
} from '../code.js';
import { numberLiteral, stringLiteral } from '../literals.js';
import type { EmitOptions } from '../target.js';
import { functionDoc } from './docs.js';
import { localName, specifier } from './locals.js';
import { acceptsEmpty } from './payload.js';

/** The statements of one event module, as sections separated by blank lines. */
export function eventModule(named: NamedRule, options: EmitOptions): Doc[] {
  const { rule, names } = named;
  const dev = options.mode === 'dev';
  const values = new Set([names.function]);
  const types = new Set([names.propertiesType]);
  const local = {
    send: localName('send', values),
    state: localName('state', values),
    validate: localName('validate', values),
    event: localName('EVENT', values),
    eventRef: localName('EventRef', types),
    options: localName('Options', types),
    callback: localName('Callback', types),
  };
  const wireName = stringLiteral(rule.key ?? '');
  const imports: Doc[] = [
    importDecl([specifier('send', local.send)], '@platen/runtime'),
    importDecl([specifier('EventRef', local.eventRef)], '@platen/runtime', true),
    importDecl([specifier('state', local.state)], '../state.js'),
    importDecl(
      [
        specifier('Callback', local.callback),
        specifier('Options', local.options),
        names.propertiesType,
      ],
      '../types.js',
      true,
    ),
  ];
  if (dev) {
    imports.push(
      importDecl([specifier('validate', local.validate)], `../validators/${names.file}.js`),
    );
  }
  // The version is stamped into `context.protocols.event_version` by the runtime: always a number.
  const eventRef = objectLiteral([
    ['type', stringLiteral('track')],
    ['name', wireName],
    ['version', numberLiteral(rule.version) ?? '0'],
  ]);
  const optional = acceptsEmpty(rule.payload, rule.definitions);
  // An omitted payload is sent (and validated) as `{}`, as the SDKs themselves would send it.
  const payload = optional ? 'properties ?? {}' : 'properties';
  const sendCall = call(local.send, [
    local.state,
    local.event,
    arrayLiteral([wireName, payload, 'options', 'callback']),
    '1',
    '2',
    ...(dev ? [local.validate] : []),
  ]);
  const fn = functionDecl({
    doc: functionDoc({ rule, functionName: names.function, payloadOptional: optional }),
    name: names.function,
    params: [
      { name: 'properties', type: names.propertiesType, optional },
      { name: 'options', type: local.options, optional: true },
      { name: 'callback', type: local.callback, optional: true },
    ],
    returnType: 'void',
    body: [[sendCall, ';']],
  });
  return [
    join(hardline, imports),
    [`const ${local.event}: ${local.eventRef} = `, eventRef, ';'],
    fn,
  ];
}
