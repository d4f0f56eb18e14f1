/**
 * Shared by the end-to-end suites: builds the e2e fixture plan with the real CLI and bundles the
 * generated client against the runtime's sources.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { runCli } from '../../src/cli/run.js';
import type { Mode, Sdk } from '../../src/compile-types.js';
import type { ManifestRule } from './calls.js';

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The e2e fixture folder: `plan.json` and `calls.json`. */
export const FIXTURE = join(REPO, 'fixtures/e2e');

/**
 * Every entry of @platen/runtime (from its package.json `exports`) mapped to its TypeScript source, so
 * bundles use the runtime as it is in the checkout (not a stale dist/) and new entries need no edit.
 */
export const RUNTIME_ALIAS: Record<string, string> = (() => {
  const root = join(REPO, 'packages/runtime');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const alias: Record<string, string> = {};
  // Longest subpath first: esbuild matches an alias as a prefix of the import path.
  const entries = Object.entries(pkg.exports).sort(([a], [b]) => b.length - a.length);
  for (const [subpath, target] of entries) {
    const file = typeof target === 'object' ? target.import?.default : undefined;
    if (!file?.startsWith('./dist/esm/')) continue;
    const name = subpath === '.' ? '@platen/runtime' : `@platen/runtime/${subpath.slice(2)}`;
    const source = file.replace('./dist/esm/', 'src/').replace(/\.js$/, '.ts');
    alias[name] = join(root, source);
  }
  return alias;
})();

/** A scratch directory under the repository's gitignored `.tmp/`. */
export function scratch(prefix: string): string {
  mkdirSync(join(REPO, '.tmp'), { recursive: true });
  return mkdtempSync(join(REPO, '.tmp', `${prefix}-`));
}

/** Runs `platen build` in-process on the fixture plan; returns the manifest's rules. */
export async function buildFixture(out: string, sdk: Sdk, mode: Mode): Promise<ManifestRule[]> {
  let stderr = '';
  const code = await runCli(
    ['build', '--plan', join(FIXTURE, 'plan.json'), '--out', out, '--sdk', sdk, '--mode', mode],
    {
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      cwd: REPO,
      env: {},
      interactive: false,
    },
  );
  if (code !== 0) throw new Error(`platen build failed (${code}):\n${stderr}`);
  const manifest = JSON.parse(readFileSync(join(out, 'platen.manifest.json'), 'utf8')) as {
    rules: ManifestRule[];
  };
  return manifest.rules;
}

/** Bundles the generated client (`<dir>/index.ts`) with the runtime's sources into one ESM file. */
export async function importClient<T>(dir: string): Promise<T> {
  const outfile = join(dir, 'client.bundle.mjs');
  await build({
    entryPoints: [join(dir, 'index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile,
    logLevel: 'silent',
    alias: RUNTIME_ALIAS,
  });
  return (await import(pathToFileURL(outfile).href)) as T;
}

/** Writes `text` to `path`, making folders. */
export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
