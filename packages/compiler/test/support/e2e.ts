/**
 * Shared by the end-to-end suites: builds the e2e fixture plan with the real CLI and bundles the
 * generated client against the runtime's sources.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { runCli } from '../../src/cli/run.js';
import type { Mode, Sdk } from '../../src/compile-types.js';
import type { ManifestRule } from './e2e-calls.js';

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

/** Extra `platen build` flags: the output language and module format. */
export interface BuildFlags {
  language?: 'typescript' | 'javascript';
  module?: 'esm' | 'cjs';
}

/** Runs `platen build` in-process on the fixture plan; returns the manifest's rules. */
export async function buildFixture(
  out: string,
  sdk: Sdk,
  mode: Mode,
  flags: BuildFlags = {},
): Promise<ManifestRule[]> {
  let stderr = '';
  const argv = ['build', '--plan', join(FIXTURE, 'plan.json'), '--out', out, '--sdk', sdk];
  argv.push('--mode', mode);
  if (flags.language) argv.push('--language', flags.language);
  if (flags.module) argv.push('--module', flags.module);
  const code = await runCli(argv, {
    stdout: () => undefined,
    stderr: (t) => void (stderr += t),
    cwd: REPO,
    env: {},
    interactive: false,
  });
  if (code !== 0) throw new Error(`platen build failed (${code}):\n${stderr}`);
  const manifest = JSON.parse(readFileSync(join(out, 'platen.manifest.json'), 'utf8')) as {
    rules: ManifestRule[];
  };
  return manifest.rules;
}

/**
 * Bundles the generated client's entry (`index.ts`, `index.js` or CommonJS `index.cjs`) with the
 * runtime's sources and loads it: CommonJS output is bundled as CommonJS and `require`d, so its
 * `exports.name = …` code is what runs.
 */
export async function importClient<T>(dir: string): Promise<T> {
  const entry = ['index.ts', 'index.js', 'index.cjs'].find((f) => existsSync(join(dir, f)));
  if (!entry) throw new Error(`no index.ts, index.js or index.cjs in ${dir}`);
  const cjs = entry.endsWith('.cjs');
  const outfile = join(dir, cjs ? 'client.bundle.cjs' : 'client.bundle.mjs');
  await build({
    entryPoints: [join(dir, entry)],
    bundle: true,
    format: cjs ? 'cjs' : 'esm',
    platform: cjs ? 'node' : 'neutral',
    outfile,
    logLevel: 'silent',
    alias: RUNTIME_ALIAS,
  });
  if (cjs) return createRequire(import.meta.url)(outfile) as T;
  return (await import(pathToFileURL(outfile).href)) as T;
}

/** Writes `text` to `path`, making folders. */
export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
