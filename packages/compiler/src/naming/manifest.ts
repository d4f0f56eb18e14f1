/**
 * Names kept from the previous build's `platen.manifest.json`. A manifest is input like any other: an
 * entry is kept only when its name is still valid and unreserved, is not shared with another entry
 * (both are dropped, so the result does not depend on manifest order), and is still free.
 */
import type { IrRule } from '../ir/types.js';
import { isSafeFileStem, isValidIdentifier } from './reserved.js';
import type { Scope } from './scope.js';
import type { Scopes } from './scopes.js';
import type { Manifest, ManifestRule, RuleNames } from './types.js';

/** Identity of a rule across builds. `\u0000` cannot be confused with text inside a key. */
const ruleId = (r: { type: string; key: string | null; version: number }): string =>
  `${r.type}\u0000${r.key === null ? 'null' : `"${r.key}`}\u0000${String(r.version)}`;

/**
 * `out/events/order-completed.ts` → `order-completed`: the manifest stores a path, names hold stems.
 * Any extension goes, so older manifests (`events/<stem>.js` for a CommonJS build) read the same.
 */
export function stemOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  const dot = base.indexOf('.');
  return dot === -1 ? base : base.slice(0, dot);
}

/** Counts each value, so names shared by two entries can be dropped. */
function tally(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

const free = (scope: Scope, name: string): boolean =>
  !scope.isReserved(name) && !scope.isTaken(name);

/** Reads a manifest entry defensively: it came from disk and may have been edited by hand. */
function isEntry(value: unknown): value is ManifestRule {
  const v = value as Partial<ManifestRule> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.type === 'string' &&
    (v.key === null || typeof v.key === 'string') &&
    typeof v.version === 'number' &&
    typeof v.function === 'string' &&
    typeof v.propertiesType === 'string' &&
    // A rule without a function has no file: its function and type names are still kept.
    (v.file === undefined || typeof v.file === 'string')
  );
}

/**
 * For each of `rules` (in the order given), the names kept from `previous`, claimed in `scopes`:
 * `function`, `file`, and `propertiesType` with its `typePrefix` (the properties type minus
 * `Properties`). Missing fields are for the caller to assign.
 */
export function keptNames(
  rules: readonly IrRule[],
  previous: Manifest | undefined,
  scopes: Scopes,
): Partial<RuleNames>[] {
  const entries = Array.isArray(previous?.rules) ? previous.rules.filter(isEntry) : [];
  const byId = new Map(entries.map((e) => [ruleId(e), e]));
  const functions = tally(entries.map((e) => e.function));
  const types = tally(entries.map((e) => e.propertiesType));
  const files = tally(
    entries.flatMap((e) => (e.file === undefined ? [] : [stemOf(e.file).toLowerCase()])),
  );

  return rules.map((rule) => {
    const entry = byId.get(ruleId(rule));
    const kept: Partial<RuleNames> = {};
    if (entry === undefined) return kept;
    const fn = entry.function;
    if (functions.get(fn) === 1 && isValidIdentifier(fn) && scopes.functions.claimExact(fn)) {
      kept.function = fn;
    }
    const type = entry.propertiesType;
    const prefix = type.endsWith('Properties') ? type.slice(0, -'Properties'.length) : '';
    if (
      types.get(type) === 1 &&
      isValidIdentifier(prefix) &&
      free(scopes.prefixes, prefix) &&
      free(scopes.types, type)
    ) {
      scopes.prefixes.hold(prefix);
      scopes.types.hold(type);
      kept.typePrefix = prefix;
      kept.propertiesType = type;
    }
    const stem = entry.file === undefined ? undefined : stemOf(entry.file);
    if (
      stem !== undefined &&
      files.get(stem.toLowerCase()) === 1 &&
      isSafeFileStem(stem) &&
      scopes.files.claimExact(stem)
    ) {
      kept.file = stem;
    }
    return kept;
  });
}
