/**
 * What `platen build` and `platen build --watch` share: options from flags or the config file, and
 * one build of every output with a line printed per output.
 */
import { relative, resolve } from 'node:path';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import { buildOutputs as buildWith, type OutputReport } from '../../build.js';
import { loadConfig, resolveOptions, type Options } from '../../config/index.js';
import { renderHuman } from '../../diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/types.js';
import { Incremental } from '../../incremental/index.js';
import { isFresh, OutputRefusal } from '../../output/index.js';
import { runtimeWarning } from '../../output/runtime-check.js';
import type { PlanFormat } from '../../plan/types.js';

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

/**
 * Builds every output of `options` once and prints a line per output. With an `incremental` kept by
 * a `--watch` process, each output's last build comes from its memory, and the line says what
 * changed and what it cost.
 */
export async function buildOutputs(
  options: Options,
  args: Record<string, unknown>,
  io: CliIo,
  incremental = new Incremental({ env: io.env, cache: args.cache !== false }),
  watching = false,
): Promise<number> {
  const cpuStart = process.cpuUsage();
  const show = (p: string): string => relative(io.cwd, p) || '.';
  let status: number = EXIT.ok;
  let report;
  try {
    report = await buildWith(options, {
      cwd: io.cwd,
      action: args.check === true ? 'check' : 'write',
      incremental,
      // Plan errors end the build; warnings are shown once, not once per output.
      onChecked: (check) => {
        if (check.diagnostics.length > 0) io.stderr(renderHuman(check.diagnostics));
      },
      onOutput: (done) => {
        if (done.fresh.length > 0) io.stderr(renderHuman(done.fresh));
        if (hasErrors(done.result.diagnostics)) return;
        const line = outputLine(done, show(done.output.path), watching, cpuStart);
        if (done.diff !== undefined && !isFresh(done.diff)) status = EXIT.failure;
        io.stdout(line);
        if (done.written?.recovered)
          io.stderr(
            `platen: ${show(done.output.path)}: ${done.written.recovered} (from an interrupted build)\n`,
          );
        // Generated code imports @platen/runtime: say so once (not on every watch rebuild) when the
        // output cannot resolve it, with the command that installs it.
        if (done.written !== undefined && done.change?.first !== false) {
          const warning = runtimeWarning(done.output.path, io.cwd);
          if (warning !== undefined) io.stderr(warning + '\n');
        }
      },
    });
  } catch (err) {
    if (err instanceof OutputRefusal) throw new CliFailure(err.message);
    throw err;
  }
  return report.ok ? status : EXIT.failure;
}

/** The line printed for one finished output. */
function outputLine(
  done: OutputReport,
  where: string,
  watching: boolean,
  cpuStart: NodeJS.CpuUsage,
): string {
  const { result, output } = done;
  const counts = `${count(result.files.length, 'file')}, ${count(result.rules, 'event')}, ${output.mode}`;
  const { diff, written, change } = done;
  if (diff !== undefined) {
    if (isFresh(diff)) return `platen: ${where}: up to date (${counts})\n`;
    const lines = [
      ...(diff.interrupted ? ['  an earlier build was interrupted: run platen build'] : []),
      ...(diff.refusal ? [`  ${diff.refusal}`] : []),
      ...diff.missing.map((p) => `  missing: ${p}`),
      ...diff.stale.map((p) => `  stale:   ${p}`),
      ...diff.extra.map((p) => `  extra:   ${p}`),
    ];
    return `platen: ${where}: out of date; run platen build\n${lines.join('\n')}\n`;
  }
  if (!watching) {
    const seconds = (done.ms / 1000).toFixed(2);
    return `platen: ${where}: ${counts}, ${seconds} s${written?.changed ? '' : ', unchanged'}\n`;
  }
  const cpu = process.cpuUsage(cpuStart);
  // The first build has nothing in memory to compare with: it says what it wrote.
  const changed = change?.changed ?? 0;
  const files =
    change?.first !== false
      ? `${count(result.files.length, 'file')}${written?.changed ? '' : ' (unchanged)'}`
      : `${count(changed, 'file')} changed`;
  return (
    `platen: ${where}: ${files}, ` +
    `${done.rebuilt} of ${count(result.rules, 'event')} rebuilt, ${Math.round(done.ms)} ms, ` +
    `cpu=${Math.round((cpu.user + cpu.system) / 1000)}ms\n`
  );
}

/** `1 event`, `2 events`: a count with its noun in the right number. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
