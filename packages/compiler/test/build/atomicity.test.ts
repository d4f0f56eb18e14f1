/**
 * Atomicity with a real process: a child rewrites an output directory in a loop and is killed with
 * SIGKILL at seeded random moments. After every kill the directory is one whole generation (or,
 * killed between the two renames of the swap, absent with a complete build beside it), and after
 * the next run's recovery it is always one whole generation (or the untouched initial state). A person's file survives every kill.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { recoverOutput, swapPaths } from '../../src/output/index.js';
import { prng } from '../support/synth.js';
import { generation } from '../support/atomic-generations.js';
import { readTree, REPO, tempDir } from '../support/helpers.js';

const PERSON = { 'notes/mine.md': 'written by a person\n' };
const want = (g: number) => ({
  ...Object.fromEntries(generation(g).map((f) => [f.path, f.contents])),
  ...PERSON,
});

/** Starts the child, waits until it has started `writes` writes, lets `delayMs` pass, kills it. */
async function runAndKill(
  script: string,
  dir: string,
  writes: number,
  delayMs: number,
): Promise<void> {
  const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let started = 0;
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      started += (chunk.toString().match(/w/g) ?? []).length;
      if (started >= writes) resolve();
    }),
  );
  await new Promise((r) => setTimeout(r, delayMs));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

it('a build killed with SIGKILL at random points never leaves a partial output', async () => {
  const root = tempDir('atomic');
  const script = join(root, 'child.mjs');
  await build({
    entryPoints: [join(REPO, 'packages/compiler/test/build/atomic-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
  });
  const dir = join(root, 'out');
  mkdirSync(join(dir, 'notes'), { recursive: true });
  writeFileSync(join(dir, 'notes/mine.md'), PERSON['notes/mine.md']);
  const random = prng(7);
  const seen = new Set<string>();
  // At least 6 kills; more (up to 20) until one has landed inside a build, however loaded the machine.
  for (
    let round = 0;
    round < 20 && (round < 6 || !seen.has('discarded an unfinished build'));
    round++
  ) {
    await runAndKill(script, dir, 1 + Math.floor(random() * 3), Math.floor(random() * 300));
    const p = swapPaths(dir);
    if (existsSync(dir)) {
      const tree = readTree(dir);
      expect([PERSON, want(0), want(1)]).toContainEqual(tree);
    } else {
      // Killed between the swap's two renames: the finished build waits beside it.
      expect(existsSync(p.ready)).toBe(true);
      seen.add('between renames');
    }
    seen.add(String(await recoverOutput(dir)));
    expect([PERSON, want(0), want(1)]).toContainEqual(readTree(dir));
    for (const leftover of [p.building, p.ready, p.old]) expect(existsSync(leftover)).toBe(false);
  }
  console.log(`atomicity: recoveries seen: ${[...seen].sort().join('; ')}`);
  // The kills must have landed mid-build at least once, or the test proved nothing.
  expect(seen.has('discarded an unfinished build')).toBe(true);
});
