/**
 * Child of the worker-pool test and of the build measurement (bundled by esbuild next to the
 * bundled `worker.js`, so the pool can start real threads): compiles a synthetic plan's
 * validators with and without workers and prints what it saw as JSON.
 */
import { compile } from '../../src/compile.js';
import { clearFormatCache } from '../../src/format/index.js';
import type { LoadedPlan } from '../../src/plan/types.js';
import { synthPlan } from '../support/synth.js';
import {
  clearValidatorCache,
  compileValidators,
  seedValidatorCache,
} from '../../src/validators/index.js';
import { workerCount } from '../../src/validators/pool.js';
import { normalizePlan } from '../../src/ir/index.js';
import { assignNames } from '../../src/naming/index.js';

const events = Number(process.argv[2] ?? 60);
const measure = process.argv[3] === 'measure';
// The test only needs enough schemas to start the threads; the measurement uses full-size events.
const plan = synthPlan(measure ? { events } : { events, properties: [3, 8] });
const loaded: LoadedPlan = {
  plan,
  format: 'public-api',
  file: 'synth.json',
  ruleSources: plan.rules.map((_, i) => ({
    file: 'synth.json',
    pointer: `/rules/${i}/jsonSchema`,
  })),
};

if (measure) {
  const figures: Record<string, number> = { workers: workerCount(events) };
  let previous: string[] = [];
  const run = async (label: string, mode: 'dev' | 'prod', cold: boolean, reuse = false) => {
    if (cold) {
      clearValidatorCache();
      clearFormatCache();
    }
    // As `platen build` does in a new process: validators come back from the last build's files.
    if (reuse) seedValidatorCache(previous);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await compile(loaded, { language: 'typescript', sdk: 'analytics-next', mode });
    figures[`${label} wall ms`] = Math.round(performance.now() - started);
    // Main-thread CPU only: on a loaded machine wall time says more about the neighbours.
    figures[`${label} main cpu ms`] = Math.round(process.cpuUsage(cpu).user / 1000);
    figures[`${label} files`] = result.files.length;
    if (mode === 'dev')
      previous = result.files
        .filter((f) => f.path.startsWith('validators/'))
        .map((f) => f.contents);
    figures[`${label} bytes`] = result.files.reduce((n, f) => n + f.contents.length, 0);
  };
  await run('dev cold', 'dev', true);
  await run('dev warm', 'dev', false);
  await run('dev rebuild reusing the output', 'dev', true, true);
  await run('prod cold', 'prod', true);
  process.stdout.write(JSON.stringify(figures) + '\n');
} else {
  const named = assignNames(normalizePlan(loaded));
  const started = performance.now();
  // Ajv only (`native: false`): the native generator needs no threads, the Ajv fallback does.
  const parallel = await compileValidators(named, { banner: '// b', workers: 2, native: false });
  const parallelMs = performance.now() - started;
  clearValidatorCache();
  const serial = await compileValidators(named, { banner: '// b', workers: 0, native: false });
  const same = JSON.stringify(parallel) === JSON.stringify(serial);
  process.stdout.write(
    JSON.stringify({
      same,
      workers: workerCount(named.rules.length, 2),
      files: serial.files.length,
      parallelMs,
    }) + '\n',
  );
}
