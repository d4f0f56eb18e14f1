/**
 * How `compile` uses the build cache (./cache.ts): a rule whose inputs are unchanged keeps its
 * printed declarations in `types.ts` and its validator module (re-read from the output and checked
 * against the recorded hash); only the other rules are printed and compiled. Whatever this build used
 * or made goes into the next cache, so entries of rules that left the plan are dropped.
 */
import type { GeneratedFile } from '../compile-types.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { RuleTypesSource } from '../emit/typescript/types-file.js';
import type { IrMemo } from '../ir/index.js';
import type { NestedNamesSource } from '../naming/index.js';
import { Scope } from '../naming/scope.js';
import type { NamedRule } from '../naming/types.js';
import type { BuildCache, CachedValidator, RelativeDiagnostic } from './cache.js';
import { sha256 } from './hashes.js';

/** The cache key of a rule's part `kind` within `context`: `undefined` for a rule never cached. */
export function cacheKey(
  kind: string,
  context: string,
  own: string | undefined,
): string | undefined {
  return own === undefined ? undefined : sha256(`${kind}\n${context}\n${own}`);
}

/**
 * The IR stage's memo over the cache: what each rule's normalizing gave by IR key (diagnostics,
 * whether its payload is optional), and every rule's recorded in `next`.
 */
export function irMemo(cache: BuildCache, next: BuildCache): IrMemo {
  // Each rule's text, made once for both uses below (a value that does not serialize: undefined).
  const texts = new WeakMap<object, string | undefined>();
  const textOf = (rule: object): string | undefined => {
    if (texts.has(rule)) return texts.get(rule);
    let text: string | undefined;
    try {
      text = JSON.stringify(rule);
    } catch {
      text = undefined;
    }
    if (typeof text !== 'string') text = undefined;
    texts.set(rule, text);
    return text;
  };
  return {
    metaProblems: (rule, schema, check) => {
      const text = textOf(rule);
      if (text === undefined) return check(schema);
      // The same text is the same schema: the same problems (a throw is not remembered).
      const problems = cache.metas?.get(text) ?? check(schema);
      (next.metas ??= new Map()).set(text, problems);
      return problems;
    },
    known: (key) => {
      const diagnostics = cache.ir.get(key);
      const payloadOptional = cache.optional.get(key);
      return diagnostics === undefined || payloadOptional === undefined
        ? undefined
        : { diagnostics, payloadOptional };
    },
    record: (key, rule) => {
      next.ir.set(key, [...rule.diagnostics]);
      next.optional.set(key, rule.payloadOptional);
    },
    ruleHash: (rule, hash) => {
      // The same text is the same rule: its canonical hash is what it was (a value that does not
      // serialize, as from a YAML alias cycle, is hashed the slow way).
      const text = textOf(rule);
      if (text === undefined) return hash(rule);
      const known = (next.texts ??= new Map());
      // The same text as in the last build of this process: no need to hash it again.
      const seen = cache.texts?.get(text);
      if (seen !== undefined) {
        next.hashes.set(seen.fast, seen.hash);
        known.set(text, seen);
        return seen.hash;
      }
      const fast = sha256(text);
      const canonical = cache.hashes.get(fast) ?? hash(rule);
      next.hashes.set(fast, canonical);
      known.set(text, { fast, hash: canonical });
      return canonical;
    },
  };
}

/** A scope that claims in `inner` and notes each claim (wanted, given). */
class RecordingScope extends Scope {
  readonly claims: [wanted: string, given: string][] = [];
  constructor(private readonly inner: Scope) {
    super();
  }
  override isReserved(name: string): boolean {
    return this.inner.isReserved(name);
  }
  override isTaken(name: string): boolean {
    return this.inner.isTaken(name);
  }
  override hold(name: string): void {
    this.inner.hold(name);
  }
  override claimExact(name: string): boolean {
    const taken = this.inner.claimExact(name);
    this.claims.push([name, taken ? name : '']);
    return taken;
  }
  override claim(preferred: string): string {
    const given = this.inner.claim(preferred);
    this.claims.push([preferred, given]);
    return given;
  }
}

