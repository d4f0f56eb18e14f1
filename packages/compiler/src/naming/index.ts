/**
 * `naming/`: assigns every identifier the emitters use (functions, types, file stems) once, after the IR
 * is complete. Wire names are never changed; identifiers live beside them in {@link NamedIr}.
 *
 * Order of claims, each over rules sorted by (type, key, version) so plan order never matters:
 * 1. fixed names (`identify`/`IdentifyTraits`, `group`/`GroupTraits`, `common`/`CommonMessage`,
 *    unkeyed `page`/`PageProperties`, `screen`/`ScreenProperties`), held even when the rule is absent,
 *    and the older versions of those rules (`identifyV1`, `IdentifyV1Traits`);
 * 2. names kept from the previous build's manifest (valid, unreserved, unique ones only);
 * 3. every other rule's function, type prefix, properties type and file;
 * 4. nested types (see `./nested.js`), after every top-level type so they never take one's name.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { Ir, IrRule } from '../ir/types.js';
import type { RuleType } from '../plan/types.js';
import { compareText } from '../order.js';
import { nameNestedTypes } from './nested.js';
import { keptNames } from './manifest.js';
import { createScopes, FIXED, isFixed, type Scopes } from './scopes.js';
import type { Scope } from './scope.js';
import type { Manifest, NamedIr, RuleNames } from './types.js';
import { renderCamel, renderKebab, renderPascal, splitWords, wordsOrFallback } from './words.js';

export { Scope, type ScopeOptions } from './scope.js';
export {
  RESERVED_WORDS,
  RESERVED_FUNCTION_NAMES,
  RESERVED_TYPE_NAMES,
  RESERVED_FILE_STEMS,
  OBJECT_PROTOTYPE_NAMES,
  WINDOWS_DEVICE_NAMES,
  isValidIdentifier,
  isSafeFileStem,
} from './reserved.js';
export { shortHash, splitWords, SPELLED_SYMBOLS } from './words.js';
export { toFunctionName, toTypeName, toFileStem } from './convert.js';

/** Sort order of rule types; any fixed order works, this one reads like a plan. */
const TYPE_ORDER: readonly RuleType[] = ['IDENTIFY', 'GROUP', 'COMMON', 'PAGE', 'SCREEN', 'TRACK'];

/** Orders rules by (type, key, version); `null` keys first. Exact duplicates keep their input order. */
export function compareRules(a: IrRule, b: IrRule): number {
  return (
    TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
    (a.key === null ? (b.key === null ? 0 : -1) : b.key === null ? 1 : compareText(a.key, b.key)) ||
    a.version - b.version
  );
}

/** `V2` for rules that are not the latest version of their key; nothing for the latest. */
const versionWords = (rule: IrRule): string[] =>
  rule.latest ? [] : splitWords(`V${String(rule.version)}`);

/** The words every name of a non-fixed rule is built from: `Order Completed` v1 → order, Completed, V1. */
function ruleWords(rule: IrRule): string[] {
  const key = wordsOrFallback(rule.key ?? '');
  const kind = rule.type === 'PAGE' ? ['Page'] : rule.type === 'SCREEN' ? ['Screen'] : [];
  return [...key, ...kind, ...versionWords(rule)];
}

/** Names for IDENTIFY, GROUP, COMMON and unkeyed PAGE/SCREEN: fixed for the latest version. */
function fixedNames(rule: IrRule, scopes: Scopes): Omit<RuleNames, 'types'> {
  const fixed = FIXED[rule.type]!;
  if (rule.latest && scopes.fixedFree.delete(rule.type)) {
    const { function: fn, propertiesType, file, prefix } = fixed;
    return { function: fn, propertiesType, file, typePrefix: prefix };
  }
  // Older versions (and a malformed second "latest") take numbered names like any other rule.
  const words = [fixed.prefix, ...versionWords(rule)];
  const typePrefix = scopes.prefixes.claim(renderPascal(words));
  return {
    function: scopes.functions.claim(renderCamel(words)),
    typePrefix,
    propertiesType: scopes.types.claim(typePrefix + fixed.typeSuffix),
    file: scopes.files.claim(renderKebab(words)),
  };
}

