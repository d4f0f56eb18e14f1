/**
 * The whole benchmark: prepares plans, runs the four measures (alternating Platen and Typewriter
 * where both are measured) and returns plain results for `report.mjs`.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  measureBuilds,
  measureRebuild,
  measureStages,
  platenBuild,
  typewriterBuild,
} from './build.mjs';
import { browserBundle, nodeBundle, writePlatenApp, writeTypewriterApp } from './bundle.mjs';
import { runNode, stats } from './measure.mjs';
import { ROOT, TYPEWRITER_DIR } from './paths.mjs';
import { benchPlan, CALL_EVENT, writeCanonical, writeTypewriterProject } from './plans.mjs';
import { ensureTypewriter } from './typewriter.mjs';
import { measureStatus } from './status-app.mjs';
import { runCompletions, runTsc } from './types.mjs';

/**
 * Prepares one synthetic plan (and its Typewriter project when peers are on). With `reuse`, the
 * plan folder of an earlier run is used as it is (its plan file is not rewritten: a build of
 * that run may be reading it).
 */
async function preparePlan(work, events, peers, reuse) {
  const planObject = await benchPlan(events, { withCallEvent: true });
  const dir = join(reuse ?? work, `plan-${events}`);
  const path = reuse ? join(dir, 'plan.json') : await writeCanonical(dir, planObject);
  let typewriterDir;
  if (peers) {
    // Under the Typewriter install, so its client resolves `ajv` from there.
    typewriterDir = join(TYPEWRITER_DIR, 'plans', `${(reuse ?? work).split('/').pop()}-${events}`);
    if (!reuse) {
      await rm(typewriterDir, { recursive: true, force: true });
      await writeTypewriterProject(typewriterDir, planObject);
    }
  }
  return { label: `synthetic ${events}`, events, dir, path, planObject, typewriterDir };
}

/** The example plan from `fixtures/`, copied so its output lands in the scratch folder. */
async function prepareExample(work) {
  const dir = join(work, 'example');
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'plan.json');
  await cp(join(ROOT, 'fixtures/example/plan.json'), path);
  return { label: 'fixtures/example', events: 0, dir, path };
}

/** The three wire names the bundle and per-call apps call. */
const callKeys = (planObject) => [
  CALL_EVENT,
  ...planObject.rules
    .filter((r) => r.type === 'TRACK' && r.key !== CALL_EVENT)
    .slice(0, 2)
    .map((r) => r.key),
];

