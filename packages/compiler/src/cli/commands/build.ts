/**
 * `platen build`: plan → generated client(s), written atomically. Options come from
 * `platen.config.json`/`.yml` (or `--config`), or from `--plan` and `--out`. `--check` writes
 * nothing and exits 1 when the output on disk is not what would be generated.
 */
import { lstatSync, readFileSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import { checkPlan } from '../../check.js';
import { pullBeforeBuild, withPullOptions } from './plans-build-pull.js';
import { compile } from '../../compile.js';
import {
  FORMAT_CHOICES,
  loadConfig,
  OUTPUT_CHOICES,
  resolveOptions,
  type Options,
} from '../../config/index.js';
import { renderHuman } from '../../diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/types.js';
import type { Manifest } from '../../naming/types.js';
import {
  checkOutput,
  folderStamps,
  isFresh,
  MANIFEST_FILE,
  OutputRefusal,
  parseManifest,
  readValidatorModules,
  writeOutput,
} from '../../output/index.js';
import type { PlanFormat } from '../../plan/types.js';
import { cacheFileOf, emptyCache, readCache, writeCache } from '../../output/cache.js';
import { irReuse } from '../../output/incremental.js';
import { nextHashGeneration } from '../../output/reuse.js';
import type { BuildCache } from '../../output/cache.js';
import type { GeneratedFile } from '../../compile-types.js';

/** Resolves options from flags or the config file; a usage problem throws, a bad config returns diagnostics. */
export async function resolveBuildOptions(
  args: Record<string, unknown>,
  io: CliIo,
): Promise<Options | Diagnostic[]> {
  const plan = args.plan as string | undefined;
  const out = args.out as string | undefined;
  if (plan !== undefined || out !== undefined) {
    if (args.config !== undefined)
      throw new UsageError('Use either --config or --plan/--out, not both.');
    if (plan === undefined || out === undefined)
      throw new UsageError('--plan and --out go together.');
    return resolveOptions({
      plan: resolve(io.cwd, plan),
      ...(args.format === undefined ? {} : { format: args.format as PlanFormat }),
      outputs: [
        {
          path: resolve(io.cwd, out),
          ...(args.language === undefined
            ? {}
            : { language: args.language as Options['outputs'][0]['language'] }),
          ...(args.sdk === undefined ? {} : { sdk: args.sdk as Options['outputs'][0]['sdk'] }),
          ...(args.mode === undefined ? {} : { mode: args.mode as Options['outputs'][0]['mode'] }),
          ...(args.module === undefined
            ? {}
            : { module: args.module as NonNullable<Options['outputs'][0]['module']> }),
        },
      ],
      ...(args.prettier === undefined ? {} : { prettier: Boolean(args.prettier) }),
    });
  }
  for (const flag of ['language', 'sdk', 'mode', 'module', 'format']) {
    if (args[flag] !== undefined)
      throw new UsageError(`--${flag} needs --plan and --out (with a config file, set it there).`);
  }
  const config = await loadConfig(io.cwd, args.config as string | undefined);
  if (config === undefined) {
    throw new UsageError(
      'No platen.config.json or platen.config.yml here: pass --plan and --out, or run platen init.',
    );
  }
  return config.options ?? config.diagnostics;
}

/** The last build's manifest in `dir`: its text, and what it says (undefined when not a manifest). */
async function readPrevious(dir: string): Promise<{ text?: string; manifest?: Manifest }> {
  try {
    const text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
    return { text, manifest: parseManifest(text) };
  } catch {
    return {};
  }
}

/**
 * Reads files of the last build in `dir`, for reuse (their hash is checked before they are used): a
 * regular file only, never through a symbolic link. Each folder is checked once per build.
 */
function generatedReader(dir: string): (path: string) => string | undefined {
  const plain = new Map<string, boolean>();
  // True when neither `folder` nor any folder between it and `dir` (included) is a symbolic link.
  const isPlain = (folder: string): boolean => {
    let known = plain.get(folder);
    if (known === undefined) {
      known =
        !lstatSync(folder).isSymbolicLink() &&
        (folder.length <= dir.length || isPlain(dirname(folder)));
      plain.set(folder, known);
    }
    return known;
  };
  return (path) => {
    try {
      const abs = join(dir, path);
      if (!isPlain(dirname(abs)) || !isPlain(dir)) return undefined;
      return lstatSync(abs).isFile() ? readFileSync(abs, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
}

/** A generated file as the last build in this process wrote it, and the file's identity on disk. */
interface Remembered {
  contents: string;
  /** Device, inode, size and modification time when it was written (or last read and found equal). */
  stamp: string | undefined;
}

/** What a `--watch` process keeps of an output's last build, so the next one reads nothing of it. */
export interface OutputMemory {
  cache: BuildCache;
  manifestText: string;
  manifest: Manifest;
  files: Map<string, Remembered>;
  /**
   * Every folder of the output as this process's last write left it (see `InPlace` in
   * output/write.ts): while none changed, the next build replaces its changed files in place.
   */
  folders?: Map<string, string>;
}

/** Memory of each output's last build, by what the output is (path and options). */
export type BuildMemory = Map<string, OutputMemory>;

const stampOf = (st: Stats): string =>
  `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.isFile() ? 'f' : 'x'}`;

function statStamp(path: string): string | undefined {
  try {
    return stampOf(lstatSync(path));
  } catch {
    return undefined;
  }
}

/**
 * {@link generatedReader} from memory: a file still on disk as this process wrote it (same inode,
 * size and time) is not read again; anything else (edited by hand, replaced, gone) is read from disk
 * as in a one-off build.
 */
function rememberingReader(
  dir: string,
  files: ReadonlyMap<string, Remembered>,
): (path: string) => string | undefined {
  const disk = generatedReader(dir);
  return (path) => {
    const known = files.get(path);
    if (known?.stamp !== undefined && statStamp(join(dir, path)) === known.stamp)
      return known.contents;
    return disk(path);
  };
}

/** The memory of `files` just written to `dir`: stamps kept for files whose text did not change. */
function remember(
  dir: string,
  files: readonly GeneratedFile[],
  before: ReadonlyMap<string, Remembered> | undefined,
): { files: Map<string, Remembered>; changed: number } {
  const now = new Map<string, Remembered>();
  let changed = 0;
  for (const file of files) {
    const old = before?.get(file.path);
    const same = old !== undefined && old.contents === file.contents;
    if (!same) changed++;
    const abs = join(dir, file.path);
    const stamp = same && old.stamp !== undefined ? old.stamp : statStamp(abs);
    now.set(file.path, { contents: file.contents, stamp });
  }
  if (before !== undefined) for (const path of before.keys()) if (!now.has(path)) changed++;
  return { files: now, changed };
}

/** {@link folderStamps}, or none (no update in place next time) when the output cannot be listed. */
function folderStampsOrNone(dir: string): Map<string, string> | undefined {
  try {
    return folderStamps(dir);
  } catch {
    return undefined;
  }
}

const memoryKey = (options: Options, output: Options['outputs'][number]): string =>
  JSON.stringify([options.plan, options.format, options.prettier, output]);

/**
 * Files known to equal what the output holds now: those compile reused, and validator modules whose
 * text is the one read from disk before compiling (the write links them instead of writing).
 */
function unchangedFiles(
  result: { files: readonly { path: string; contents: string }[]; reused: ReadonlySet<string> },
  validators: ReadonlyMap<string, string> | undefined,
): Set<string> {
  const unchanged = new Set(result.reused);
  if (validators === undefined) return unchanged;
  for (const file of result.files)
    if (validators.get(file.path) === file.contents) unchanged.add(file.path);
  return unchanged;
}

const key = (d: Diagnostic): string =>
  JSON.stringify([d.code, d.file, d.pointer, d.message, d.rule]);

function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => !seen.has(key(d)) && seen.add(key(d)));
}

async function run(args: Record<string, unknown>, io: CliIo): Promise<number> {
  if (args.watch === true) {
    if (args.check === true) throw new UsageError('--watch and --check do not go together.');
    if (args.pull === true)
      throw new UsageError('--watch builds from the local plan file: run platen pull first.');
    const { watchBuild } = await import('./build-watch.js');
    return watchBuild(args, io);
  }
  const options = await resolveBuildOptions(args, io);
  if (Array.isArray(options)) {
    io.stderr(renderHuman(options));
    return EXIT.failure;
  }
  await pullBeforeBuild(args, options.plan, options.format, io);
  return buildOutputs(options, args, io);
}

/**
 * Builds every output of `options` once. With `memory` (a `--watch` process), each output's last
 * build is taken from there instead of the disk (cache, manifest, generated files), what this build
 * made is put back, and each output's line says what changed and what it cost.
 */
export async function buildOutputs(
  options: Options,
  args: Record<string, unknown>,
  io: CliIo,
  memory?: BuildMemory,
): Promise<number> {
  const cpuStart = process.cpuUsage();
  nextHashGeneration();
  const buildStart = performance.now();
  const show = (p: string): string => relative(io.cwd, p) || '.';
  // Per-rule results of the last build of each output (IR, names, types, validators); `--no-cache`
  // builds without them. The IR is the plan's, shared by the outputs: what any of them knows counts.
  const caches = options.outputs.map((output) => {
    const file = args.cache === false ? undefined : cacheFileOf(output.path, io.env);
    const kept = memory?.get(memoryKey(options, output));
    if (kept !== undefined) return { file, cache: kept.cache, kept };
    return { file, cache: file === undefined ? emptyCache() : readCache(file), kept };
  });
  const known = emptyCache();
  for (const { cache } of caches) {
    for (const [k, v] of cache.ir) known.ir.set(k, v);
    for (const [k, v] of cache.hashes) known.hashes.set(k, v);
    if (cache.texts !== undefined) {
      const texts = (known.texts ??= new Map());
      for (const [k, v] of cache.texts) texts.set(k, v);
    }
    if (cache.metas !== undefined) {
      const metas = (known.metas ??= new Map());
      for (const [k, v] of cache.metas) metas.set(k, v);
    }
  }
  const irNext = emptyCache();
  // A dev output without cached validators compiles most of them: a large plan's start on a worker
  // thread as soon as the plan is loaded, while it is checked, normalized and emitted.
  const prestart = options.outputs.some((o, i) => o.mode === 'dev' && !caches[i]!.cache.loaded)
    ? (await import('../../validators/index.js')).prestartValidators
    : undefined;
  const checked = await checkPlan(
    show(options.plan),
    {
      cwd: io.cwd,
      ...(options.format ? { format: options.format } : {}),
      ...(prestart ? { onLoaded: prestart } : {}),
    },
    caches.some((c) => c.file !== undefined || c.kept !== undefined)
      ? irReuse(known, irNext)
      : undefined,
  );
  if (!checked.loaded || hasErrors(checked.diagnostics)) {
    io.stderr(renderHuman(checked.diagnostics));
    return EXIT.failure;
  }
  // Warnings are shown once, not once per output.
  if (checked.diagnostics.length > 0) io.stderr(renderHuman(checked.diagnostics));
  let status: number = EXIT.ok;
  const reported: Diagnostic[] = [...checked.diagnostics];
  for (const [index, output] of options.outputs.entries()) {
    const started = index === 0 ? buildStart : performance.now();
    // The output folder is replaced as a whole: never the working directory or one holding the plan.
    if (output.path === io.cwd || options.plan.startsWith(output.path + sep)) {
      throw new CliFailure(
        `Refusing to write to ${show(output.path)}: it holds the working directory or the plan; choose a dedicated folder such as src/analytics.`,
      );
    }
    const { file: cacheFile, cache, kept } = caches[index]!;
    // Without a cache, validators whose schema did not change are still taken from the last build's
    // modules instead of recompiled (each module names the hash of its schema).
    const validators =
      output.mode === 'dev' && !cache.loaded ? await readValidatorModules(output.path) : undefined;
    if (validators !== undefined) {
      const { seedValidatorCache } = await import('../../validators/index.js');
      seedValidatorCache([...validators.values()]);
    }
    const previous =
      kept === undefined
        ? await readPrevious(output.path)
        : { text: kept.manifestText, manifest: kept.manifest };
    const result = await compile(
      checked.loaded,
      { ...output, prettier: options.prettier },
      previous.manifest,
      checked.ir,
      kept === undefined
        ? generatedReader(output.path)
        : rememberingReader(output.path, kept.files),
      cache,
    );
    const fresh = result.diagnostics.filter((d) => !reported.some((r) => key(r) === key(d)));
    reported.push(...fresh);
    if (fresh.length > 0) io.stderr(renderHuman(unique(fresh)));
    if (hasErrors(result.diagnostics)) return EXIT.failure;
    const where = show(output.path);
    const counts = `${result.files.length} files, ${result.rules} events, ${output.mode}`;
    if (args.check) {
      const diff = await checkOutput(output.path, result.files);
      if (isFresh(diff)) {
        io.stdout(`platen: ${where}: up to date (${counts})\n`);
        continue;
      }
      status = EXIT.failure;
      const lines = [
        ...(diff.interrupted ? ['  an earlier build was interrupted: run platen build'] : []),
        ...(diff.refusal ? [`  ${diff.refusal}`] : []),
        ...diff.missing.map((p) => `  missing: ${p}`),
        ...diff.stale.map((p) => `  stale:   ${p}`),
        ...diff.extra.map((p) => `  extra:   ${p}`),
      ];
      io.stdout(`platen: ${where}: out of date; run platen build\n${lines.join('\n')}\n`);
      continue;
    }
    try {
      const written = await writeOutput(
        output.path,
        result.files,
        previous.text === undefined
          ? undefined
          : {
              unchanged: unchangedFiles(result, validators),
              manifest: previous.text,
              ...(kept?.folders === undefined
                ? {}
                : { inPlace: { previous: new Set(kept.files.keys()), folders: kept.folders } }),
            },
      );
      for (const [k, v] of irNext.ir) result.cache.ir.set(k, v);
      for (const [k, v] of irNext.hashes) result.cache.hashes.set(k, v);
      // Only a watch process keeps the rules' texts (a one-off build's cache is written, not kept).
      if (memory !== undefined && irNext.texts !== undefined) result.cache.texts = irNext.texts;
      if (memory !== undefined && irNext.metas !== undefined) result.cache.metas = irNext.metas;
      if (written.recovered)
        io.stderr(`platen: ${where}: ${written.recovered} (from an interrupted build)\n`);
      if (memory === undefined) {
        writeCache(cacheFile, result.cache, output.path);
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        io.stdout(
          `platen: ${where}: ${counts}, ${seconds} s${written.changed ? '' : ', unchanged'}\n`,
        );
        continue;
      }
      // A watch process writes the cache file only on its first build and when it stops (see
      // build-watch.ts): in between, the cache is this memory.
      if (kept === undefined) writeCache(cacheFile, result.cache, output.path);
      result.cache.loaded = true;
      const manifestText = result.files.find((f) => f.path === MANIFEST_FILE)?.contents ?? '';
      const now = remember(output.path, result.files, kept?.files);
      memory.set(memoryKey(options, output), {
        cache: result.cache,
        manifestText,
        manifest: result.manifest,
        files: now.files,
        folders: written.folders ?? folderStampsOrNone(output.path),
      });
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuStart);
      const changed = written.changed ? now.changed : 0;
      // The first build has nothing in memory to compare with: it says what it wrote.
      const files =
        kept === undefined
          ? `${result.files.length} files${written.changed ? '' : ' (unchanged)'}`
          : `${changed} ${changed === 1 ? 'file' : 'files'} changed`;
      io.stdout(
        `platen: ${where}: ${files}, ` +
          `${result.rebuilt} of ${result.rules} events rebuilt, ${Math.round(ms)} ms, ` +
          `cpu=${Math.round((cpu.user + cpu.system) / 1000)}ms\n`,
      );
    } catch (err) {
      if (err instanceof OutputRefusal) throw new CliFailure(err.message);
      throw err;
    }
  }
  return status;
}

/** Writes each remembered output's cache file (a `--watch` process stopping). */
export function saveMemory(
  options: Options,
  io: CliIo,
  memory: BuildMemory,
  noCache: boolean,
): void {
  if (noCache) return;
  for (const output of options.outputs) {
    const kept = memory.get(memoryKey(options, output));
    if (kept !== undefined) writeCache(cacheFileOf(output.path, io.env), kept.cache, output.path);
  }
}

export const buildCommand: CliCommand = {
  command: 'build',
  describe: 'Generate the typed analytics client(s) from a tracking plan',
  builder: (y) =>
    withPullOptions(y)
      .option('config', {
        type: 'string',
        describe: 'Config file (default: platen.config.json or .yml here)',
      })
      .option('plan', {
        type: 'string',
        describe: 'Plan file or folder of JSON Schemas (instead of a config)',
      })
      .option('out', { type: 'string', describe: 'Output directory (with --plan)' })
      .option('format', {
        type: 'string',
        choices: FORMAT_CHOICES,
        describe: 'Force the plan format',
      })
      .option('language', {
        type: 'string',
        choices: OUTPUT_CHOICES.language.choices,
        describe: `${OUTPUT_CHOICES.language.describe} (default ${OUTPUT_CHOICES.language.default})`,
      })
      .option('sdk', {
        type: 'string',
        choices: OUTPUT_CHOICES.sdk.choices,
        describe: `${OUTPUT_CHOICES.sdk.describe} (default ${OUTPUT_CHOICES.sdk.default})`,
      })
      .option('mode', {
        type: 'string',
        choices: OUTPUT_CHOICES.mode.choices,
        describe: `${OUTPUT_CHOICES.mode.describe} (default ${OUTPUT_CHOICES.mode.default})`,
      })
      .option('module', {
        type: 'string',
        choices: OUTPUT_CHOICES.module.choices,
        describe: `${OUTPUT_CHOICES.module.describe} (default ${OUTPUT_CHOICES.module.default})`,
      })
      .option('prettier', {
        type: 'boolean',
        describe:
          'Also run prettier over generated files (default false: they are printed in its style)',
      })
      .option('cache', {
        type: 'boolean',
        default: true,
        describe:
          'Reuse unchanged rules from the last build (cache in node_modules/.cache/platen or $PLATEN_CACHE_DIR); --no-cache builds everything',
      })
      .option('check', {
        type: 'boolean',
        default: false,
        describe: 'Write nothing; exit 1 when the output is stale',
      })
      .option('watch', {
        type: 'boolean',
        default: false,
        describe:
          'Build, then rebuild in this process whenever the plan (or config) file changes; Ctrl-C stops',
      }),
  run,
};
