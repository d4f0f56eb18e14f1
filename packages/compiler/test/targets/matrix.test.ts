/**
 * The compile matrix of issue 4: `fixtures/calls/plan.json` built for every SDK × language
 * (TypeScript, JavaScript ESM, JavaScript CommonJS) × dev/prod, then
 * (a) type-checked by real `tsc` processes, TypeScript 5.9 and the native TypeScript 7, under
 *     `module: nodenext` and `module: bundler` with `isolatedModules` and `verbatimModuleSyntax`
 *     (one run per compiler × config covering every client; `@ts-expect-error` lines must error);
 * (b) run in real `node` processes as ES modules and as CommonJS against a recording stub SDK.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATEN_VERSION } from '../../src/version.js';
import { callsFor } from '../support/target-calls.js';
import {
  CELLS,
  REPO,
  buildRuntime,
  entryOf,
  projectDir,
  writeClients,
  writeFile,
  type Cell,
} from '../support/target-project.js';
import { RN_CLIENT, cjsUsage, esmUsage, runner } from '../support/target-usage.js';

const run = promisify(execFile);
// The `.bin` launchers: TypeScript 7's is a shell script around the native binary, not JavaScript.
const TSC: Record<string, string> = {
  'TypeScript 5.9': join(REPO, 'node_modules/.bin/tsc'),
  'TypeScript 7': join(REPO, 'tools/ts7/node_modules/.bin/tsc'),
};
// Proves each tsc run really checked the files: this line must be its one reported error.
const CANARY = "export const canary: number = 'not a number';\n";
const STRICT = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  noEmit: true,
  target: 'es2022',
  lib: ['es2022', 'dom'],
  types: [],
  skipLibCheck: false,
};
const CONFIGS: Record<string, object> = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
};

let root = '';
const usageFiles: Record<string, string[]> = { nodenext: [], bundler: [] };
const cellName = (cell: Cell): string => cell.dir.replace('out/', '');

beforeAll(async () => {
  root = projectDir('targets');
  writeFile(root, 'package.json', '{ "type": "module" }\n');
  writeFile(root, 'rn-client.d.ts', RN_CLIENT);
  await buildRuntime(root);
  await writeClients(root, join(REPO, 'fixtures/calls/plan.json'));
  for (const cell of CELLS) {
    // JavaScript declarations do not depend on the mode (a test below proves them identical), so
    // prod JavaScript clients are type-checked through their dev twins: a third less tsc work.
    if (cell.flavour !== 'ts' && cell.mode === 'prod') continue;
    const esm = `usage-${cellName(cell)}.ts`;
    writeFile(root, esm, esmUsage(cell));
    usageFiles.nodenext!.push(esm);
    usageFiles.bundler!.push(esm);
    // A CommonJS consumer under nodenext: only CommonJS clients can be `require`d by TypeScript.
    if (cell.flavour === 'js-cjs') {
      const cts = `usage-${cellName(cell)}.cts`;
      writeFile(root, cts, cjsUsage(cell));
      usageFiles.nodenext!.push(cts);
    }
  }
  writeFile(root, 'canary.ts', CANARY);
  for (const [config, files] of Object.entries(usageFiles)) {
    files.push('canary.ts');
    writeFile(
      root,
      `tsconfig.${config}.json`,
      JSON.stringify({ compilerOptions: { ...STRICT, ...CONFIGS[config] }, files }, null, 2),
    );
  }
}, 180_000);

afterAll(() => {
  if (root !== '' && process.env.KEEP_TARGETS === undefined)
    rmSync(root, { recursive: true, force: true });
});

/**
 * Runs one tsc; returns its diagnostics outside third-party packages (RudderStack's declarations
 * name a package it does not install, `@preact/signals-core`: not ours to fix).
 */
async function tsc(binary: string, config: string): Promise<string[]> {
  const out = await run(binary, ['-p', `tsconfig.${config}.json`, '--pretty', 'false'], {
    cwd: root,
  }).then(
    (r) => r.stdout,
    (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
  );
  return out
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('node_modules/'))
    .map((line) => line.replace(/\(\d+,\d+\)/, ''));
}

