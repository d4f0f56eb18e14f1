/** `runtimeWarning`: whether a generated client can import @platen/runtime from its output folder. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import {
  runtimeInstallCommand,
  runtimeResolvable,
  runtimeWarning,
} from '../../src/output/runtime-check.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

let root: string;
beforeEach(() => {
  // Under the OS temp folder, so no node_modules of this repository is above it.
  root = mkdtempSync(join(tmpdir(), 'platen-runtime-check-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes `text` to `path` under the temp root, making its folders. */
function put(path: string, text = '{}'): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function installRuntime(dir: string): void {
  put(
    join(dir, 'node_modules/@platen/runtime/package.json'),
    JSON.stringify({
      name: '@platen/runtime',
      version: '0.1.0',
      exports: { './package.json': './package.json' },
    }),
  );
}

/**
 * What Node itself says: can a module in `dir` resolve the package? Asked in a child process without
 * NODE_PATH: pnpm's shims set it to the workspace's hoisted packages when they start vitest, and an app
 * on its own has no such path.
 */
function nodeResolves(dir: string): boolean {
  const env = { ...process.env };
  delete env.NODE_PATH;
  const script =
    "require('node:module').createRequire(process.argv[1]).resolve('@platen/runtime/package.json')";
  try {
    execFileSync(process.execPath, ['-e', script, join(dir, 'x.js')], { env, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('runtimeWarning', () => {
  it('is undefined when the app has the runtime installed (output folder not written yet)', () => {
    put('app/package.json');
    installRuntime('app');
    const out = join(root, 'app/src/analytics');
    expect(runtimeWarning(out, join(root, 'app'))).toBeUndefined();
    expect(nodeResolves(out)).toBe(true);
  });

  it('is undefined when the runtime is hoisted to a folder above the app (a monorepo root)', () => {
    put('package.json');
    put('pnpm-lock.yaml', '');
    installRuntime('.');
    put('packages/web/package.json');
    expect(runtimeWarning(join(root, 'packages/web/src/analytics'), root)).toBeUndefined();
  });

  it('names the folder and the npm command when the runtime is not installed', () => {
    put('app/package.json');
    put('app/package-lock.json');
    const out = join(root, 'app/src/analytics');
    expect(nodeResolves(out)).toBe(false);
    expect(runtimeWarning(out, join(root, 'app'))).toBe(
      'platen: src/analytics imports @platen/runtime, which is not installed where it can be ' +
        'resolved from there: run npm i @platen/runtime',
    );
  });

  it('takes a relative output folder from cwd', () => {
    put('app/package.json');
    expect(runtimeWarning('src/analytics', join(root, 'app'))).toMatch(
      /^platen: src\/analytics imports @platen\/runtime, .*: run npm i @platen\/runtime$/,
    );
  });

  it('does not count a runtime installed beside the output rather than above it', () => {
    put('app/package.json');
    installRuntime('app/tools');
    const out = join(root, 'app/src/analytics');
    expect(nodeResolves(out)).toBe(false);
    expect(runtimeWarning(out, join(root, 'app'))).toContain('run npm i @platen/runtime');
  });

  it('never looks in node_modules/node_modules (as Node does not)', () => {
    put('app/package.json');
    installRuntime('app/node_modules');
    const out = join(root, 'app/node_modules');
    expect(nodeResolves(out)).toBe(false);
    expect(runtimeResolvable(out)).toBe(false);
  });

  it('says which folder to install in when it is not cwd, with the pnpm command from its lock file', () => {
    put('package.json');
    put('pnpm-lock.yaml', '');
    put('packages/web/package.json');
    expect(runtimeWarning(join(root, 'packages/web/src/analytics'), root)).toBe(
      'platen: packages/web/src/analytics imports @platen/runtime, which is not installed where it ' +
        'can be resolved from there: run pnpm add @platen/runtime in packages/web',
    );
  });

  it('uses yarn add with a yarn.lock, and the nearest lock file wins', () => {
    put('package.json');
    put('pnpm-lock.yaml', '');
    put('web/package.json');
    put('web/yarn.lock', '');
    expect(runtimeInstallCommand(join(root, 'web/src/analytics'))).toBe('yarn add @platen/runtime');
    expect(runtimeInstallCommand(join(root, 'other'))).toBe('pnpm add @platen/runtime');
    expect(runtimeWarning(join(root, 'web/src/analytics'), join(root, 'web'))).toMatch(
      /: run yarn add @platen\/runtime$/,
    );
  });

  it('is undefined inside the runtime package itself (Node resolves a package by its own name)', () => {
    put(
      'runtime/package.json',
      JSON.stringify({ name: '@platen/runtime', exports: { './package.json': './package.json' } }),
    );
    const out = join(root, 'runtime/test/generated');
    expect(nodeResolves(out)).toBe(true);
    expect(runtimeWarning(out, root)).toBeUndefined();
  });

  it("is undefined under Yarn Plug'n'Play, where there is no node_modules to look in", () => {
    put('app/package.json');
    put('app/.pnp.cjs', '');
    expect(runtimeResolvable(join(root, 'app/src/analytics'))).toBeUndefined();
    expect(runtimeWarning(join(root, 'app/src/analytics'), join(root, 'app'))).toBeUndefined();
  });

  it("is undefined for this repository's example output (the workspace links the runtime)", () => {
    expect(
      runtimeWarning(join(repo, 'fixtures/example/generated/analytics'), repo),
    ).toBeUndefined();
  });
});

describe('platen build', () => {
  const build = async (cwd: string) => {
    let stderr = '';
    const code = await runCli(
      ['build', '--plan', join(repo, 'fixtures/example/plan.json')].concat([
        '--out',
        'src/analytics',
      ]),
      {
        stdout: () => undefined,
        stderr: (text) => void (stderr += text),
        cwd,
        env: { PLATEN_CACHE_DIR: join(root, '.cache') },
        interactive: false,
      },
    );
    return { code, stderr };
  };

  it('warns, with the install command, when the output cannot resolve @platen/runtime', async () => {
    put('app/package.json');
    put('app/pnpm-lock.yaml', '');
    const { code, stderr } = await build(join(root, 'app'));
    expect(code).toBe(0);
    expect(stderr).toContain(
      'platen: src/analytics imports @platen/runtime, which is not installed where it can be resolved from there: run pnpm add @platen/runtime',
    );
  });

  it('says nothing once the runtime is installed', async () => {
    put('app/package.json');
    installRuntime('app');
    const { code, stderr } = await build(join(root, 'app'));
    expect(code).toBe(0);
    expect(stderr).not.toContain('@platen/runtime');
  });
});
