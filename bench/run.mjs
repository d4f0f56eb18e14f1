#!/usr/bin/env node
/**
 * Platen's benchmark harness. `pnpm bench` (Platen alone) or `pnpm bench:peers` (with Typewriter
 * 9.2.0, installed on demand into bench/.work/typewriter). Writes bench/RESULTS.md.
 *
 * Flags: --peers, --sizes 100,1000,5000,10000, --runs 3, --budget 240 (seconds of runs per build
 * configuration before it stops repeating), --peer-limit 120 (seconds: a Typewriter run longer
 * than this ends peers for larger plans), --stage-max 5000 (largest plan in the per-stage table),
 * --modes dev,prod, --type-modes dev,prod, --rebuild-mode dev, --sections builds,bundle,types,
 * rebuild,stages,status, --status-files 5000, --reuse DIR (measure an earlier run's clients), --render a.json,b.json (merge
 * runs' results into one report), --out bench/RESULTS.md, --work DIR, --smoke (N=50, one run).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem, type, release } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR, ROOT, TYPEWRITER_DIR } from './lib/paths.mjs';
import { renderResults } from './lib/report.mjs';
import { runSuite } from './lib/suite.mjs';

export { stats } from './lib/measure.mjs';
export { table } from './lib/report.mjs';

/** Default options; `smoke` shrinks every measure to seconds. */
export function benchOptions(argv = [], log = (line) => process.stderr.write(line + '\n')) {
  const flag = (name) => argv.includes(`--${name}`);
  const value = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const smoke = flag('smoke');
  const sizes = (value('sizes') ?? (smoke ? '50' : '100,1000,5000,10000')).split(',').map(Number);
  return {
    smoke,
    peers: flag('peers'),
    // Sections to run (builds,bundle,types,rebuild,stages); the others can come from another run,
    // merged by --render. With --reuse, builds are skipped unless listed.
    sections:
      value('sections')?.split(',') ??
      (value('reuse') ? ['bundle', 'types', 'rebuild', 'stages'] : undefined),
    modes: value('modes')?.split(','),
    // The smoke run type-checks the prod client only (dev adds validators tsc must still parse).
    typeModes: value('type-modes')?.split(',') ?? (smoke ? ['prod'] : undefined),
    rebuildMode: value('rebuild-mode'),
    sizes,
    runs: Number(value('runs') ?? (smoke ? 1 : 3)),
    budgetMs: Number(value('budget') ?? 240) * 1000,
    // Typewriter is time-boxed: a plan where one of its runs exceeds this ends peers for larger plans.
    peerLimitMs: Number(value('peer-limit') ?? 120) * 1000,
    peerTypesLimit: 2000,
    stageRuns: Number(value('stage-runs') ?? 1),
    // The per-stage table costs a full build per row; the largest plan is left to the CLI table.
    stageMaxEvents: Number(value('stage-max') ?? 5000),
    rebuildEvents: Number(value('rebuild-events') ?? (smoke ? 50 : 5000)),
    bundleEvents: smoke ? 50 : 500,
    typeSizes: smoke ? [50] : [1000, 5000],
    completionEvents: smoke ? 50 : 5000,
    // `platen status` over a generated app of this many files (issue 17: 5,000 in ≤ 10 s).
    statusFiles: Number(value('status-files') ?? (smoke ? 50 : 5000)),
    lsRuns: Number(value('ls-runs') ?? (smoke ? 1 : 3)),
    calls: smoke ? 2000 : 100_000,
    rounds: smoke ? 2 : 5,
    callPasses: smoke ? 1 : 3,
    reuse: value('reuse') === undefined ? undefined : resolve(value('reuse')),
    work: resolve(
      value('work') ?? join(BENCH_DIR, '.work', smoke ? `smoke-${process.pid}` : 'run'),
    ),
    out: resolve(value('out') ?? join(BENCH_DIR, smoke ? '.work/RESULTS.smoke.md' : 'RESULTS.md')),
    log,
  };
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown'; // Not a git checkout.
  }
}

function uptime() {
  const [a, b, c] = loadavg().map((x) => x.toFixed(2));
  return `${a}, ${b}, ${c}`;
}

function versionOf(pkg, from = ROOT) {
  try {
    return createRequire(join(from, 'package.json'))(`${pkg}/package.json`).version;
  } catch {
    return undefined;
  }
}

