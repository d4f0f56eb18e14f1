/**
 * ts-morph (and the TypeScript it bundles) is loaded only by `platen status`: the built CLI runs in a
 * child process with ts-morph made unresolvable by a module-resolution hook that logs every attempt.
 * `check` and `build` must work and never try; `status` must fail with a message, no stack trace.
 * Runs the built CLI (`pnpm build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../support/helpers.js';

const BIN = join(REPO, 'packages/compiler/bin/platen.js');
const HOOK = fileURLToPath(new URL('../cli/hide-packages.mjs', import.meta.url));
const PLAN = join(REPO, 'fixtures/example/plan.json');

let dir: string;
beforeAll(() => {
  dir = tempDir('lazy-ts-morph');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `platen ...args` in `dir` with ts-morph unresolvable; returns the outcome and what it tried. */
function platen(args: string[]) {
  const log = join(dir, `resolved-${Math.random().toString(36).slice(2)}.log`);
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PLATEN_TEST_HIDE: 'ts-morph', PLATEN_TEST_HIDE_LOG: log },
  });
  const tried = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, tried };
}

describe('ts-morph is loaded by platen status alone', () => {
  it('check and build never resolve ts-morph', () => {
    const check = platen(['check', '--plan', PLAN]);
    expect(check.code).toBe(0);
    expect(check.tried).toEqual([]);
    const build = platen(['build', '--plan', PLAN, '--out', 'out']);
    expect(build.stderr).not.toMatch(/internal error/);
    expect(build.code).toBe(0);
    expect(build.tried).toEqual([]);
  });

  it('status resolves it, and without it exits 1 saying what to reinstall', () => {
    const r = platen(['status']);
    // The hook was asked: the failure is the missing package, not some other error.
    // (Once per module of the analysis that imports it.)
    expect(new Set(r.tried)).toEqual(new Set(['ts-morph']));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^platen: cannot load the status analysis \(ts-morph\): /);
    expect(r.stderr).toContain('npm i -D @platen/compiler');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
