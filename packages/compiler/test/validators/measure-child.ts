/**
 * Measurement child (bundled by esbuild, run by hand or by the lead; not a test): compiles the
 * validators of an N-event synthetic plan cold, natively and/or with Ajv only (single thread, so the
 * CPU time is the work itself), and prints CPU ms, output bytes and how many rules each path took.
 * Usage: node measure-child.js <events> <native|ajv|both>
 */
import { normalizePlan } from '../../src/ir/index.js';
import { assignNames } from '../../src/naming/index.js';
import type { LoadedPlan } from '../../src/plan/types.js';
import { synthPlan } from '../support/synth.js';
import {
  clearValidatorCache,
  compileCounts,
  compileValidators,
} from '../../src/validators/index.js';

const events = Number(process.argv[2] ?? 1000);
const which = process.argv[3] ?? 'both';
const plan = synthPlan({ events, seed: 1 });
const loaded: LoadedPlan = {
  plan,
  format: 'public-api',
  file: 'synth.json',
  ruleSources: plan.rules.map((_, i) => ({
    file: 'synth.json',
    pointer: `/rules/${i}/jsonSchema`,
  })),
};
const named = assignNames(normalizePlan(loaded));
const figures: Record<string, number> = { rules: named.rules.length };
for (const native of which === 'both' ? [true, false] : [which === 'native']) {
  const label = native ? 'native' : 'ajv';
  clearValidatorCache();
  const before = { ...compileCounts };
  const cpu = process.cpuUsage();
  const result = await compileValidators(named, { banner: '// b', workers: 0, native });
  const used = process.cpuUsage(cpu);
  figures[`${label} cpu ms`] = Math.round((used.user + used.system) / 1000);
  figures[`${label} bytes`] = result.files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0);
  figures[`${label} files`] = result.files.length;
  figures[`${label} native rules`] = compileCounts.native - before.native;
  figures[`${label} ajv rules`] = compileCounts.ajv - before.ajv;
  figures[`${label} errors`] = result.diagnostics.filter((d) => d.severity === 'error').length;
}
process.stdout.write(JSON.stringify(figures) + '\n');
