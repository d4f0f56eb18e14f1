/**
 * Interrupted builds, with the real CLI: `platen build` runs as a child process (the built
 * `bin/platen.js`) and is killed with SIGKILL at seeded random moments while it replaces one
 * generation of the output with the next. After every kill the output directory is one whole
 * generation (or absent with the finished build beside it, killed between the swap's renames),
 * never a mix; the next build always completes. (test/build/atomicity.test.ts kills the writer
 * alone in a loop; this kills the whole CLI: plan loading, compile, format and write.)
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readTree, REPO, tempDir } from '../support/helpers.js';
import { rng } from '../support/agreement-instances.js';
import { hostilePlan } from '../support/hostile-plan.js';

const BIN = join(REPO, 'packages/compiler/bin/platen.js');
const ROUNDS = 5;

/** Runs `platen build`; with `killAfterMs`, kills it with SIGKILL then. Resolves with the exit code (null when killed). */
function build(cwd: string, plan: string, killAfterMs?: number): Promise<number | null> {
  const child = spawn(process.execPath, [BIN, 'build', '--plan', plan, '--out', 'out'], {
    cwd,
    stdio: 'ignore',
  });
  const timer =
    killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
}

it('a platen build killed with SIGKILL at random points never leaves a partly written output', async () => {
  const root = tempDir('interrupt');
  const a = hostilePlan(7, 40, false).loaded.plan as unknown as { rules: { key: string }[] };
  const b = { ...a, rules: a.rules.slice(1).map((r) => ({ ...r, version: 2 })) };
  writeFileSync(join(root, 'a.json'), JSON.stringify(a));
  writeFileSync(join(root, 'b.json'), JSON.stringify(b));
  // The two whole generations, built without interruption.
  const started = Date.now();
  expect(await build(root, 'b.json')).toBe(0);
  const duration = Date.now() - started;
  const treeB = readTree(join(root, 'out'));
  expect(await build(root, 'a.json')).toBe(0);
  const treeA = readTree(join(root, 'out'));
  expect(treeA).not.toEqual(treeB);

  const random = rng(3);
  const outcomes: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [plan, from] = round % 2 === 0 ? ['b.json', treeA] : ['a.json', treeB];
    // Kills land mostly late (compile, write, swap), some past the expected end.
    const code = await build(root, plan, Math.floor((0.6 + 0.5 * random()) * duration));
    const out = join(root, 'out');
    if (!existsSync(out)) outcomes.push('between renames');
    else {
      const tree = readTree(out);
      expect([from, treeA, treeB]).toContainEqual(tree);
      outcomes.push(
        code === 0
          ? 'finished'
          : JSON.stringify(tree) === JSON.stringify(from)
            ? 'old kept'
            : 'new complete',
      );
    }
    // The next build recovers whatever the kill left and completes.
    expect(await build(root, plan)).toBe(0);
    expect(readTree(out)).toEqual(plan === 'a.json' ? treeA : treeB);
  }
  console.log(`interrupt: ${ROUNDS} kills over a ${duration} ms build: ${outcomes.join(', ')}`);
}, 600_000);
