/**
 * Measure 1, build: the whole CLI as a child process (wall time, peak RSS, output bytes) per plan
 * size and mode, alternating Platen and Typewriter runs; the per-stage times in a separate cold
 * process; and a rebuild with one event changed.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';

const exists = (path) =>
  stat(path).then(
    () => true,
    () => false,
  );
import { join } from 'node:path';
import { runNode, stats } from './measure.mjs';
import { PLATEN_BIN, ROOT } from './paths.mjs';
import { typewriterArgs } from './typewriter.mjs';

/** Total bytes and file count under `dir` (recursive), leaving out files named in `skip`. */
export async function dirBytes(dir, skip = []) {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || skip.includes(entry.name)) continue;
    files++;
    bytes += (await stat(join(entry.parentPath ?? entry.path, entry.name))).size;
  }
  return { bytes, files };
}

/** One `platen build` of `plan` into `out`; throws when the CLI fails (a benchmark of a failure is no benchmark). */
export async function platenBuild(plan, out, mode) {
  const run = await runNode([PLATEN_BIN, 'build', '--plan', plan, '--out', out, '--mode', mode], {
    cwd: ROOT,
  });
  if (run.code !== 0) throw new Error(`platen build failed (${run.code}):\n${run.stderr}`);
  return run;
}

/** One `typewriter build`; `timedOut` when it ran past `timeoutMs`. */
export async function typewriterBuild(dir, mode, timeoutMs) {
  const run = await runNode(typewriterArgs(dir, mode), { cwd: dir, timeoutMs });
  if (!run.timedOut && run.code !== 0)
    throw new Error(`typewriter build failed (${run.code}):\n${run.stderr}`);
  return run;
}

/**
 * Builds every (plan, mode) `runs` times, alternating Platen and (when `typewriter` is given)
 * Typewriter. A configuration stops repeating once its runs took `budgetMs` (at least one run).
 * Typewriter is time-boxed: a run past `peerLimitMs` ends peers for this and every larger plan.
 */
export async function measureBuilds({ plans, modes, runs, budgetMs, peerLimitMs, log }) {
  const rows = [];
  let peerSkipFrom = Infinity;
  for (const plan of plans) {
    for (const mode of modes) {
      const platen = { ms: [], cpu: [], rss: [] };
      const peer = { ms: [], cpu: [], rss: [], note: '' };
      let spent = 0;
      let bytes;
      for (let i = 0; i < runs && (i === 0 || spent < budgetMs); i++) {
        // `<plan dir>/<mode>/client`: the types measure type-checks `<plan dir>/<mode>` afterwards.
        const out = join(plan.dir, mode, 'client');
        await rm(out, { recursive: true, force: true });
        const run = await platenBuild(plan.path, out, mode);
        platen.ms.push(run.ms);
        platen.cpu.push(run.cpuMs);
        platen.rss.push(run.rssMb);
        spent += run.ms;
        bytes ??= await dirBytes(out);
        log(`  build ${plan.label} ${mode} #${i + 1}: platen ${(run.ms / 1000).toFixed(2)} s`);
        if (plan.typewriterDir && plan.events < peerSkipFrom) {
          const tw = await typewriterBuild(plan.typewriterDir, mode, peerLimitMs * 1.25);
          if (tw.timedOut || tw.ms > peerLimitMs) {
            peerSkipFrom = plan.events;
            peer.note = `stopped: one run took > ${Math.round(peerLimitMs / 1000)} s`;
          }
          if (!tw.timedOut) {
            peer.ms.push(tw.ms);
            peer.cpu.push(tw.cpuMs);
            peer.rss.push(tw.rssMb);
            // Its output folder also holds its copy of the plan: not generated code.
            peer.bytes ??= await dirBytes(join(plan.typewriterDir, 'client'), ['plan.json']);
          }
          log(`  build ${plan.label} ${mode} #${i + 1}: typewriter ${(tw.ms / 1000).toFixed(2)} s`);
        } else if (plan.typewriterDir) {
          peer.note ||= `skipped: a smaller plan already took > ${Math.round(peerLimitMs / 1000)} s`;
        }
      }
      rows.push({
        plan: plan.label,
        events: plan.events,
        mode,
        ms: stats(platen.ms),
        cpuMs: stats(platen.cpu),
        rssMb: stats(platen.rss),
        bytes: bytes.bytes,
        files: bytes.files,
        ...(plan.typewriterDir
          ? {
              peer: {
                ms: stats(peer.ms),
                cpuMs: stats(peer.cpu),
                rssMb: stats(peer.rss),
                bytes: peer.bytes?.bytes,
                files: peer.bytes?.files,
                note: peer.note,
              },
            }
          : {}),
      });
    }
  }
  return rows;
}

/** Runs the cold per-stage child `runs` times for (plan, mode); medians per stage. */
export async function measureStages({ plan, mode, runs, log }) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = join(plan.dir, `stages-${mode}`);
    const run = await runNode([join(ROOT, 'bench/lib/stages-child.mjs'), plan.path, mode, out], {
      cwd: ROOT,
    });
    if (run.code !== 0) throw new Error(`stage run failed:\n${run.stderr}`);
    samples.push(JSON.parse(run.stdout.trim().split('\n').pop()));
    await rm(out, { recursive: true, force: true });
    log(
      `  stages ${plan.label} ${mode} #${i + 1}: ${(samples.at(-1).ms.total / 1000).toFixed(2)} s`,
    );
  }
  const pick = (get) => stats(samples.map(get));
  const stageNames = Object.keys(samples[0].ms);
  const groups = Object.keys(samples[0].formatGroups);
  return {
    plan: plan.label,
    events: plan.events,
    mode,
    stages: Object.fromEntries(stageNames.map((s) => [s, pick((x) => x.ms[s])])),
    // CPU time per stage: what the stage costs, whatever else the machine is doing.
    cpuStages: Object.fromEntries(stageNames.map((s) => [s, pick((x) => x.cpuMs?.[s])])),
    formatGroups: Object.fromEntries(groups.map((g) => [g, pick((x) => x.formatGroups[g] ?? 0)])),
    bytes: samples[0].bytes,
  };
}

