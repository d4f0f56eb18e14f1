/**
 * `Incremental`: everything that makes a build reuse the last one, behind one object. It owns each
 * output's build cache (`node_modules/.cache/platen`), the last manifest, the reader of the last
 * output, the hash memo, a `--watch` process's memory of its last build, and the merging of what
 * the outputs of one plan learn about its rules. Four kinds of reuse, four names:
 * - *kept files*: a rule's event files carried over from the last output (./kept-files.ts);
 * - *cached* parts: declarations, validators, nested names by rule key (./cache.ts, ./hooks.ts);
 * - *known rules*: IR diagnostics by rule text, normalized on first use (the IR stage's `IrMemo`);
 * - *recovered validators*: modules read back from the output when no cache exists
 *   (validators/recovered.ts), and the watch *memory* of the files last written (./memory.ts).
 */
import type { GeneratedFile } from '../compile-types.js';
import type { Mode } from '../compile-types.js';
import type { IrMemo } from '../ir/index.js';
import type { Manifest } from '../naming/types.js';
import { MANIFEST_FILE } from '../output/manifest.js';
import { outputReader, readLastManifest } from '../output/read.js';
import { folderStamps, type InPlace, type WriteResult } from '../output/write.js';
import { readValidatorModules } from '../output/scan.js';
import { cacheFileOf, emptyCache, readCache, writeCache, type BuildCache } from './cache.js';
import { HashMemo } from './hashes.js';
import { irMemo } from './hooks.js';
import { remember, rememberingReader, type OutputMemory } from './memory.js';
import { OutputBuild } from './output-build.js';

export { OutputBuild, type LastBuild, type OutputReader } from './output-build.js';
export { emptyCache, type BuildCache } from './cache.js';

/** How an {@link Incremental} keeps what it learns. */
export interface IncrementalSettings {
  /** The environment: `PLATEN_CACHE_DIR` overrides where cache files live. */
  env: Record<string, string | undefined>;
  /**
   * Read and write each output's build cache file. Without it (`--no-cache`) a build still keeps
   * the last output's unchanged event files and validator modules (both hash checked).
   * @default true
   */
  cache?: boolean;
  /** Keep each output's last build in memory between builds (a `--watch` process). @default false */
  memory?: boolean;
}

/** One output of a build: where it goes, and a key for everything that decides its contents. */
export interface IncrementalOutput {
  path: string;
  key: string;
  mode: Mode;
}

/** This build's state of one output. */
interface Current {
  output: IncrementalOutput;
  file: string | undefined;
  cache: BuildCache;
  kept: OutputMemory | undefined;
  lastText?: string;
  build?: OutputBuild;
  /** Validator modules read back from the output (when no cache was loaded): path → text. */
  recovered?: Map<string, string>;
}

/** What a finished output's build changed, as far as this object can tell. */
export interface OutputChange {
  /** True when this output had no last build in memory (always, outside a watch process). */
  first: boolean;
  /** Files whose text differs from the last build in memory (watch only). */
  changed: number;
}

/** The incremental machinery of a process (see the module comment). */
export class Incremental {
  private readonly hashes = new HashMemo();
  private readonly memory = new Map<string, OutputMemory>();
  private current = new Map<string, Current>();
  /** What this build's IR stage learned, merged into every output's next cache. */
  private irNext = emptyCache();
  private known = emptyCache();

  constructor(private readonly settings: IncrementalSettings) {}

  /** Starts a build of `outputs`: takes each one's last build from memory or its cache file. */
  begin(outputs: readonly IncrementalOutput[]): void {
    this.hashes.nextBuild();
    this.current = new Map();
    for (const output of outputs) {
      const file =
        this.settings.cache === false ? undefined : cacheFileOf(output.path, this.settings.env);
      const kept = this.settings.memory === true ? this.memory.get(output.key) : undefined;
      const cache = kept?.cache ?? readCache(file);
      this.current.set(output.path, { output, file, cache, kept });
    }
    // The IR is the plan's, shared by the outputs: what any of them knows counts.
    this.known = emptyCache();
    for (const { cache } of this.current.values()) mergeIr(this.known, cache, true);
    this.irNext = emptyCache();
  }

  /** The IR stage's memo, when some output has a last build to learn from or to teach. */
  irMemo(): IrMemo | undefined {
    const any = [...this.current.values()].some((c) => c.file !== undefined || c.kept);
    return any ? irMemo(this.known, this.irNext) : undefined;
  }

  /** True when some dev output has no cached validators: most of them will be compiled. */
  compilesValidators(): boolean {
    return [...this.current.values()].some((c) => c.output.mode === 'dev' && !c.cache.loaded);
  }

