/**
 * The compile matrix's temp project under the repository's `.tmp/` (gitignored): `@platen/runtime` built
 * from its sources (the workspace's `dist/` belongs to `pnpm build`, which tests never run), one
 * generated client per target × language × mode, and the SDK type declarations usage files need.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import ts from 'typescript';
import type { GeneratedFile, Language, Mode, ModuleFormat, Sdk } from '../../src/compile-types.js';
import { compile } from '../../src/compile.js';
import { loadPlan } from '../../src/plan/index.js';

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** `ts` (TypeScript source), `js-esm` (`.js` + `.d.ts`), `js-cjs` (`.cjs` + `.d.cts`). */
export type Flavour = 'ts' | 'js-esm' | 'js-cjs';

/** One cell of the matrix. */
export interface Cell {
  sdk: Sdk;
  flavour: Flavour;
  mode: Mode;
  /** Folder of the client inside the project, e.g. `out/analytics-node-js-cjs-dev`. */
  dir: string;
}

/** Every SDK and flavour the matrix covers. */
export const SDKS: readonly Sdk[] = [
  'analytics-next',
  'analytics-js',
  'analytics-node',
  'react-native',
  'rudderstack',
  'generic',
];
export const FLAVOURS: readonly Flavour[] = ['ts', 'js-esm', 'js-cjs'];
export const MODES: readonly Mode[] = ['dev', 'prod'];

/** Every cell, in a fixed order. */
export const CELLS: readonly Cell[] = SDKS.flatMap((sdk) =>
  FLAVOURS.flatMap((flavour) =>
    MODES.map((mode) => ({ sdk, flavour, mode, dir: `out/${sdk}-${flavour}-${mode}` })),
  ),
);

const language = (f: Flavour): Language => (f === 'ts' ? 'typescript' : 'javascript');
const moduleOf = (f: Flavour): ModuleFormat => (f === 'js-cjs' ? 'cjs' : 'esm');

/** The client entry a consumer names: `index.js` (TS and ESM) or `index.cjs`. */
export const entryOf = (cell: Cell): string =>
  `./${cell.dir}/index.${cell.flavour === 'js-cjs' ? 'cjs' : 'js'}`;

function write(root: string, path: string, contents: string): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, contents);
}

/** Writes generated files under `dir`. */
export function writeFiles(root: string, dir: string, files: readonly GeneratedFile[]): void {
  for (const file of files) write(root, join(dir, file.path), file.contents);
}

/**
 * `node_modules/@platen/runtime` in `root`: the package's own `package.json` (so its `exports`
 * are what consumers get), ESM and CommonJS JavaScript from esbuild, declarations from one
 * TypeScript declaration-only emit.
 */
export async function buildRuntime(root: string): Promise<void> {
  const pkg = join(REPO, 'packages/runtime');
  const out = join(root, 'node_modules/@platen/runtime');
  write(out, 'package.json', readFileSync(join(pkg, 'package.json'), 'utf8'));
  write(out, 'dist/cjs/package.json', '{ "type": "commonjs" }\n');
  const sources: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(pkg, 'src', dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts')) sources.push(rel);
    }
  };
  walk('');
  for (const rel of sources) {
    const source = readFileSync(join(pkg, 'src', rel), 'utf8');
    for (const format of ['esm', 'cjs'] as const) {
      const { code } = await transform(source, { loader: 'ts', format, target: 'es2022' });
      write(out, join('dist', format, rel.replace(/\.ts$/, '.js')), code);
    }
  }
  const program = ts.createProgram(
    sources.map((rel) => join(pkg, 'src', rel)),
    {
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: join(pkg, 'src'),
      outDir: join(out, 'dist/esm'),
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      strict: true,
      skipLibCheck: true,
    },
  );
  program.emit();
  // The same declarations describe the CommonJS copy (both are generated from one source).
  for (const rel of sources) {
    const dts = rel.replace(/\.ts$/, '.d.ts');
    write(out, join('dist/cjs', dts), readFileSync(join(out, 'dist/esm', dts), 'utf8'));
  }
}

/** Compiles the fixture plan for every cell and writes each client. Returns the Platen version stamped. */
export async function writeClients(root: string, planFile: string): Promise<void> {
  const { loaded, diagnostics } = await loadPlan(planFile);
  if (loaded === undefined) throw new Error(`plan did not load: ${JSON.stringify(diagnostics)}`);
  for (const cell of CELLS) {
    const result = await compile(loaded, {
      sdk: cell.sdk,
      language: language(cell.flavour),
      module: moduleOf(cell.flavour),
      mode: cell.mode,
    });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`${cell.dir}: ${JSON.stringify(errors)}`);
    writeFiles(root, cell.dir, result.files);
  }
}

/** A fresh project folder under `.tmp/`. */
export function projectDir(name: string): string {
  const dir = join(REPO, '.tmp', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes one file of the project. */
export { write as writeFile };
