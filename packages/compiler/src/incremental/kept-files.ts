/**
 * Kept files: a rule's own event files (`events/<file>…`) carried over from the last build's output.
 * The manifest records, per rule, a hash of everything those files depend on (`inputs`) and the
 * SHA-256 of each file. The next build keeps such a file, instead of emitting it again, only when the
 * rule's inputs hash is unchanged *and* the bytes on disk still match the recorded hash (a file
 * edited by hand is regenerated). The output is byte-identical to a full build: tested both ways.
 */
import { createHash } from 'node:crypto';
import type { GeneratedFile } from '../compile-types.js';
import type { EmitOptions } from '../emit/target.js';
import { sharedTypeNames } from '../emit/typescript/types-file.js';
import { canonicalJson } from '../ir/hash.js';
import { stemOf } from '../naming/manifest.js';
import type { Manifest, ManifestRule, NamedRule } from '../naming/types.js';

/**
 * The part of every rule's inputs that is the same for the whole output: Platen's version, the
 * options, and what an event module takes from the rest of the plan (the COMMON rule whose validator
 * it calls, the shared type names it imports). Anything new an event module comes to depend on must
 * be added here or to {@link ruleInputs}; the full-vs-incremental test catches an omission.
 */
export function outputContext(
  options: Omit<EmitOptions, 'keep' | 'ruleTypes'>,
  rules: readonly NamedRule[],
  shared: unknown,
): string {
  const common = rules.find((n) => n.rule.type === 'COMMON' && n.rule.latest);
  return canonicalJson([
    options.platenVersion,
    options.mode,
    options.sdk,
    options.language,
    options.module ?? 'esm',
    common === undefined ? null : (ownInputs(common) ?? null),
    shared,
  ]);
}

/**
 * Every rule's inputs hash: what its own event files depend on, within this output (`prettier`:
 * files are recorded as written, so whether prettier ran is part of it). `own` is each rule's
 * {@link ownInputs}, when the caller has them.
 */
export function ruleInputsOf(
  rules: readonly NamedRule[],
  options: Omit<EmitOptions, 'keep' | 'ruleTypes'>,
  prettier: boolean,
  own: ReadonlyMap<NamedRule, string | undefined> = new Map(rules.map((n) => [n, ownInputs(n)])),
): Map<NamedRule, string | undefined> {
  const context =
    outputContext(options, rules, sharedTypeNames(rules)) + (prettier ? '\nprettier' : '');
  return new Map(rules.map((n) => [n, ruleInputs(n, context, own.get(n))]));
}

/**
 * A rule's inputs hash within `context`, or `undefined` when the rule has no content hash (an IR
 * built by hand, not from a plan): such a rule is never reused.
 */
export function ruleInputs(
  named: NamedRule,
  context: string,
  own = ownInputs(named),
): string | undefined {
  if (own === undefined) return undefined;
  return createHash('sha256').update(context).update('\n').update(own).digest('hex');
}

/**
 * What a rule itself contributes: its content hash, whether it is the latest version, its names.
 * Not the plan file's name or the rule's place in it: generated code never shows them, and the
 * manifest must not change with the rule order. Nested type names are keyed by pointer, so those
 * keys are taken relative to the rule; canonical JSON, so the order names were assigned in does
 * not matter either.
 */
export function ownInputs({ rule, names }: NamedRule): string | undefined {
  if (rule.hash === undefined) return undefined;
  const at = rule.pointer;
  // Only the leading pointer is the rule's place: a key that merely contains it elsewhere keeps it.
  const relative = (k: string): string =>
    at !== '' && k.startsWith(at) ? '#' + k.slice(at.length) : k;
  const types = Object.fromEntries(Object.entries(names.types).map(([k, v]) => [relative(k), v]));
  return canonicalJson([rule.hash, rule.latest, { ...names, types }]);
}

const identity = (r: { type: string; key: string | null; version: number }): string =>
  JSON.stringify([r.type, r.key, r.version]);

/**
 * The `keep` hook for the emitter: the last build's text of `path` for `named`, read through `read`
 * (the caller's access to the output directory), when the rule's inputs are unchanged and the text
 * on disk still has the hash the last manifest recorded for it.
 */
export function keptFileReader(
  previous: Manifest | undefined,
  inputs: ReadonlyMap<NamedRule, string | undefined>,
  read: (path: string) => string | undefined,
  hash: (text: string) => string,
): (path: string, named: NamedRule) => string | undefined {
  const before = new Map<string, ManifestRule>();
  for (const r of previous?.rules ?? []) before.set(identity(r), r);
  return (path, named) => {
    const wanted = inputs.get(named);
    const last = before.get(identity(named.rule));
    const recorded = last?.files?.[path];
    if (wanted === undefined || last?.inputs !== wanted || recorded === undefined) return undefined;
    const text = read(path);
    return text !== undefined && hash(text) === recorded ? text : undefined;
  };
}

/**
 * `manifest` with each rule's `inputs` and the hashes of its own files (`events/<stem>.*`) filled in.
 * Rules are matched by (type, key, version), which the manifest holds once each.
 */
export function withKeptFileFields(
  manifest: Manifest,
  rules: readonly NamedRule[],
  inputs: ReadonlyMap<NamedRule, string | undefined>,
  files: readonly GeneratedFile[],
  hash: (text: string) => string,
): Manifest {
  const byStem = new Map<string, Record<string, string>>();
  for (const file of files) {
    if (!file.path.startsWith('events/')) continue;
    const stem = stemOf(file.path);
    const record = byStem.get(stem) ?? {};
    record[file.path] = hash(file.contents);
    byStem.set(stem, record);
  }
  const extra = new Map<string, Pick<ManifestRule, 'inputs' | 'files'>>();
  for (const named of rules) {
    const wanted = inputs.get(named);
    const own = byStem.get(named.names.file);
    if (wanted !== undefined && own !== undefined)
      extra.set(identity(named.rule), { inputs: wanted, files: own });
  }
  return {
    ...manifest,
    rules: manifest.rules.map((r) => ({ ...r, ...extra.get(identity(r)) })),
  };
}