  /** The last build of the output at `path`, for `compile`. */
  async output(path: string): Promise<OutputBuild> {
    const current = this.required(path);
    const { kept, cache } = current;
    let manifest: Manifest | undefined;
    if (kept !== undefined) {
      manifest = kept.manifest;
      current.lastText = kept.manifestText;
    } else {
      const last = await readLastManifest(path);
      manifest = last.manifest;
      if (last.text !== undefined) current.lastText = last.text;
    }
    // Without a cache, validators whose schema did not change are still taken from the last
    // build's modules instead of recompiled (each module names the hash of its schema).
    if (current.output.mode === 'dev' && !cache.loaded) {
      current.recovered = await readValidatorModules(path);
      const { seedValidatorCache } = await import('../validators/index.js');
      seedValidatorCache([...current.recovered.values()]);
    }
    const disk = outputReader(path);
    const read = kept === undefined ? disk : rememberingReader(path, kept.files, disk);
    current.build = new OutputBuild(
      { ...(manifest === undefined ? {} : { manifest }), read, cache },
      this.hashes,
    );
    return current.build;
  }

  /**
   * How `writeOutput` may reuse the output on disk for `files`: the paths known to hold these very
   * bytes (kept files, recovered validators), checked against the last manifest's text.
   */
  writeReuse(
    path: string,
    files: readonly GeneratedFile[],
  ): { unchanged: ReadonlySet<string>; manifest: string; inPlace?: InPlace } | undefined {
    const current = this.required(path);
    if (current.lastText === undefined) return undefined;
    const unchanged = new Set(current.build?.kept);
    const recovered = current.recovered;
    if (recovered !== undefined)
      for (const file of files)
        if (recovered.get(file.path) === file.contents) unchanged.add(file.path);
    const folders = current.kept?.folders;
    return {
      unchanged,
      manifest: current.lastText,
      ...(folders === undefined
        ? {}
        : { inPlace: { previous: new Set(current.kept!.files.keys()), folders } }),
    };
  }

  /** Records what the build of `path` made, once written: the cache file, or the watch memory. */
  written(
    path: string,
    result: { files: readonly GeneratedFile[]; manifest: Manifest },
    written: WriteResult,
  ): OutputChange {
    const current = this.required(path);
    const next = current.build?.next ?? emptyCache();
    mergeIr(next, this.irNext, this.settings.memory === true);
    if (this.settings.memory !== true) {
      writeCache(current.file, next, path);
      return { first: true, changed: written.changed ? result.files.length : 0 };
    }
    // A watch process writes the cache file only on its first build and when it stops (see
    // save()): in between, the cache is this memory.
    if (current.kept === undefined) writeCache(current.file, next, path);
    next.loaded = true;
    const now = remember(path, result.files, current.kept?.files);
    this.memory.set(current.output.key, {
      cache: next,
      manifestText: result.files.find((f) => f.path === MANIFEST_FILE)?.contents ?? '',
      manifest: result.manifest,
      files: now.files,
      folders: written.folders ?? folderStampsOrNone(path),
    });
    return { first: current.kept === undefined, changed: written.changed ? now.changed : 0 };
  }

  /** Writes the cache file of every output in memory (a `--watch` process stopping). */
  save(): void {
    if (this.settings.cache === false) return;
    for (const { output } of this.current.values()) {
      const kept = this.memory.get(output.key);
      if (kept !== undefined)
        writeCache(cacheFileOf(output.path, this.settings.env), kept.cache, output.path);
    }
  }

  /** The number of rules printed anew and the paths kept by the last build of `path`. */
  stats(path: string): { rebuilt: number; kept: ReadonlySet<string> } {
    const build = this.current.get(path)?.build;
    return { rebuilt: build?.rebuilt ?? 0, kept: build?.kept ?? new Set() };
  }

  private required(path: string): Current {
    const current = this.current.get(path);
    if (current === undefined) throw new Error(`Incremental: ${path} is not part of this build`);
    return current;
  }
}

/**
 * Copies what the IR stage knows from `from` into `into`: diagnostics, whether payloads are optional
 * and content hashes, and, when `texts` (a watch process: in memory only, never written), rule texts
 * and meta-schema problems.
 */
function mergeIr(into: BuildCache, from: BuildCache, texts: boolean): void {
  for (const [k, v] of from.ir) into.ir.set(k, v);
  for (const [k, v] of from.optional) into.optional.set(k, v);
  for (const [k, v] of from.hashes) into.hashes.set(k, v);
  if (!texts) return;
  if (from.texts !== undefined) {
    const map = (into.texts ??= new Map());
    for (const [k, v] of from.texts) map.set(k, v);
  }
  if (from.metas !== undefined) {
    const map = (into.metas ??= new Map());
    for (const [k, v] of from.metas) map.set(k, v);
  }
}

/** {@link folderStamps}, or none (no update in place next time) when the output cannot be listed. */
function folderStampsOrNone(dir: string): Map<string, string> | undefined {
  try {
    return folderStamps(dir);
  } catch {
    return undefined;
  }
}
