/** Builds a plan into a temp folder and loads the generated client with a recording stub SDK. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type CompileOptions, type CompileResult } from '../../src/compile.js';
import type { LoadedPlan } from '../../src/plan/types.js';
import { importBundled, tempDir } from './helpers.js';

/** A loaded generated client: its event functions by name, `track`, and `configure`. */
export type Client = Record<string, (...args: unknown[]) => void> & {
  configure(options: { analytics: unknown; onViolation: unknown }): void;
};

/** Default options: the TypeScript browser client in dev mode. */
export const DEV_OPTIONS: CompileOptions = {
  language: 'typescript',
  sdk: 'analytics-next',
  mode: 'dev',
};

/** Compiles `loaded` and writes the files to a fresh temp folder. */
export async function buildTo(
  loaded: LoadedPlan,
  options: CompileOptions = DEV_OPTIONS,
): Promise<{ result: CompileResult; dir: string }> {
  const result = await compile(loaded, options);
  const dir = tempDir('hostile');
  for (const f of result.files) {
    mkdirSync(join(dir, f.path, '..'), { recursive: true });
    writeFileSync(join(dir, f.path), f.contents);
  }
  return { result, dir };
}

/** Bundles and imports the client in `dir`, configured with a stub SDK that records every call. */
export async function loadClient(dir: string): Promise<{ client: Client; calls: unknown[][] }> {
  const entry = existsSync(join(dir, 'index.ts')) ? 'index.ts' : 'index.js';
  const client = await importBundled<Client>(join(dir, entry));
  const calls: unknown[][] = [];
  client.configure({
    analytics: { track: (...args: unknown[]) => calls.push(args) },
    onViolation: 'throw',
  });
  return { client, calls };
}

/** A loaded plan from a plan object (Public API layout), as `loadPlan` would give it. */
export function loadedOf(plan: { rules: unknown[] } & Record<string, unknown>): LoadedPlan {
  return {
    plan: plan as never,
    format: 'public-api',
    file: 'plan.json',
    ruleSources: plan.rules.map((_, i) => ({
      file: 'plan.json',
      pointer: `/rules/${i}/jsonSchema`,
    })),
  };
}