/** Runs the benchmark with `options` and writes the Markdown report; returns results and text. */
export async function runBench(options) {
  const loadStart = uptime();
  const write = async (results) => {
    const machine = machineInfo(options, loadStart);
    const text = renderResults(results, machine) + '\n';
    await mkdir(dirname(options.out), { recursive: true });
    await writeFile(options.out, text);
    // The raw figures too, so the report can be re-rendered without measuring again.
    await writeFile(
      join(options.work, 'results.json'),
      JSON.stringify({ ...results, machine }, null, 2) + '\n',
    );
    return text;
  };
  const results = await runSuite({ ...options, checkpoint: write });
  return { results, text: await write(results) };
}

function machineInfo(options, loadStart) {
  return {
    command: options.command ?? `node bench/run.mjs ${options.argv?.join(' ') ?? ''}`.trim(),
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown CPU',
    memGb: (totalmem() / 2 ** 30).toFixed(1),
    os: `${type()} ${release()}`,
    node: process.version,
    commit: gitCommit(),
    typescript: versionOf('typescript'),
    esbuild: versionOf('esbuild'),
    typewriter: options.peers ? versionOf('typewriter', TYPEWRITER_DIR) : undefined,
    loadStart,
    loadEnd: uptime(),
  };
}

/**
 * Merges the `results.json` of several runs (rows of the build, tsc and stage tables are
 * concatenated; any other section comes from the first run that has it) and renders one report: how a report is put together from a run whose later
 * sections were measured by a `--reuse` run.
 */
export async function renderMerged(files, out) {
  const isEmpty = (value) => value === undefined || (Array.isArray(value) && value.length === 0);
  const { readFile } = await import('node:fs/promises');
  const merged = {};
  const machines = [];
  for (const [i, file] of files.entries()) {
    const { machine, ...results } = JSON.parse(await readFile(file, 'utf8'));
    machines.push(machine);
    // Rows say which run measured them: A, B, … in the order of the command list.
    const run = String.fromCharCode(65 + i);
    for (const key of ['builds', 'stages', 'tsc'])
      for (const row of results[key] ?? []) row.run = run;
    for (const [key, value] of Object.entries(results)) {
      // Rows of the same table from several runs are concatenated; notes too.
      if (['builds', 'tsc', 'stages', 'notes'].includes(key) && Array.isArray(merged[key]))
        merged[key] = [...merged[key], ...(value ?? [])];
      // Other sections: the first run that measured them wins (list the preferred run first).
      else if (!(key in merged) || isEmpty(merged[key])) merged[key] = value;
    }
  }
  // A rebuild measured on a reused client takes its full-build time from the build table.
  if (merged.rebuild && merged.rebuild.full === undefined) {
    const rb = merged.rebuild;
    merged.rebuild = {
      ...rb,
      full: merged.builds?.find((b) => b.events === rb.events && b.mode === rb.mode)?.ms.median,
    };
  }
  const runs = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
  const times = runs
    .flatMap((r) => [r.started, r.finished])
    .filter(Boolean)
    .sort();
  merged.started = times[0];
  merged.finished = times.at(-1);
  const letter = (i) => String.fromCharCode(65 + i);
  const machine = {
    ...machines.at(-1),
    command: machines.map((m, i) => `${letter(i)}: ${m.command}`).join('`, `'),
    loadStart: machines.map((m, i) => `${letter(i)}: ${m.loadStart ?? '?'}`).join('; '),
    loadEnd: machines.map((m, i) => `${letter(i)}: ${m.loadEnd ?? '?'}`).join('; '),
  };
  const text = renderResults(merged, machine) + '\n';
  await writeFile(out, text);
  return text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const argv = process.argv.slice(2);
  const render = argv.indexOf('--render');
  if (render >= 0) {
    const files = argv[render + 1].split(',');
    const i = argv.indexOf('--out');
    await renderMerged(files, resolve(i >= 0 ? argv[i + 1] : join(BENCH_DIR, 'RESULTS.md')));
    process.exit(0);
  }
  const options = benchOptions(argv);
  const script = options.peers ? 'pnpm bench:peers' : 'pnpm bench';
  options.command = argv.filter((a) => a !== '--peers').length
    ? `node bench/run.mjs ${argv.join(' ')}`
    : script;
  options.argv = argv;
  const { text } = await runBench(options);
  process.stdout.write(text);
  process.stderr.write(`wrote ${options.out}\n`);
}
