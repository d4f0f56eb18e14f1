/**
 * Size: oversized plans are built by a real `platen build` child process with a 1 GB heap and a
 * time limit. Each must either build (a complete output) or fail fast with a clear limit message:
 * never hang past the limit, never crash out of memory, never print a stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../support/helpers.js';
import { bigPlan, deepPlan, enumPlan, widePlan } from '../support/size-plans.js';

const BIN = join(REPO, 'packages/compiler/bin/platen.js');

interface Outcome {
  code: number | null;
  /** True when the time limit ran out and the child was killed. */
  timedOut: boolean;
  output: string;
  ms: number;
}

/** Runs `platen build` on `planText` in a child with a 1 GB heap, killed after `limitMs`. */
function buildChild(planText: string, limitMs: number): Promise<Outcome & { out: string }> {
  const root = tempDir('size');
  writeFileSync(join(root, 'plan.json'), planText);
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=1024', BIN, 'build', '--plan', 'plan.json', '--out', 'out'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, limitMs);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, output, ms: Date.now() - started, out: join(root, 'out') });
    }),
  );
}

/** Built completely, or refused with a message naming a limit; in time, in memory, without a stack. */
async function expectBuildsOrFailsFast(planText: string, limitMs: number): Promise<void> {
  const r = await buildChild(planText, limitMs);
  console.log(`size: exit ${r.code} in ${r.ms} ms${r.timedOut ? ' (killed at the limit)' : ''}`);
  expect(r.timedOut, 'still running at the time limit').toBe(false);
  expect(r.output).not.toMatch(/heap out of memory|FATAL ERROR|\n\s+at /);
  if (r.code === 0) {
    expect(existsSync(join(r.out, 'index.ts'))).toBe(true);
    expect(existsSync(join(r.out, 'platen.manifest.json'))).toBe(true);
  } else {
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/limit|too (large|big|deep|many)|exceed/i);
    expect(existsSync(r.out)).toBe(false);
  }
}

// Limits are generous for a loaded 2-core CI machine; a hang or a quadratic blowup exceeds them by far.
const CASES: [string, { plan: () => string; limitMs: number }][] = [
  ['objects nested 100 levels deep', { plan: () => deepPlan(100), limitMs: 60_000 }],
  ['10,000 properties in one object', { plan: () => widePlan(10_000), limitMs: 120_000 }],
  ['a 50 MB plan (2,000 events, long descriptions)', { plan: () => bigPlan(50), limitMs: 300_000 }],
];

describe('oversized plans build or fail fast (child process, 1 GB heap, time limit)', () => {
  it.each(CASES)(
    '%s',
    async (_name, { plan, limitMs }) => {
      await expectBuildsOrFailsFast(plan(), limitMs);
    },
    330_000,
  );

  // Was a known bug while Ajv compiled every validator: Ajv's schema validation is quadratic in an
  // enum's length (100,000 values took minutes). Platen's own generator checks such an enum with a
  // Set and compiles it in milliseconds. The limit is short so the suite stays lean.
  it('a 100,000-value enum', async () => {
    await expectBuildsOrFailsFast(enumPlan(100_000), 30_000);
  }, 60_000);
});
