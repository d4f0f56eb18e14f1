/**
 * A guard on the contract with `naming/`: every identifier and file stem the emitters print must be
 * safe to print as is. Naming guarantees this; a failure here is a Platen bug, not a plan problem.
 */
import type { NamedIr } from '../naming/types.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const FILE_STEM = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;
// Words that can never be bindings in a strict-mode module.
const RESERVED = new Set(
  `break case catch class const continue debugger default delete do else enum export extends false
  finally for function if import in instanceof new null return super switch this throw true try typeof
  var void while with implements interface let package private protected public static yield await
  arguments eval undefined`.split(/\s+/),
);

/** Public names the generated client declares itself; plan-derived names must not take them. */
export const EMIT_VALUE_NAMES: readonly string[] = ['configure', 'track'];
/** Public type names the generated client declares or re-exports itself. */
export const EMIT_TYPE_NAMES: readonly string[] = [
  'Callback',
  'EventName',
  'OnViolation',
  'Options',
  'PlatenOptions',
  'TrackEvents',
  'Violation',
  'ViolationError',
];

/** Every broken promise of `named`'s identifiers, as sentences (empty when all is well). */
export function checkNames(named: NamedIr): string[] {
  const problems: string[] = [];
  const values = new Set(EMIT_VALUE_NAMES);
  const types = new Set(EMIT_TYPE_NAMES);
  const files = new Set<string>();
  const claim = (set: Set<string>, name: string, what: string, where: string): void => {
    if (!IDENTIFIER.test(name) || RESERVED.has(name))
      problems.push(`${where}: ${what} "${name}" is not a valid identifier`);
    else if (set.has(name)) problems.push(`${where}: ${what} "${name}" is taken twice`);
    set.add(name);
  };
  for (const { rule, names } of named.rules) {
    const where = `${rule.type} ${JSON.stringify(rule.key)} v${String(rule.version)}`;
    claim(types, names.propertiesType, 'type', where);
    for (const name of new Set(Object.values(names.types))) claim(types, name, 'type', where);
    if (rule.type !== 'TRACK') continue;
    claim(values, names.function, 'function', where);
    if (!FILE_STEM.test(names.file) || files.has(names.file.toLowerCase())) {
      problems.push(`${where}: file stem "${names.file}" is unsafe or taken twice`);
    }
    files.add(names.file.toLowerCase());
  }
  return problems;
}
