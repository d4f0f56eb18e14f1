/** The four scopes one build names into, with their reserved lists and the fixed names they hold. */
import type { IrRule } from '../ir/types.js';
import type { RuleType } from '../plan/types.js';
import {
  OBJECT_PROTOTYPE_NAMES,
  RESERVED_FILE_STEMS,
  RESERVED_FUNCTION_NAMES,
  RESERVED_TYPE_NAMES,
  RESERVED_WORDS,
  WINDOWS_DEVICE_NAMES,
} from './reserved.js';
import { Scope } from './scope.js';

/** Everything a generated function may not be called. */
export const FUNCTION_RESERVED: ReadonlySet<string> = new Set([
  ...RESERVED_WORDS,
  ...OBJECT_PROTOTYPE_NAMES,
  ...RESERVED_FUNCTION_NAMES,
]);

/** Everything a generated type may not be called. */
export const TYPE_RESERVED: ReadonlySet<string> = new Set([
  ...RESERVED_WORDS,
  ...OBJECT_PROTOTYPE_NAMES,
  ...RESERVED_TYPE_NAMES,
]);

/** Everything a generated file stem may not be (compared case-insensitively). */
export const FILE_RESERVED: ReadonlySet<string> = new Set([
  ...WINDOWS_DEVICE_NAMES,
  ...RESERVED_FILE_STEMS,
]);

/** The fixed names of one rule type's latest, unkeyed rule. */
export interface FixedNames {
  function: string;
  prefix: string;
  propertiesType: string;
  file: string;
  /** Appended to the prefix of older versions: `IdentifyV1` + `Traits`. */
  typeSuffix: string;
}

const fixed = (fn: string, prefix: string, typeSuffix: string): FixedNames => ({
  function: fn,
  prefix,
  propertiesType: prefix + typeSuffix,
  file: fn,
  typeSuffix,
});

/** Fixed names by rule type (TRACK has none). */
export const FIXED: Partial<Record<RuleType, FixedNames>> = {
  IDENTIFY: fixed('identify', 'Identify', 'Traits'),
  GROUP: fixed('group', 'Group', 'Traits'),
  COMMON: fixed('common', 'Common', 'Message'),
  PAGE: fixed('page', 'Page', 'Properties'),
  SCREEN: fixed('screen', 'Screen', 'Properties'),
};

/** True for IDENTIFY, GROUP, COMMON, and PAGE/SCREEN rules without a key. */
export function isFixed(rule: IrRule): boolean {
  if (rule.type === 'PAGE' || rule.type === 'SCREEN') return rule.key === null;
  return FIXED[rule.type] !== undefined;
}

/** The scopes of one naming run. */
export interface Scopes {
  functions: Scope;
  /** Type prefixes: unique per rule, so names derived from a prefix never clash between rules. */
  prefixes: Scope;
  types: Scope;
  files: Scope;
  /** Rule types whose fixed names have not been given to a rule yet. */
  fixedFree: Set<RuleType>;
}

/**
 * Fresh scopes with every fixed name held, whether or not the plan has that rule: adding an IDENTIFY
 * rule later must not rename a TRACK event that took `common` or `PageProperties` meanwhile.
 */
export function createScopes(): Scopes {
  const scopes: Scopes = {
    functions: new Scope({ reserved: FUNCTION_RESERVED }),
    prefixes: new Scope({ reserved: RESERVED_WORDS }),
    types: new Scope({ reserved: TYPE_RESERVED }),
    files: new Scope({
      reserved: FILE_RESERVED,
      caseInsensitive: true,
      join: (base, counter) => `${base}-${counter}`,
    }),
    fixedFree: new Set(),
  };
  for (const [type, names] of Object.entries(FIXED) as [RuleType, FixedNames][]) {
    scopes.functions.hold(names.function);
    scopes.prefixes.hold(names.prefix);
    scopes.types.hold(names.propertiesType);
    scopes.files.hold(names.file);
    scopes.fixedFree.add(type);
  }
  return scopes;
}