/**
 * Rebuild with one event changed, cache warm: starting from the build measure's last full dev
 * build of the plan (in `<plan dir>/dev/client`), builds into the same folder alternating between
 * a copy of the plan whose first event has a new description and one more property, and the plan
 * itself, so every measured build has exactly one changed event against what is on disk. Then one
 * rebuild with nothing changed, for reference (skipped when a full build is slow: it costs as much).
 */
export async function measureRebuild({ plan, planObject, mode, runs, budgetMs, fullMs, log }) {
  const changed = structuredClone(planObject);
  const rule = changed.rules.find((r) => r.type === 'TRACK');
  const payload = rule.jsonSchema.properties.properties;
  rule.jsonSchema.description = 'Changed by the rebuild benchmark.';
  payload.properties = { ...payload.properties, bench_added: { type: 'string' } };
  const changedPath = join(plan.dir, 'plan-changed.json');
  await writeFile(changedPath, JSON.stringify(changed, null, 2) + '\n');
  const out = join(plan.dir, mode, 'client');
  // Without the build measure's client (a rebuild-only run), a full build makes one first: timed,
  // as the full build the rebuild is compared with.
  let full;
  if (!(await exists(join(out, 'platen.manifest.json')))) {
    full = await platenBuild(plan.path, out, mode);
    log(`  rebuild ${plan.label} ${mode}: full build first, ${(full.ms / 1000).toFixed(2)} s`);
  }
  const one = [];
  const oneCpu = [];
  let spent = 0;
  for (let i = 0; i < runs && (i === 0 || spent < budgetMs); i++) {
    const run = await platenBuild(i % 2 === 0 ? changedPath : plan.path, out, mode);
    one.push(run.ms);
    oneCpu.push(run.cpuMs);
    spent += run.ms;
    log(
      `  rebuild ${plan.label} ${mode} one event #${i + 1}: ${(run.ms / 1000).toFixed(2)} s, ${(run.cpuMs / 1000).toFixed(2)} s CPU`,
    );
  }
  const fullWall = fullMs ?? full?.ms;
  const same =
    fullWall !== undefined && fullWall < 30_000
      ? await platenBuild(one.length % 2 === 1 ? changedPath : plan.path, out, mode)
      : undefined;
  const watch = await measureWatch({ plan, changedPath, out, mode, runs: Math.max(runs, 5), log });
  return {
    plan: plan.label,
    events: plan.events,
    mode,
    full: fullWall,
    fullCpu: full?.cpuMs,
    oneChanged: stats(one),
    oneChangedCpu: stats(oneCpu),
    unchanged: same?.ms,
    unchangedCpu: same?.cpuMs,
    watch,
  };
}

/**
 * Rebuild in watch mode: `platen build --watch` on a copy of the plan (same output folder as the
 * CLI rebuild, so its first build starts from that warm cache), then `runs` (≥ 5) times the watched
 * file is replaced (written beside it, renamed over it: one event) by plan-changed.json's text or
 * the original's, alternately, and timed from the write to the watcher's completion line (printed
 * once the output and its manifest are in place). `cpu=` on that line is the watcher's own CPU
 * time for the rebuild (process.cpuUsage). Ends the watcher with SIGINT (exit 0 expected).
 */
export async function measureWatch({ plan, changedPath, out, mode, runs, log }) {
  const dir = join(plan.dir, 'watch');
  await mkdir(dir, { recursive: true });
  const watched = join(dir, 'plan.json');
  const texts = [await readFile(changedPath, 'utf8'), await readFile(plan.path, 'utf8')];
  await writeFile(watched, texts[1]);
  const child = spawn(
    process.execPath,
    [PLATEN_BIN, 'build', '--watch', '--plan', watched, '--out', out, '--mode', mode],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = [];
  let waiter;
  let buffer = '';
  child.stdout.on('data', (d) => {
    buffer += d;
    let at;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      if (!/ rebuilt, /.test(line)) continue;
      lines.push({ line, at: performance.now() });
      waiter?.();
    }
  });
  const next = (count) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`platen build --watch: no rebuild line in 10 min\n${stderr}`)),
        600_000,
      );
      waiter = () => {
        if (lines.length < count) return;
        clearTimeout(timer);
        waiter = undefined;
        resolve(lines[count - 1]);
      };
      waiter();
    });
  try {
    const first = await next(1);
    log(`  rebuild ${plan.label} ${mode} watch, first build: ${first.line}`);
    const ms = [];
    const cpu = [];
    for (let i = 0; i < runs; i++) {
      const temporary = `${watched}.${i}.tmp`;
      await writeFile(temporary, texts[i % 2]);
      // Settled files: the clock starts at the event the watcher sees (the rename).
      const started = performance.now();
      await rename(temporary, watched);
      const done = await next(i + 2);
      ms.push(done.at - started);
      const c = /cpu=(\d+)ms/.exec(done.line);
      if (c) cpu.push(Number(c[1]));
      log(
        `  rebuild ${plan.label} ${mode} watch #${i + 1}: ${(done.at - started).toFixed(0)} ms (${done.line})`,
      );
    }
    child.kill('SIGINT');
    const { code } = await exited;
    return {
      ms: stats(ms),
      cpu: cpu.length === ms.length ? stats(cpu) : undefined,
      exitCode: code,
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
