/**
 * Prototype: is the emitter's output already what prettier would print? For each generated file
 * (validators excluded, as compile() does), formats it and counts the files prettier leaves
 * unchanged and the time spent on them. If (nearly) all are unchanged, the format stage can be
 * dropped for emitter output (checked by a test instead of at every build).
 *
 * Usage: node bench/proto/format-stable.mjs [events=200] [dev|prod]
 */
import { join } from 'node:path';
import { COMPILER_DIST, WORK_DIR } from '../lib/paths.mjs';
import { benchPlan, writeCanonical } from '../lib/plans.mjs';

const [events = '200', mode = 'prod'] = process.argv.slice(2);
const load = (p) => import(join(COMPILER_DIST, p));
const { loadPlan } = await load('plan/index.js');
const { normalizePlan } = await load('ir/index.js');
const { assignNames } = await load('naming/index.js');
const { emitClient } = await load('emit/index.js');
const { formatContents } = await load('format/index.js');
const { PLATEN_VERSION } = await load('version.js');

const path = await writeCanonical(
  join(WORK_DIR, 'proto-format'),
  await benchPlan(Number(events), { withCallEvent: true }),
);
const { loaded } = await loadPlan(path);
const files = emitClient(assignNames(normalizePlan(loaded)), {
  mode,
  sdk: 'analytics-next',
  language: 'typescript',
  platenVersion: PLATEN_VERSION,
});
let same = 0;
let sameMs = 0;
let totalMs = 0;
const changed = [];
for (const f of files) {
  const t = performance.now();
  const out = await formatContents(f.path, f.contents);
  const ms = performance.now() - t;
  totalMs += ms;
  if (out === f.contents) {
    same++;
    sameMs += ms;
  } else changed.push(f.path);
}
console.log(
  `${files.length} files: ${same} already prettier-stable (${(sameMs / 1000).toFixed(2)} s of ${(totalMs / 1000).toFixed(2)} s formatting spent on them); changed: ${changed.slice(0, 8).join(', ')}${changed.length > 8 ? ', …' : ''}`,
);
