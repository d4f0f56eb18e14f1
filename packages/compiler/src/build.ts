/**
 * `build`: the programmatic face of `platen build`, and the engine the CLI is a shell over. One
 * build of resolved options runs as steps: resolve → check → compile → check-or-write → remember.
 * Nothing is printed here; each output's outcome is returned (and handed to `onOutput` as it ends).
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { checkPlan, type CheckResult } from './check.js';
import type { GeneratedFile, Language, Mode, ModuleFormat, Sdk } from './compile-types.js';
import { compile, type CompileResult } from './compile.js';
import {
  resolveOptions,
  type OptionsInput,
  type Options,
  type OutputOptions,
} from './config/index.js';
import { hasErrors, type Diagnostic } from './diagnostics/types.js';
import { Incremental, type OutputChange } from './incremental/index.js';
import type { Manifest } from './naming/types.js';
import {
  checkOutput,
  OutputRefusal,
  writeOutput,
  type OutputDiff,
  type WriteResult,
} from './output/index.js';
import type { PlanFormat } from './plan/types.js';
import { PLATEN_VERSION } from './version.js';

/** Options of {@link build}: one client. */
export interface BuildOptions {
  /** Output language. @default 'typescript' */
  language?: Language;
  /** The SDK the client calls. @default 'analytics-next' */
  sdk?: Sdk;
  /** `dev` ships precompiled validators; `prod` ships no validation code. @default 'dev' */
  mode?: Mode;
  /** JavaScript only: ES modules or CommonJS. @default 'esm' */
  module?: ModuleFormat;
  /** Also run prettier over the generated files. @default false */
  prettier?: boolean;
  /** The plan's format when `plan` is a path. @default detected */
  format?: PlanFormat;
  /**
   * The output folder. Its last build's manifest keeps identifiers stable (also when nothing is
   * written); with `write`, the client is written there.
   */
  out?: string;
  /**
   * Write the client into `out`: atomically, replacing only files Platen generated, refusing (an
   * `OutputRefusal`) to overwrite or delete a file a person wrote. @default false
   */
  write?: boolean;
  /** Use the build cache (`node_modules/.cache/platen` or `$PLATEN_CACHE_DIR`). @default true */
  cache?: boolean;
  /** What relative paths are resolved against. @default process.cwd() */
  cwd?: string;
  /** Environment (`PLATEN_CACHE_DIR`). @default process.env */
  env?: Record<string, string | undefined>;
}

/** What {@link build} produced. `files` is empty when `diagnostics` hold an error. */
export interface BuildResult {
  /** Every generated file (path relative to the output folder), sorted, the manifest included. */
  files: GeneratedFile[];
  /** Every problem found in the plan and while compiling, errors and warnings. */
  diagnostics: Diagnostic[];
  /** The manifest (`platen.manifest.json`) of the client. */
  manifest: Manifest;
  /** With `write`: what writing did (`changed: false` when the output was already up to date). */
  written?: WriteResult;
}

/**
 * Compiles a tracking plan into a typed analytics client. `plan` is a plan file or folder (any
 * format `platen check` reads). Never throws for a bad plan: problems come back as diagnostics.
 *
 * @example
 * const { files, diagnostics } = await build('plan.json', { sdk: 'analytics-node' });
 * await build('plan.json', { out: 'src/analytics', write: true });
 */
export async function build(plan: string, options: BuildOptions = {}): Promise<BuildResult> {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out ?? '.platen-unwritten');
  if (options.write === true && options.out === undefined)
    throw new TypeError('build: `write` needs `out`, the folder to write the client into');
  const input: OptionsInput = {
    plan: resolve(cwd, plan),
    outputs: [
      {
        path: out,
        ...(options.language === undefined ? {} : { language: options.language }),
        ...(options.sdk === undefined ? {} : { sdk: options.sdk }),
        ...(options.mode === undefined ? {} : { mode: options.mode }),
        ...(options.module === undefined ? {} : { module: options.module }),
      },
    ],
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.prettier === undefined ? {} : { prettier: options.prettier }),
  };
  const env = options.env ?? process.env;
  const report = await buildOutputs(resolveOptions(input), {
    cwd,
    action: options.write === true ? 'write' : 'none',
    // Without `out` there is no last build to learn from, and nothing to teach the next one.
    incremental: new Incremental({
      env,
      cache: options.cache !== false && options.out !== undefined,
    }),
  });
  const diagnostics = [...report.check.diagnostics];
  const done = report.outputs[0];
  if (done === undefined) return { files: [], diagnostics, manifest: emptyManifest() };
  diagnostics.push(...done.fresh);
  return {
    files: done.result.files,
    diagnostics,
    manifest: done.result.manifest,
    ...(done.written === undefined ? {} : { written: done.written }),
  };
}

/** How {@link buildOutputs} runs. */
export interface BuildRun {
  /** What relative paths are shown against (diagnostics name the plan relative to it). */
  cwd: string;
  /** `write` each output, `check` it against the disk (`build --check`), or neither. */
  action: 'write' | 'check' | 'none';
  /** What the build reuses of the last one, and keeps for the next (one per process). */
  incremental: Incremental;
  /** Called once the plan is checked, before any output is built. */
  onChecked?: (check: CheckResult) => void;
  /** Called as each output finishes, before the next one starts. */
  onOutput?: (report: OutputReport) => void;
}

