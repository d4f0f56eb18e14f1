/**
 * `@platen/registry` (and through it the native addon better-sqlite3) is optional: the real CLI runs in a
 * child process with both made unresolvable by a module-resolution hook, which also logs every attempt to
 * resolve them. `check` and `build` must work and never try; `registry` must fail with the install hint.
 * Runs the built CLI (`pnpm build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree, REPO, tempDir } from '../support/helpers.js';

const BIN = join(REPO, 'packages/compiler/bin/platen.js');
const HOOK = fileURLToPath(new URL('./hide-packages.mjs', import.meta.url));
const PLAN = join(REPO, 'fixtures/example/plan.json');
const REGISTRY = '@platen/registry';
const SQLITE = 'better-sqlite3';

let dir: string;
beforeAll(() => {
  dir = tempDir('optional-registry');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `platen ...args` in `dir` with `hidden` unresolvable; returns its outcome and what it tried to resolve. */
function platen(args: string[], hidden: string[]) {
  const log = join(dir, `resolved-${Math.random().toString(36).slice(2)}.log`);
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PLATEN_TEST_HIDE: hidden.join(','), PLATEN_TEST_HIDE_LOG: log },
  });
  const tried = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, tried };
}

describe('without @platen/registry and better-sqlite3', () => {
  it('check passes and never resolves either package', () => {
    const r = platen(['check', '--plan', PLAN], [REGISTRY, SQLITE]);
    expect(r.stderr).not.toMatch(/internal error|Cannot find/);
    expect(r.code).toBe(0);
    expect(r.tried).toEqual([]);
  });

  it('build writes the client and never resolves either package', () => {
    const r = platen(['build', '--plan', PLAN, '--out', 'out'], [REGISTRY, SQLITE]);
    expect(r.stderr).not.toMatch(/internal error|Cannot find/);
    expect(r.code).toBe(0);
    expect(r.tried).toEqual([]);
    const written = readTree(join(dir, 'out'));
    expect(Object.keys(written).some((f) => f.endsWith('.ts'))).toBe(true);
    // The same files as a build with every package available.
    expect(platen(['build', '--plan', PLAN, '--out', 'out-plain'], []).code).toBe(0);
    expect(written).toEqual(readTree(join(dir, 'out-plain')));
  });

  it('registry exits 1 with how to install @platen/registry, and no stack trace', () => {
    const r = platen(['registry', '--db', 'x.db'], [REGISTRY, SQLITE]);
    expect(r.code).toBe(1);
    // The hook was asked: the message comes from a failed resolve, not from some other error.
    expect(r.tried).toEqual([REGISTRY]);
    expect(r.stderr).toContain(`npm i -D ${REGISTRY}`);
    expect(r.stderr).toMatch(/^platen: the registry server is the package @platen\/registry/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });

  it('registry token create says the same', () => {
    const r = platen(
      ['registry', 'token', 'create', '--scope', 'read', '--db', 'x.db'],
      [REGISTRY, SQLITE],
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`npm i -D ${REGISTRY}`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('a usage error is reported as one before the registry is loaded', () => {
    const r = platen(['registry', '--db', 'x.db', '--port', '70000'], [REGISTRY, SQLITE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port must be 0–65535');
    expect(r.tried).toEqual([]);
  });
});

describe('with @platen/registry installed but better-sqlite3 missing', () => {
  it('registry exits 1 naming the missing dependency, and no stack trace', () => {
    const r = platen(['registry', '--db', 'x.db'], [SQLITE]);
    expect(r.code).toBe(1);
    expect(r.tried).toEqual([SQLITE]);
    expect(r.stderr).toMatch(/^platen: cannot load @platen\/registry: .*'better-sqlite3'/);
    expect(r.stderr).toContain(`npm i -D ${REGISTRY}`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('platen anomalies score and the optional registry', () => {
  const series = () => {
    const rows = ['timestamp,value'];
    for (let i = 0; i < 48; i++)
      rows.push(`${new Date(Date.UTC(2026, 0, 5, i)).toISOString()},${100 + (i % 5)}`);
    writeFileSync(join(dir, 'series.csv'), rows.join('\n') + '\n');
  };

  it('scores without better-sqlite3: the detector needs no SQLite', () => {
    series();
    const r = platen(
      ['anomalies', 'score', '--input', 'series.csv', '--output', 'scored.csv'],
      [SQLITE],
    );
    expect(r.stderr).not.toMatch(/internal error|Cannot find/);
    expect(r.code).toBe(0);
    expect(r.tried).toEqual([]);
    expect(readFileSync(join(dir, 'scored.csv'), 'utf8')).toMatch(
      /^timestamp,value,anomaly_score,alert\n/,
    );
  });

  it('without @platen/registry exits 1 with how to install it, and no stack trace', () => {
    series();
    const r = platen(
      ['anomalies', 'score', '--input', 'series.csv', '--output', 'none.csv'],
      [REGISTRY, SQLITE],
    );
    expect(r.code).toBe(1);
    expect(r.tried).toEqual([`${REGISTRY}/anomaly`]);
    expect(r.stderr).toContain(`npm i -D ${REGISTRY}`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(dir, 'none.csv'))).toBe(false);
  });
});
