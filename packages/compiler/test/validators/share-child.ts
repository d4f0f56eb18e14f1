/**
 * Child of the shared-worker test (bundled by esbuild next to the bundled `share-worker.js`, so a
 * real thread starts): compiles a plan's validators with the worker, the calling thread busy as if
 * emitting meanwhile, and again on one thread; prints what it saw as JSON.
 */
import { normalizePlan } from '../../src/ir/index.js';
import { assignNames } from '../../src/naming/index.js';
import type { LoadedPlan, Plan } from '../../src/plan/types.js';
import { synthPlan } from '../support/synth.js';
import {
  clearValidatorCache,
  compileValidators,
  prestartValidators,
} from '../../src/validators/index.js';
import { shareCounts } from '../../src/validators/share.js';

const synth = synthPlan({ events: Number(process.argv[2] ?? 240), properties: [3, 8] });
// Rules that must survive the copy to the worker and back: a `__proto__` key (JSON.parse makes it
// an own property), a rule the native generator declines (Ajv compiles it) and an unknown format.
const extra: Plan['rules'] = [
  JSON.parse(
    '{"type":"TRACK","key":"Proto","version":1,"jsonSchema":{"type":"object","properties":{"properties":{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"const":"c"}},"required":["__proto__"]}}}}',
  ) as Plan['rules'][number],
  {
    type: 'TRACK',
    key: 'Declined',
    version: 1,
    jsonSchema: {
      type: 'object',
      properties: {
        properties: { type: 'object', properties: { n: { type: 'string', nullable: true } } },
      },
    },
  },
  {
    type: 'TRACK',
    key: 'Odd Format',
    version: 1,
    jsonSchema: {
      type: 'object',
      properties: { properties: { type: 'object', properties: { f: { format: 'h9-unknown' } } } },
    },
  },
];
const plan: Plan = { ...synth, rules: [...extra, ...synth.rules] };
const loaded: LoadedPlan = {
  plan,
  format: 'public-api',
  file: 'synth.json',
  ruleSources: plan.rules.map((_, i) => ({
    file: 'synth.json',
    pointer: `/rules/${i}/jsonSchema`,
  })),
};
// `prestart`: the worker starts when the plan is loaded (as `platen build` does for a cold dev
// build) and the build asks for every other rule only (a cached build compiles a subset).
const prestart = process.argv[4] === 'prestart';
if (prestart) prestartValidators(loaded);
const all = assignNames(normalizePlan(loaded));
const named = prestart ? { ...all, rules: all.rules.filter((_, i) => i % 2 === 0) } : all;

const running = compileValidators(named, { banner: '// b' });
// The build emits the client here, synchronously: the worker has the rules to itself meanwhile.
const until = performance.now() + Number(process.argv[3] ?? 400);
while (performance.now() < until);
const shared = await running;
const worker = shareCounts.worker;
clearValidatorCache();
const serial = await compileValidators(named, { banner: '// b', workers: 0 });
process.stdout.write(
  JSON.stringify({
    same: JSON.stringify(shared) === JSON.stringify(serial),
    rules: named.rules.length,
    files: shared.files.length,
    worker,
    codes: shared.diagnostics.map((d) => d.code),
    afterSerial: shareCounts.worker,
  }) + '\n',
);