/** One output's outcome. */
export interface OutputReport {
  output: OutputOptions;
  result: CompileResult;
  /** Diagnostics of this output not already reported for the plan or an earlier output. */
  fresh: Diagnostic[];
  /** `check`: how the output on disk differs from what would be generated. */
  diff?: OutputDiff;
  /** `write`: what writing did. */
  written?: WriteResult;
  /** `write`: what changed since the last build in this process. */
  change?: OutputChange;
  /** Rules printed anew (not taken from the last build). */
  rebuilt: number;
  /** Milliseconds since this output's build started (the first one's: since the plan was read). */
  ms: number;
}

/** What {@link buildOutputs} did. */
export interface BuildReport {
  /** Loading, validating and normalizing the plan (its diagnostics are the plan's, once). */
  check: CheckResult;
  /** The outputs built, in order; it stops at the first with an error. */
  outputs: OutputReport[];
  /** True when neither the plan nor an output had an error. */
  ok: boolean;
}

/**
 * Builds every output of `options` once. Throws an `OutputRefusal` for an output it must not write
 * (the working directory, a folder holding the plan, a person's file in the way).
 */
export async function buildOutputs(options: Options, run: BuildRun): Promise<BuildReport> {
  const started = performance.now();
  const { incremental } = run;
  incremental.begin(
    options.outputs.map((output) => ({
      path: output.path,
      key: outputKey(options, output),
      mode: output.mode,
    })),
  );
  const check = await checkStep(options, run);
  const report: BuildReport = { check, outputs: [], ok: false };
  run.onChecked?.(check);
  if (check.loaded === undefined || check.ir === undefined || hasErrors(check.diagnostics))
    return report;
  const reported = new Set(check.diagnostics.map(diagnosticKey));
  for (const [index, output] of options.outputs.entries()) {
    const start = index === 0 ? started : performance.now();
    refuseUnsafeOutput(options, output, run.cwd);
    const result = await compile(
      check.loaded,
      { ...output, prettier: options.prettier },
      { ir: check.ir, incremental: await incremental.output(output.path) },
    );
    const fresh = unique(result.diagnostics.filter((d) => !reported.has(diagnosticKey(d))));
    for (const d of fresh) reported.add(diagnosticKey(d));
    const done: OutputReport = {
      output,
      result,
      fresh,
      rebuilt: incremental.stats(output.path).rebuilt,
      ms: 0,
    };
    report.outputs.push(done);
    if (hasErrors(result.diagnostics)) {
      done.ms = performance.now() - start;
      run.onOutput?.(done);
      return report;
    }
    if (run.action === 'check') done.diff = await checkOutput(output.path, result.files);
    if (run.action === 'write') {
      done.written = await writeOutput(
        output.path,
        result.files,
        incremental.writeReuse(output.path, result.files),
      );
      done.change = incremental.written(output.path, result, done.written);
    }
    done.ms = performance.now() - start;
    run.onOutput?.(done);
  }
  report.ok = true;
  return report;
}

/** Loads, validates and normalizes the plan, starting dev validators early when worth it. */
async function checkStep(options: Options, run: BuildRun): Promise<CheckResult> {
  // A dev output without cached validators compiles most of them: a large plan's start on a worker
  // thread as soon as the plan is loaded, while it is checked, normalized and emitted.
  const prestart = run.incremental.compilesValidators()
    ? (await import('./validators/index.js')).prestartValidators
    : undefined;
  return checkPlan(
    relative(run.cwd, options.plan) || '.',
    {
      cwd: run.cwd,
      ...(options.format ? { format: options.format } : {}),
      ...(prestart ? { onLoaded: prestart } : {}),
    },
    run.incremental.irMemo(),
  );
}

/**
 * The output folder is replaced as a whole: never a file system root (whose scan would walk every
 * disk), the working directory or a folder holding it, or one holding the plan.
 */
function refuseUnsafeOutput(options: Options, output: OutputOptions, cwd: string): void {
  if (dirname(output.path) === output.path)
    throw new OutputRefusal(
      `Refusing to write to ${output.path}: it is the root of the file system; choose a dedicated folder such as src/analytics.`,
      output.path,
    );
  if (
    output.path !== cwd &&
    !cwd.startsWith(output.path + sep) &&
    !options.plan.startsWith(output.path + sep)
  )
    return;
  throw new OutputRefusal(
    `Refusing to write to ${relative(cwd, output.path) || '.'}: it holds the working directory or the plan; choose a dedicated folder such as src/analytics.`,
    output.path,
  );
}

/** Everything that decides an output's contents: what a watch process remembers it by. */
function outputKey(options: Options, output: OutputOptions): string {
  return JSON.stringify([options.plan, options.format, options.prettier, output]);
}

const diagnosticKey = (d: Diagnostic): string =>
  JSON.stringify([d.code, d.file, d.pointer, d.message, d.rule]);

function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => !seen.has(diagnosticKey(d)) && seen.add(diagnosticKey(d)));
}

function emptyManifest(): Manifest {
  return { platenVersion: PLATEN_VERSION, plan: { id: '', name: '', hash: '' }, rules: [] };
}
