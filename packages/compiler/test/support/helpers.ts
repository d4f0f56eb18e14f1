/** Helpers shared by the build, hostile, agreement and validator tests: hand-made IR stand-ins, temp dirs, bundling generated code. */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import type { GeneratedFile } from '../../src/compile-types.js';
import { irRuleOf } from '../../src/ir/index.js';
import type { NamedIr, NamedRule } from '../../src/naming/types.js';
import type { Json, RuleType } from '../../src/plan/types.js';

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Scratch space for tests (gitignored). */
export const TMP = join(REPO, '.tmp', 'build-tests');

/** A fresh directory under {@link TMP}. */
export function tempDir(prefix: string): string {
  mkdirSync(TMP, { recursive: true });
  return mkdtempSync(join(TMP, prefix + '-'));
}

/** Writes generated files under `dir`. */
export function writeFiles(dir: string, files: readonly GeneratedFile[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.contents);
  }
}

/** A minimal named rule for the validator stage (which reads only the schema and the file stem). */
export function namedRule(
  type: RuleType,
  key: string | null,
  schema: Json,
  file: string,
  version = 1,
): NamedRule {
  const rule = irRuleOf({
    type,
    key,
    version,
    latest: true,
    labels: {},
    deprecated: false,
    payload: { kind: 'unknown', pointer: '' },
    payloadRequired: false,
    definitions: {},
    schema,
    pointer: '/rules/0/jsonSchema',
    file: 'plan.json',
  });
  return {
    rule,
    names: { function: file, propertiesType: file, typePrefix: file, file, types: {} },
  };
}

/** A NamedIr of the given rules. */
export function namedIr(rules: NamedRule[]): NamedIr {
  return { plan: { id: 'tp_test', name: 'Test', hash: 'h' }, rules, diagnostics: [] };
}

/**
 * Every entry of the runtime's `exports` (`@platen/runtime`, `@platen/runtime/validation`, …) mapped
 * to its source file, so bundles and type checks use the runtime as it is in the checkout (never a
 * stale dist/), whatever subpaths it grows.
 */
export const RUNTIME_ALIAS: Record<string, string> = (() => {
  const root = join(REPO, 'packages/runtime');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
  };
  const alias: Record<string, string> = {};
  for (const key of Object.keys(pkg.exports)) {
    if (!key.startsWith('.') || key.endsWith('.json')) continue;
    const sub = key === '.' ? 'index' : key.slice(2);
    const file = existsSync(join(root, 'src', sub, 'index.ts'))
      ? join(root, 'src', sub, 'index.ts')
      : join(root, 'src', `${sub}.ts`);
    alias[key === '.' ? '@platen/runtime' : `@platen/runtime/${sub}`] = file;
  }
  return alias;
})();

/** Bundles `entry` with esbuild (ESM) against the runtime's sources. */
export async function bundle(entry: string, extra: BuildOptions = {}) {
  return build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    alias: RUNTIME_ALIAS,
    ...extra,
  });
}

/** Bundles `entry` and imports the result. */
export async function importBundled<T>(entry: string): Promise<T> {
  const result = await bundle(entry, { mainFields: ['module', 'main'] });
  const out =
    entry.replace(/\.[jt]s$/, '') +
    `.bundle-${Date.now()}-${Math.random().toString(36).slice(2)}.mjs`;
  writeFileSync(out, result.outputFiles![0]!.text);
  return (await import(pathToFileURL(out).href)) as T;
}

/** Every file under `dir` (recursively, symlinks not followed) as path → contents. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else
        out[path] = entry.isSymbolicLink()
          ? `-> ${readlinkSync(join(dir, path))}`
          : readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return out;
}
