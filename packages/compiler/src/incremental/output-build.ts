/**
 * One output's incremental build: what `compile` asks of the last build of that output. It holds
 * the last build (cache, manifest, file reader) and collects what this build makes for the next
 * one. Each method is one stage's hook; `compile` without an `OutputBuild` is the plain pipeline.
 */
import type { GeneratedFile } from '../compile-types.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { GENERATED_BANNER, type EmitOptions } from '../emit/index.js';
import type { NestedNamesSource } from '../naming/index.js';
import type { Manifest, NamedRule } from '../naming/types.js';
import { emptyCache, type BuildCache } from './cache.js';
import { HashMemo } from './hashes.js';
import {
  cacheKey,
  cachedNestedNames,
  cachedRuleTypes,
  planValidators,
  recordTypes,
  recordValidators,
  type PlacedTypes,
} from './hooks.js';
import { keptFileReader, ownInputs, ruleInputsOf } from './kept-files.js';

/** Reads a file of the last build of the output (path relative to it), or `undefined`. */
export type OutputReader = (path: string) => string | undefined;

/** The last build of one output, as far as it is known. */
export interface LastBuild {
  /** Its manifest: names stay stable, and rules whose inputs match keep their event files. */
  manifest?: Manifest;
  /** Its files, for kept event files and cached validators and types (each hash checked). */
  read?: OutputReader;
  /** Its build cache (./cache.ts). */
  cache?: BuildCache;
}

/** What the validators stage compiles: the rules not taken from the last build. */
export type CompileValidators = (
  rules: NamedRule[],
) => Promise<{ files: GeneratedFile[]; diagnostics: Diagnostic[] }>;

/** The per-rule keys of one build of one output, made once names are known. */
interface Keys {
  /** A rule's inputs for its kept event files (see kept-files.ts). */
  inputs: Map<NamedRule, string | undefined>;
  /** A rule's declarations in the types file depend on the rule and its names only. */
  types: Map<NamedRule, string | undefined>;
  /** A validator depends on the rule, its names and how modules are written. */
  validators: Map<NamedRule, string | undefined>;
}

/** One output's build against its last build (see the module comment). */
export class OutputBuild {
  /** Rules printed anew, not taken from the cache: what a rebuild cost. */
  rebuilt = 0;
  /** Paths taken unchanged from the last build (read back and hash checked). */
  readonly kept = new Set<string>();
  /** What the next build can use: entries this build used or made. */
  readonly next: BuildCache = emptyCache();
  private readonly cache: BuildCache;
  private readonly placed: PlacedTypes = new Map();
  private keys: Keys | undefined;

  constructor(
    private readonly last: LastBuild = {},
    private readonly hashes: HashMemo = new HashMemo(),
  ) {
    this.cache = last.cache ?? emptyCache();
  }

  /** The last build's manifest, for stable names. */
  get previous(): Manifest | undefined {
    return this.last.manifest;
  }

  /** The naming stage's hook: an unchanged rule's nested names are replayed from the cache. */
  nestedNames(): NestedNamesSource {
    return cachedNestedNames(this.cache, this.next);
  }

  /** Keys every rule's parts once names are assigned. */
  start(rules: readonly NamedRule[], emit: EmitOptions, prettier: boolean): void {
    const own = new Map(rules.map((n) => [n, ownInputs(n)]));
    const where = JSON.stringify([emit.language, emit.module ?? 'esm', GENERATED_BANNER]);
    this.keys = {
      inputs: ruleInputsOf(rules, emit, prettier, own),
      types: new Map(rules.map((n) => [n, cacheKey('types', '', own.get(n))])),
      validators: new Map(rules.map((n) => [n, cacheKey('validator', where, own.get(n))])),
    };
  }

  /** The emit stage's hooks: kept event files and cached declarations, each counted. */
  emitHooks(): Pick<EmitOptions, 'keep' | 'ruleTypes'> {
    const keys = this.required();
    const hash = (text: string): string => this.hashes.of(text);
    const types = cachedRuleTypes(this.cache, keys.types, this.last.read, this.placed, hash);
    const read = this.last.read;
    const keep =
      read === undefined || this.last.manifest === undefined
        ? undefined
        : keptFileReader(this.last.manifest, keys.inputs, read, hash);
    return {
      ruleTypes: (rule, print, at) =>
        types(
          rule,
          (r) => {
            this.rebuilt++;
            return print(r);
          },
          at,
        ),
      ...(keep === undefined
        ? {}
        : {
            keep: (path: string, rule: NamedRule) => {
              const text = keep(path, rule);
              if (text !== undefined) this.kept.add(path);
              return text;
            },
          }),
    };
  }

  /**
   * The validators stage: rules whose module the last build wrote (hash checked) keep it; `compile`
   * compiles the rest. Diagnostics come in rule order, as one compilation of every rule gives them.
   */
  async validators(
    rules: readonly NamedRule[],
    pathOf: (named: NamedRule) => string,
    compile: CompileValidators,
  ): Promise<{ files: GeneratedFile[]; diagnostics: Diagnostic[] }> {
    const keys = this.required().validators;
    const hash = (text: string): string => this.hashes.of(text);
    const plan = planValidators(rules, keys, this.cache, this.next, this.last.read, hash);
    const fresh = await compile(plan.compile);
    const compiled = recordValidators(
      plan.compile,
      keys,
      pathOf,
      fresh.files,
      fresh.diagnostics,
      this.next,
      hash,
    );
    const files: GeneratedFile[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const rule of rules) {
      const kept = plan.cached.get(rule);
      if (kept !== undefined) {
        files.push(kept.file);
        this.kept.add(kept.file.path);
      }
      diagnostics.push(...(kept?.diagnostics ?? compiled.get(rule) ?? []));
    }
    const attributed = new Set([...compiled.values()].flat());
    diagnostics.push(...fresh.diagnostics.filter((d) => !attributed.has(d)));
    return { files: files.concat(fresh.files), diagnostics };
  }

  /** Each rule's inputs hash, for the manifest (see kept-files.ts). */
  inputs(): ReadonlyMap<NamedRule, string | undefined> {
    return this.required().inputs;
  }

  /** SHA-256 of a generated file's text, memoized across the builds of a process. */
  hash(text: string): string {
    return this.hashes.of(text);
  }

  /** After formatting: where each rule's declarations sit in the types file `typesPath` as written. */
  formatted(files: readonly GeneratedFile[], typesPath: string): void {
    recordTypes(files, typesPath, this.placed, this.next, (text) => this.hashes.of(text));
  }

  private required(): Keys {
    if (this.keys === undefined) throw new Error('OutputBuild: start() must come first');
    return this.keys;
  }
}