/** Every declaration file of a client, by path. */
function declarations(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(root, dir, sub), { withFileTypes: true })) {
      const rel = join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.d\.c?ts$/.test(entry.name))
        out.set(rel, readFileSync(join(root, dir, rel), 'utf8'));
    }
  };
  walk('');
  return out;
}

describe('JavaScript declarations are the same in dev and prod', () => {
  const pairs = CELLS.filter((c) => c.flavour !== 'ts' && c.mode === 'prod').map(
    (prod) => [cellName(prod), prod] as const,
  );
  it.each(pairs)('%s', (_, prod) => {
    const dev = declarations(prod.dir.replace(/-prod$/, '-dev'));
    expect(dev.size).toBeGreaterThan(5);
    expect(declarations(prod.dir)).toEqual(dev);
  });
});

describe('type-checks every client with real tsc runs', () => {
  const runs = Object.keys(TSC).flatMap((compiler) =>
    Object.keys(CONFIGS).map((config) => [`${compiler}, module ${config}`, compiler, config]),
  );
  // Started together: four processes, one per compiler × config, each over every client.
  let outcomes: Map<string, Promise<string[]>>;
  beforeAll(() => {
    outcomes = new Map(
      runs.map(([name, compiler, config]) => [name!, tsc(TSC[compiler!]!, config!)]),
    );
  });
  it.each(runs)(
    '%s',
    async (name) => {
      // Each usage file has lines that must not compile; an unused @ts-expect-error is itself an
      // error, so the canary alone proves every one of them failed and everything else compiled.
      expect(await outcomes.get(name!)).toEqual([
        "canary.ts: error TS2322: Type 'string' is not assignable to type 'number'.",
      ]);
    },
    240_000,
  );
});

/** Transpiles the TypeScript clients for node: `run-esm/<cell>` and `run-cjs/<cell>` (CommonJS). */
async function transpileTs(): Promise<void> {
  for (const cell of CELLS.filter((c) => c.flavour === 'ts')) {
    for (const format of ['esm', 'cjs'] as const) {
      const dir = join(root, `run-${format}`, cellName(cell));
      await build({
        entryPoints: [join(root, cell.dir, '**/*.ts')],
        outdir: dir,
        format,
        bundle: false,
        logLevel: 'silent',
      });
      writeFile(dir, 'package.json', `{ "type": "${format === 'esm' ? 'module' : 'commonjs'}" }\n`);
    }
  }
}

interface CellResult {
  received: Array<Record<string, unknown>>;
  rejected: Array<{ threw: boolean; sent: number }>;
}

async function runNode(esm: boolean): Promise<Record<string, CellResult>> {
  const entry = (cell: Cell): string =>
    cell.flavour === 'ts'
      ? `./run-${esm ? 'esm' : 'cjs'}/${cellName(cell)}/index.js`
      : entryOf(cell);
  const file = esm ? 'run.mjs' : 'run.cjs';
  writeFile(root, file, runner(CELLS, esm, entry));
  const { stdout } = await run(process.execPath, [file], { cwd: root, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as Record<string, CellResult>;
}

describe('runs every client in real node processes', () => {
  let results: Record<'ESM import' | 'CommonJS require', Record<string, CellResult>>;
  beforeAll(async () => {
    await transpileTs();
    results = { 'ESM import': await runNode(true), 'CommonJS require': await runNode(false) };
  }, 120_000);

  const cases = (['ESM import', 'CommonJS require'] as const).flatMap((how) =>
    CELLS.map((cell) => [`${how}: ${cellName(cell)}`, { how, cell }] as const),
  );
  it.each(cases)('%s', (_, { how, cell }) => {
    const got = results[how][cell.dir]!;
    const language = cell.flavour === 'ts' ? 'typescript' : 'javascript';
    expect(got.received).toEqual(
      callsFor(cell.sdk).map((c) => ({
        ...c.want,
        platen: { language, version: PLATEN_VERSION },
      })),
    );
    // Dev: every invalid call throws and nothing is sent. Prod: no validation, each is sent.
    const want = cell.mode === 'dev' ? { threw: true, sent: 0 } : { threw: false, sent: 1 };
    expect(got.rejected.length).toBeGreaterThan(0);
    for (const rejected of got.rejected) expect(rejected).toEqual(want);
  });
});
