/**
 * `events/<file>`: one exported function per rule that the SDK has a call for (every version), with
 * its JSDoc. Dev builds import the rule's precompiled validator (and the COMMON rule's) and send
 * through the runtime sender of the call's form (`../sdks/call-forms.ts`); prod builds import
 * nothing of the kind and call the SDK directly
 * (`@platen/runtime/prod`). The module holds only imports, one `const` and the function, so
 * bundlers drop every event an app does not call.
 */
import type { NamedRule } from '../../naming/types.js';
import { lines, objectLiteral, type Doc } from '../code.js';
import { constOf, functionOf, importOf, type Flavor } from '../dialect.js';
import { numberLiteral, stringLiteral } from '../literals.js';
import { MESSAGE_MODULE, PROD_MODULE, takes, type SdkProfile } from '../sdks/index.js';
import { callName, ruleCallForm } from '../functions.js';
import { callFunction, type CallLocals } from './calls.js';
import { localName, specifier } from './locals.js';
import type { SharedTypeNames } from './types-file.js';

/** What an event module needs besides its rule. */
export interface EventModuleInput {
  flavor: Flavor;
  profile: SdkProfile;
  dev: boolean;
  /** The latest COMMON rule, whose validator dev builds run on every call. */
  common: NamedRule | undefined;
  shared: SharedTypeNames;
}

/**
 * The statements of one event module, as sections separated by blank lines. Only for a rule the
 * SDK has a call for (see `hasFunction`).
 */
export function eventModule(named: NamedRule, input: EventModuleInput): Doc[] {
  const { rule, names } = named;
  const { flavor, profile, dev } = input;
  const form = ruleCallForm(named, profile);
  if (form === undefined)
    throw new Error(`eventModule: ${profile.sdk} has no call for ${rule.type}`);
  const common = dev && input.common !== undefined;
  const values = new Set([names.function]);
  const types = new Set([names.propertiesType]);
  const { name: sender, module: senderModule } = form.sender;
  const locals: CallLocals & { eventRef: string } = {
    send: localName(sender, values),
    sdk: localName('sdk', values),
    stamp: localName('stamp', values),
    enrich: localName('enrich', values),
    checkCommon: localName('checkCommon', values),
    state: localName('state', values),
    validate: localName('validate', values),
    validateCommon: localName('validateCommon', values),
    event: localName('EVENT', values),
    eventRef: localName('EventRef', types),
    options: localName('Options', types),
    callback: localName('Callback', types),
    identity: localName(input.shared.identity, types),
    fields: localName(input.shared.fields, types),
  };
  const typeImports = [
    ...(takes(form, 'callback') ? [specifier('Callback', locals.callback)] : []),
    ...(takes(form, 'options') ? [specifier('Options', locals.options)] : []),
    ...(takes(form, 'message')
      ? [
          specifier(input.shared.identity, locals.identity),
          specifier(input.shared.fields, locals.fields),
        ]
      : []),
    names.propertiesType,
  ];
  const runtimeValues =
    common && senderModule === MESSAGE_MODULE
      ? [specifier('checkCommon', locals.checkCommon), specifier(sender, locals.send)]
      : [specifier(sender, locals.send)];
  // Prod builds call the SDK directly through the prod module, which has no validation or
  // violation code at all.
  const prodValues = takes(form, 'enrichment')
    ? [specifier('enrich', locals.enrich), specifier('sdk', locals.sdk)]
    : [specifier('sdk', locals.sdk), specifier('stamp', locals.stamp)];
  const imports: Doc[] = [
    dev ? importOf(flavor, runtimeValues, senderModule) : importOf(flavor, prodValues, PROD_MODULE),
    ...(common && senderModule !== MESSAGE_MODULE
      ? [importOf(flavor, [specifier('checkCommon', locals.checkCommon)], MESSAGE_MODULE)]
      : []),
    importOf(flavor, [specifier('EventRef', locals.eventRef)], '@platen/runtime', true),
    importOf(flavor, [specifier('state', locals.state)], '../state.js'),
    importOf(flavor, typeImports, '../types.js', true),
  ];
  if (dev) {
    imports.push(
      importOf(flavor, [specifier('validate', locals.validate)], `../validators/${names.file}.js`),
    );
  }
  if (common) {
    imports.push(
      importOf(
        flavor,
        [specifier('validate', locals.validateCommon)],
        `../validators/${input.common!.names.file}.js`,
      ),
    );
  }
  // The version is stamped into `context.protocols.event_version` by the runtime: always a number.
  const eventRef = objectLiteral([
    ['type', stringLiteral(callName(named) ?? 'track')],
    ['name', rule.key === null ? 'null' : stringLiteral(rule.key)],
    ['version', numberLiteral(rule.version) ?? '0'],
  ]);
  const optional = rule.payloadOptional;
  const { fn, overloads } = callFunction({
    named,
    profile,
    form,
    flavor,
    locals,
    optional,
    dev,
    common,
  });
  return [
    lines(imports),
    constOf(flavor, {
      name: locals.event,
      type: locals.eventRef,
      value: eventRef,
      exported: false,
    }),
    functionOf(flavor, fn, overloads),
  ];
}
