/**
 * Measuring primitives: a child process's wall time and peak RSS, and summary statistics.
 *
 * Peak RSS comes from the child itself: a preloaded hook (`peak-rss.cjs`) writes
 * `process.resourceUsage().maxRSS` (the kernel's high-water mark, like `/usr/bin/time -f %M`) to a
 * file on exit. As a cross-check, and for children that die before the hook runs, the parent also
 * polls `/proc/<pid>/status` `VmHWM`; the larger of the two is reported. Nothing outside Node and
 * Linux's /proc is needed.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOOK = fileURLToPath(new URL('./peak-rss.cjs', import.meta.url));

function vmHwmKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // Gone already, or not Linux.
  }
}

/**
 * Runs `node <args>` to completion. Returns wall milliseconds, CPU milliseconds (user + system),
 * peak RSS in MB, exit code and output. `timeoutMs` kills a run that takes too long (`timedOut: true`).
 */
export async function runNode(args, { cwd, env, timeoutMs = 0 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'platen-rss-'));
  const rssFile = join(dir, 'rss');
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', HOOK, ...args], {
    cwd,
    env: { ...process.env, ...env, PLATEN_BENCH_RSS_FILE: rssFile },
    // Stdin closed: Typewriter reads piped stdin to EOF before doing anything.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let polled = 0;
  const poll = setInterval(() => (polled = Math.max(polled, vmHwmKb(child.pid))), 25);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let timedOut = false;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs)
      : undefined;
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  const ms = performance.now() - started;
  clearInterval(poll);
  clearTimeout(timer);
  let hooked = 0;
  let cpuMs;
  try {
    hooked = Number(await readFile(rssFile, 'utf8')) || 0;
    cpuMs = Number(await readFile(rssFile + '.cpu', 'utf8'));
  } catch {
    // The hook did not run (killed): the polled figure is all there is.
  }
  rmSync(dir, { recursive: true, force: true });
  return { ms, cpuMs, rssMb: Math.max(hooked, polled) / 1024, code, stdout, stderr, timedOut };
}

/** Median, min and max of a list of numbers (`undefined` fields for an empty list). */
export function stats(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return { median: undefined, min: undefined, max: undefined, n: 0 };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], n: xs.length };
}

/** Times `fn` (sync or async) once, in milliseconds, returning its value too. */
export async function timed(fn) {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}