/**
 * The nested-names hook of `assignNames`. A rule's names are a function of its IR, its type prefix
 * and what each claim returned; when every claim of the last build got the name it wanted and every
 * one of those names is free now, claiming them again gives the same names without the IR. Else the
 * rule is named as in a full build (its claims recorded when none collided).
 */
export function cachedNestedNames(cache: BuildCache, next: BuildCache): NestedNamesSource {
  return (rule, typePrefix, types, name) => {
    const ir = rule.irKey;
    if (ir === undefined) return name(types);
    const key = sha256(`names\n${ir}\n${typePrefix}`);
    const hit = cache.names.get(key);
    const claims = new Set(hit?.claims);
    if (
      hit !== undefined &&
      claims.size === hit.claims.length &&
      hit.claims.every((n) => !types.isReserved(n) && !types.isTaken(n)) &&
      Object.values(hit.names).every((n) => claims.has(n))
    ) {
      for (const n of hit.claims) types.claimExact(n);
      next.names.set(key, hit);
      return placedNames(hit.names, rule.pointer);
    }
    const recording = new RecordingScope(types);
    const names = name(recording);
    if (recording.claims.every(([wanted, given]) => wanted === given))
      next.names.set(key, {
        claims: recording.claims.map(([wanted]) => wanted),
        names: relativeNames(names, rule.pointer),
      });
    return names;
  };
}

/**
 * Names keyed by pointer, made shorter for the cache: the rule's own pointer, which starts every
 * node's, becomes `#` (the key of the entry holds the pointer, so it is given back exactly).
 */
function relativeNames(names: Record<string, string>, at: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(names))
    out[at !== '' && k.startsWith(at) ? '#' + k.slice(at.length) : k] = v;
  return out;
}

/** {@link relativeNames} undone. */
function placedNames(names: Record<string, string>, at: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(names)) out[k.startsWith('#') ? at + k.slice(1) : k] = v;
  return out;
}

/** Rules' declarations as this build placed them in the types file, by key, for {@link recordTypes}. */
export type PlacedTypes = Map<string, { at: number; text: string; exported: string[] }>;

/**
 * The `ruleTypes` hook of the emitter: for a known key, the range of the last build's types file
 * (read through `read` once, used only if its hash is the recorded one), else printed. Every rule's
 * text and place go to `placed`.
 */
export function cachedRuleTypes(
  cache: BuildCache,
  keys: ReadonlyMap<NamedRule, string | undefined>,
  read: ((path: string) => string | undefined) | undefined,
  placed: PlacedTypes,
  hash: (text: string) => string,
): RuleTypesSource {
  let previous: string | null | undefined;
  const last = (): string | null => {
    if (previous === undefined) {
      const file = cache.typesFile;
      const text = file === undefined ? undefined : read?.(file.path);
      previous = text !== undefined && hash(text) === file?.hash ? text : null;
    }
    return previous;
  };
  return (named, print, at) => {
    const key = keys.get(named);
    if (key === undefined) return print(named);
    const hit = cache.types.get(key);
    const text = hit === undefined ? null : last();
    const types =
      hit !== undefined && text !== null && hit.end <= text.length
        ? { text: text.slice(hit.start, hit.end), exported: hit.exported }
        : print(named);
    placed.set(key, { at, ...types });
    return types;
  };
}

/**
 * Records in `next` where each rule's declarations are in the types file written (`path`, if any),
 * checking that the text there is the rule's (it is not after `--prettier` reformatted the file).
 */
export function recordTypes(
  files: readonly GeneratedFile[],
  path: string,
  placed: PlacedTypes,
  next: BuildCache,
  hash: (text: string) => string,
): void {
  const file = files.find((f) => f.path === path);
  if (file === undefined) return;
  for (const [key, { at, text, exported }] of placed) {
    if (!file.contents.startsWith(text, at)) return void next.types.clear();
    next.types.set(key, { start: at, end: at + text.length, exported });
  }
  next.typesFile = { path, hash: hash(file.contents) };
}

