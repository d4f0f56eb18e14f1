/**
 * Shared by the end-to-end suites: builds the e2e fixture plan with the real CLI, bundles the
 * generated client, and checks what the collector received field by field against the plan.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { Mode, Sdk } from '../../src/compile-types.js';
import { PLATEN_VERSION } from '../../src/version.js';

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

/** One call of `calls.json`. `via: 'generic'` goes through the generated `track(name, …)`. */
export interface PlannedCall {
  type: 'track' | 'identify' | 'group' | 'page' | 'screen';
  event: string | null;
  version: number;
  via?: 'function' | 'generic';
  properties: Record<string, unknown>;
  /** Invalid calls only: the violations a dev build reports, as (pointer, keyword). */
  violations?: { pointer: string; keyword: string }[];
}

/** `calls.json`. */
export interface CallsFixture {
  valid: PlannedCall[];
  invalid: PlannedCall[];
}

/** One rule of the manifest the build wrote. */
export interface ManifestRule {
  type: string;
  key: string | null;
  version: number;
  function: string;
}

/** Reads the fixture calls. */
export function loadCalls(): CallsFixture {
  return JSON.parse(readFileSync(join(FIXTURE, 'calls.json'), 'utf8')) as CallsFixture;
}

interface PlanRule {
  type: string;
  key: string | null;
  version: number;
  jsonSchema: {
    properties?: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
  };
}

const plan = JSON.parse(readFileSync(join(FIXTURE, 'plan.json'), 'utf8')) as { rules: PlanRule[] };

/** The plan's rule for a call (TRACK/PAGE/SCREEN by key and version; IDENTIFY/GROUP by type). */
export function ruleOf(call: PlannedCall): PlanRule {
  const rule = plan.rules.find(
    (r) => r.type === call.type.toUpperCase() && r.key === call.event && r.version === call.version,
  );
  if (!rule) throw new Error(`calls.json names a rule the plan lacks: ${JSON.stringify(call)}`);
  return rule;
}

/** The latest version of each key, as the generic `track` resolves it. */
export function latestVersion(event: string): number {
  return Math.max(...plan.rules.filter((r) => r.key === event).map((r) => r.version));
}

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

/** The generated function a call goes through (from the manifest, so naming changes cannot break it). */
export function functionOf(rules: ManifestRule[], call: PlannedCall): string {
  if (call.via === 'generic') return call.type;
  const rule = rules.find(
    (r) => r.type === call.type.toUpperCase() && r.key === call.event && r.version === call.version,
  );
  if (!rule) throw new Error(`the manifest has no function for ${JSON.stringify(call)}`);
  return rule.function;
}

/** Marks each call so arrivals can be matched to calls whatever order the SDK delivers them in. */
export const marker = (index: number): { context: { e2e: { call: number } } } => ({
  context: { e2e: { call: index } },
});

/** The call index an arrived message carries, or -1. */
export function markerOf(message: Record<string, unknown>): number {
  const context = message.context as { e2e?: { call?: unknown } } | undefined;
  return typeof context?.e2e?.call === 'number' ? context.e2e.call : -1;
}

/**
 * Field by field: one arrived message against the call that produced it and the plan's rule. The
 * event name byte for byte, the properties/traits exactly, every property declared by the rule and
 * every required one present, the `context.platen` stamp and the event version.
 */
export function expectArrived(
  message: Record<string, unknown>,
  call: PlannedCall,
  sdk: { dropsNullProperties?: boolean } = {},
): void {
  const where = `${call.type} ${JSON.stringify(call.event)} v${call.version}`;
  expect(message.type, where).toBe(call.type);
  const payloadField = call.type === 'identify' || call.type === 'group' ? 'traits' : 'properties';
  if (call.type === 'track') expect(message.event, where).toBe(call.event);
  if (call.type === 'page' || call.type === 'screen') expect(message.name, where).toBe(call.event);
  const payload = message[payloadField] as Record<string, unknown>;
  // RudderStack's SDK removes properties whose value is null before sending (seen here, not a Platen
  // choice): what arrives is the call without them.
  const sent = sdk.dropsNullProperties
    ? Object.fromEntries(Object.entries(call.properties).filter(([, v]) => v !== null))
    : call.properties;
  expect(payload, where).toEqual(sent);
  const schema = ruleOf(call).jsonSchema.properties?.[payloadField];
  for (const key of Object.keys(payload))
    expect(schema?.properties ?? {}, where).toHaveProperty([key]);
  for (const key of schema?.required ?? []) expect(payload, where).toHaveProperty([key]);
  const context = message.context as Record<string, unknown>;
  expect(context.platen, where).toEqual({ language: 'typescript', version: PLATEN_VERSION });
  const version = call.via === 'generic' ? latestVersion(call.event!) : call.version;
  expect((context.protocols as { event_version?: unknown })?.event_version, where).toBe(version);
}