async function perCall(kind, bundle, o) {
  const run = await runNode(
    [
      join(ROOT, 'bench/lib/percall-child.mjs'),
      kind,
      bundle ?? '-',
      String(o.calls),
      String(o.rounds),
    ],
    { cwd: ROOT },
  );
  if (run.code !== 0) throw new Error(`per-call run failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

/**
 * Runs everything. Options: `work` (scratch folder inside the repository), `sizes`, `runs`,
 * `budgetMs`, `peers`, `peerLimitMs`, `bundleEvents`, `typeSizes`, `completionEvents`,
 * `rebuildEvents`, `calls`, `rounds`, `stageRuns`, `log`.
 */
export async function runSuite(o) {
  const log = o.log;
  // Partial results are written after every section, so a long run that is stopped still reports.
  const checkpoint = async () => o.checkpoint?.(results);
  await rm(o.work, { recursive: true, force: true });
  await mkdir(o.work, { recursive: true });
  if (o.peers) await ensureTypewriter(log);
  const results = { options: { ...o, log: undefined }, started: new Date().toISOString() };

  log('1. build');
  const plans = [];
  for (const n of o.sizes) plans.push(await preparePlan(o.work, n, o.peers, o.reuse));
  const example = await prepareExample(o.work);
  // --reuse: the clients of an earlier run's build measure are measured again, not rebuilt.
  const on = (section) => !o.sections || o.sections.includes(section);
  results.builds = !on('builds')
    ? []
    : await measureBuilds({
        plans: [...plans, ...(o.sizes.length > 1 || o.smoke ? [example] : [])],
        modes: o.modes ?? ['dev', 'prod'],
        runs: o.runs,
        budgetMs: o.budgetMs,
        peerLimitMs: o.peerLimitMs,
        log,
      });
  await checkpoint();
  if (on('bundle')) await bundleAndCalls(o, plans, results, checkpoint);
  if (on('types')) await types(o, plans, results);
  await checkpoint();
  if (on('rebuild')) await rebuild(o, plans, results, checkpoint);
  if (on('stages')) await stages(o, plans, results, checkpoint);
  if (on('status')) {
    log('5. status');
    results.status = await measureStatus({
      work: o.work,
      files: o.statusFiles,
      events: o.smoke ? 50 : 500,
      runs: o.runs,
      log,
    });
    await checkpoint();
  }
  results.finished = new Date().toISOString();
  await checkpoint();
  return results;
}

async function bundleAndCalls(o, plans, results, checkpoint) {
  const log = o.log;
  log('2. bundle and 3. per call');
  // A plan the build measure already built is reused as it is.
  const built = plans.find((p) => p.events === o.bundleEvents);
  const app = built ?? (await preparePlan(o.work, o.bundleEvents, o.peers));
  const keys = callKeys(app.planObject);
  results.bundle = [];
  const modules = [];
  for (const mode of ['dev', 'prod']) {
    const project = join(app.dir, mode);
    if (!built) await platenBuild(app.path, join(project, 'client'), mode);
    const entry = join(project, 'app.ts');
    await writePlatenApp(join(project, 'client'), keys, entry);
    results.bundle.push({ tool: 'platen', mode, ...(await browserBundle(entry)) });
    modules.push({ tool: 'platen', mode, file: await nodeBundle(entry, join(project, 'app.mjs')) });
    if (app.typewriterDir) {
      // Built in each mode in turn (one output folder); a reused run's project is rebuilt too.
      await typewriterBuild(app.typewriterDir, mode, 0);
      const twEntry = join(app.typewriterDir, `app-${mode}.ts`);
      await writeTypewriterApp(join(app.typewriterDir, 'client'), keys, twEntry);
      results.bundle.push({ tool: 'typewriter', mode, ...(await browserBundle(twEntry)) });
      const file = join(app.typewriterDir, `app-${mode}.mjs`);
      modules.push({ tool: 'typewriter', mode, file: await nodeBundle(twEntry, file) });
    }
  }
  // Alternating passes: direct, then each client, repeated; rounds pooled per variant.
  // The stamped direct call is the same work a Platen call must do (Issue 3 stamps every call's
  // context): against it, the ratio is the wrapper's own overhead.
  const variants = [
    { tool: 'direct analytics.track', mode: '-', file: undefined, kind: 'direct' },
    { tool: 'direct analytics.track, stamped context', mode: '-', kind: 'direct-stamped' },
    ...modules,
  ];
  const pooled = new Map(
    variants.map((v) => [v, { ns: [], cpuNs: [], calls: 0, threw: 0, error: '' }]),
  );
  for (let pass = 0; pass < o.callPasses; pass++) {
    for (const v of variants) {
      const r = await perCall(v.kind ?? 'client', v.file, o);
      const p = pooled.get(v);
      p.ns.push(...r.ns);
      p.cpuNs.push(...r.cpuNs);
      p.calls = r.calls;
      p.threw += r.threw;
      p.error ||= r.error;
    }
  }
  results.perCall = variants.map((v) => {
    const p = pooled.get(v);
    return {
      tool: v.tool,
      mode: v.mode,
      ns: stats(p.ns),
      cpuNs: stats(p.cpuNs),
      calls: p.calls,
      rounds: p.ns.length,
      threw: p.threw,
      error: p.error,
    };
  });
  await checkpoint();
  log(
    `  per call: ${results.perCall.map((r) => `${r.tool} ${r.mode} ${r.ns.median?.toFixed(0)} ns`).join(', ')}`,
  );
}

async function types(o, plans, results) {
  const log = o.log;
  log('4. types');
  results.tsc = [];
  for (const n of o.typeSizes) {
    const plan = plans.find((p) => p.events === n);
    if (!plan) continue;
    for (const mode of o.typeModes ?? ['dev', 'prod']) {
      const r = await runTsc(join(plan.dir, mode));
      results.tsc.push({ tool: 'platen', events: n, mode, ...r });
      log(`  tsc platen ${n} ${mode}: ${(r.ms / 1000).toFixed(2)} s, ${r.errors} errors`);
    }
    if (plan.typewriterDir && plan.events < o.peerTypesLimit) {
      await typewriterBuild(plan.typewriterDir, 'dev', 0);
      const r = await runTsc(plan.typewriterDir);
      results.tsc.push({ tool: 'typewriter', events: n, mode: 'dev', ...r });
      log(`  tsc typewriter ${n}: ${(r.ms / 1000).toFixed(2)} s, ${r.errors} errors`);
    }
  }
  const lsPlan = plans.find((p) => p.events === o.completionEvents);
  // Completions over the dev client unless told otherwise (types are the same in both modes).
  const lsMode = o.typeModes?.[0] ?? 'dev';
  if (lsPlan) {
    const manifest = (await import('node:fs')).readFileSync(
      join(lsPlan.dir, lsMode, 'client/platen.manifest.json'),
      'utf8',
    );
    const fn = JSON.parse(manifest).rules.find((r) => r.key === CALL_EVENT).function;
    const samples = [];
    for (let i = 0; i < o.lsRuns; i++)
      samples.push(await runCompletions(join(lsPlan.dir, lsMode), fn));
    const s = (get) => stats(samples.map(get));
    results.completions = {
      events: lsPlan.events,
      mode: lsMode,
      runs: samples.length,
      namesFirst: s((x) => x.names.cold),
      namesEdit: s((x) => x.names.warm),
      namesEntries: samples[0].names.entries,
      propsFirst: s((x) => x.props.cold),
      propsEdit: s((x) => x.props.warm),
      propsEntries: samples[0].props.entries,
    };
    log(`  completions at ${lsPlan.events}: ${JSON.stringify(samples.at(-1))}`);
  }
}

async function rebuild(o, plans, results, checkpoint) {
  const log = o.log;
  log('1b. rebuild');
  const mode = o.rebuildMode ?? 'dev';
  const rebuildPlan = plans.find((p) => p.events === o.rebuildEvents);
  if (rebuildPlan) {
    results.rebuild = await measureRebuild({
      plan: rebuildPlan,
      planObject: rebuildPlan.planObject,
      mode,
      runs: o.runs,
      budgetMs: o.budgetMs,
      fullMs: results.builds.find((b) => b.events === o.rebuildEvents && b.mode === mode)?.ms
        .median,
      log,
    });
    await checkpoint();
  }
}

async function stages(o, plans, results, checkpoint) {
  const log = o.log;
  results.stages = [];
  for (const plan of plans.filter((p) => p.events <= o.stageMaxEvents)) {
    for (const mode of o.modes ?? ['dev', 'prod'])
      results.stages.push(await measureStages({ plan, mode, runs: o.stageRuns, log }));
    await checkpoint();
  }
}