const identity = (r: { type: string; key: string | null; version: number }): string =>
  JSON.stringify([r.type, r.key, r.version]);

/** Validators split into those taken from the last build and the rules left to compile. */
export interface ValidatorPlan {
  /** Cached modules (bytes as on disk, hash checked), by rule. */
  cached: Map<NamedRule, { file: GeneratedFile; diagnostics: Diagnostic[] }>;
  /** Rules whose validator must be compiled, in the order given. */
  compile: NamedRule[];
}

/** A cached diagnostic back in place: the rule's file and identity, the pointer under the rule's. */
function placed(named: NamedRule, d: RelativeDiagnostic): Diagnostic {
  const { rule } = named;
  const { pointer, ...rest } = d;
  return {
    file: rule.file,
    rule: { type: rule.type, key: rule.key, version: rule.version },
    ...rest,
    ...(pointer === undefined ? {} : { pointer: rule.pointer + pointer }),
  };
}

/**
 * Which validators can be taken from the last build: a rule whose key is cached, and whose module
 * `read` returns with the recorded hash (so a deleted or hand-edited module is compiled again).
 */
export function planValidators(
  rules: readonly NamedRule[],
  keys: ReadonlyMap<NamedRule, string | undefined>,
  cache: BuildCache,
  next: BuildCache,
  read: ((path: string) => string | undefined) | undefined,
  hash: (text: string) => string,
): ValidatorPlan {
  const plan: ValidatorPlan = { cached: new Map(), compile: [] };
  for (const named of rules) {
    const key = keys.get(named);
    const hit = key === undefined ? undefined : cache.validators.get(key);
    const text = hit === undefined ? undefined : read?.(hit.path);
    if (key === undefined || hit === undefined || text === undefined || hash(text) !== hit.hash) {
      plan.compile.push(named);
      continue;
    }
    next.validators.set(key, hit);
    plan.cached.set(named, {
      file: { path: hit.path, contents: text },
      diagnostics: hit.diagnostics.map((d) => placed(named, d)),
    });
  }
  return plan;
}

/**
 * Records freshly compiled validators in `next`: a rule's module and its diagnostics, pointers made
 * relative. A rule whose diagnostics cannot be told apart (no rule, a pointer outside it, a
 * duplicated identity) or whose module is missing is not recorded: it is compiled next time too.
 */
export function recordValidators(
  compiled: readonly NamedRule[],
  keys: ReadonlyMap<NamedRule, string | undefined>,
  pathOf: (named: NamedRule) => string,
  files: readonly GeneratedFile[],
  diagnostics: readonly Diagnostic[],
  next: BuildCache,
  hash: (text: string) => string,
): Map<NamedRule, Diagnostic[]> {
  const byIdentity = new Map<string, NamedRule | null>();
  for (const named of compiled) {
    const id = identity(named.rule);
    byIdentity.set(id, byIdentity.has(id) ? null : named);
  }
  const own = new Map<NamedRule, Diagnostic[]>(compiled.map((n) => [n, []]));
  const unsure = new Set<NamedRule>();
  for (const d of diagnostics) {
    const named = d.rule === undefined ? undefined : byIdentity.get(identity(d.rule));
    if (named === undefined || named === null) {
      // Not attributable to one rule: keep nothing of this build's validators.
      for (const n of compiled) unsure.add(n);
      continue;
    }
    own.get(named)!.push(d);
    if (d.pointer !== undefined && !d.pointer.startsWith(named.rule.pointer)) unsure.add(named);
  }
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const named of compiled) {
    const key = keys.get(named);
    const file = byPath.get(pathOf(named));
    if (key === undefined || file === undefined || unsure.has(named)) continue;
    const entry: CachedValidator = {
      path: file.path,
      hash: hash(file.contents),
      diagnostics: own.get(named)!.map(({ file: _file, rule: _rule, pointer, ...rest }) => ({
        ...rest,
        ...(pointer === undefined ? {} : { pointer: pointer.slice(named.rule.pointer.length) }),
      })),
    };
    next.validators.set(key, entry);
  }
  return own;
}