/**
 * How {@link assignNames} names a rule's nested types: by default `name(types)`; an incremental
 * build passes a hook that replays the last build's claims for an unchanged rule instead (without
 * reading its IR), when that gives the same names.
 */
export type NestedNamesSource = (
  rule: IrRule,
  typePrefix: string,
  types: Scope,
  name: (types: Scope) => Record<string, string>,
) => Record<string, string>;

/**
 * Assigns every identifier (functions, types, file stems) once, deterministically, over sorted input.
 * With `previous` (the last build's manifest) every rule it lists keeps its function, properties type
 * and file, unless the kept name is now invalid, reserved, or shared by two manifest entries.
 * Never throws for any input; runs in time linear in the number of rules and IR nodes.
 */
export function assignNames(
  ir: Ir,
  previous?: Manifest,
  nested: NestedNamesSource = (_rule, _prefix, types, name) => name(types),
): NamedIr {
  const sorted = ir.rules.map((rule, index) => ({ rule, index }));
  sorted.sort((a, b) => compareRules(a.rule, b.rule) || a.index - b.index);
  const scopes = createScopes();
  const names = new Map<number, Partial<RuleNames>>();

  for (const { rule, index } of sorted) {
    if (isFixed(rule)) names.set(index, fixedNames(rule, scopes));
  }
  const free = sorted.filter(({ index }) => !names.has(index));
  const kept = keptNames(
    free.map((f) => f.rule),
    previous,
    scopes,
  );
  free.forEach(({ rule, index }, i) => {
    const draft: Partial<RuleNames> = { ...kept[i] };
    const words = ruleWords(rule);
    draft.function ??= scopes.functions.claim(renderCamel(words));
    if (draft.typePrefix === undefined) {
      draft.typePrefix = scopes.prefixes.claim(renderPascal(words));
      draft.propertiesType = scopes.types.claim(`${draft.typePrefix}Properties`);
    }
    draft.file ??= scopes.files.claim(renderKebab(words));
    names.set(index, draft);
  });
  for (const { rule, index } of sorted) {
    const draft = names.get(index)!;
    const prefix = draft.typePrefix!;
    draft.types = nested(rule, prefix, scopes.types, (types) =>
      nameNestedTypes(rule, prefix, types),
    );
  }

  return {
    plan: ir.plan,
    rules: ir.rules.map((rule, index) => ({ rule, names: names.get(index) as RuleNames })),
    diagnostics: [...ir.diagnostics],
  };
}

/**
 * A `name-collision` warning for every set of rules whose names read the same as identifiers
 * ("Signed Up" and "signed_up" are both `signedUp`), naming each event and the function a fresh
 * build gives it (`signedUp`, `signedUp2`). The claims are those of {@link assignNames} without a
 * manifest, made in throwaway scopes: linear in the rules, and no rule body is built.
 */
export function nameCollisions(ir: Ir): Diagnostic[] {
  const sorted = ir.rules.map((rule, index) => ({ rule, index }));
  sorted.sort((a, b) => compareRules(a.rule, b.rule) || a.index - b.index);
  const scopes = createScopes();
  for (const { rule } of sorted) if (isFixed(rule)) fixedNames(rule, scopes);
  const byPreferred = new Map<string, { rule: IrRule; chosen: string }[]>();
  for (const { rule } of sorted) {
    if (isFixed(rule)) continue;
    const preferred = renderCamel(ruleWords(rule));
    const chosen = scopes.functions.claim(preferred);
    const group = byPreferred.get(preferred) ?? [];
    group.push({ rule, chosen });
    byPreferred.set(preferred, group);
  }
  const out: Diagnostic[] = [];
  for (const group of byPreferred.values()) {
    // Versions of one event differ in their V-suffix, so a group of one key is a duplicate rule,
    // which validation reports already.
    if (new Set(group.map((g) => g.rule.key)).size < 2) continue;
    const [, ...later] = group;
    const list = group.map((g) => `${JSON.stringify(g.rule.key)} → ${g.chosen}`).join(', ');
    for (const { rule } of later)
      out.push({
        code: 'name-collision',
        severity: 'warning',
        message: `Event names that read the same as identifiers get numbered functions: ${list}. Rename one event to get distinct names.`,
        file: rule.file,
        rule: { type: rule.type, key: rule.key, version: rule.version },
        pointer: rule.pointer,
      });
  }
  return out;
}
