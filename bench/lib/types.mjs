/**
 * Measure 4, types: `tsc --noEmit` over a generated client (wall time, peak RSS, errors), and the
 * language service's completion times (see `ls-child.mjs`).
 */
import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runNode } from './measure.mjs';
import { ROOT } from './paths.mjs';
import { CALL_EVENT } from './plans.mjs';

const TSC = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');

/**
 * Writes `<projectDir>/tsconfig.json` type-checking `<projectDir>/client/**` the way an app would:
 * strict, bundler resolution, DOM lib (the browser SDK), `skipLibCheck`.
 */
export async function writeTsconfig(projectDir) {
  const config = {
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM'],
      types: [],
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['client/**/*.ts'],
  };
  await writeFile(join(projectDir, 'tsconfig.json'), JSON.stringify(config, null, 2) + '\n');
}

/** Runs TypeScript 5.9's `tsc --noEmit -p <projectDir>`; errors are counted, the first is kept. */
export async function runTsc(projectDir) {
  await writeTsconfig(projectDir);
  const run = await runNode([TSC, '--noEmit', '-p', projectDir], { cwd: projectDir });
  const errors = run.stdout.split('\n').filter((l) => / error TS\d+/.test(l));
  return {
    ms: run.ms,
    cpuMs: run.cpuMs,
    rssMb: run.rssMb,
    code: run.code,
    errors: errors.length,
    firstError: errors[0]?.replace(/^.*?(error TS\d+:)/, '$1').slice(0, 140),
  };
}

/**
 * Runs the language-service child over `<projectDir>/client`: names, then the properties of
 * `eventFunction` (`CALL_EVENT`'s function) called directly and through the generic `track`.
 */
export async function runCompletions(projectDir, eventFunction) {
  const child = join(ROOT, 'bench/lib/ls-child.mjs');
  const run = await runNode([child, projectDir, eventFunction, CALL_EVENT], { cwd: ROOT });
  if (run.code !== 0) throw new Error(`language service run failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}
