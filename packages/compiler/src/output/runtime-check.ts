/**
 * Whether a generated client can import `@platen/runtime` from where it is written. Generated code
 * imports `@platen/runtime` (and its `/validation`, `/prod` and `/message` entries), so an app that
 * installed only the compiler gets a client that does not compile; `platen build` warns with the
 * install command instead of leaving that to the app's bundler.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

/** The package every generated client imports. */
export const RUNTIME_PACKAGE = '@platen/runtime';

// Checked per folder, nearest folder first: the first lock file found names the package manager.
const LOCK_FILES: readonly (readonly [file: string, command: string])[] = [
  ['pnpm-lock.yaml', 'pnpm add'],
  ['yarn.lock', 'yarn add'],
  ['bun.lock', 'bun add'],
  ['bun.lockb', 'bun add'],
  ['package-lock.json', 'npm i'],
  ['npm-shrinkwrap.json', 'npm i'],
];

/** `dir` and every folder above it, nearest first. */
function upFrom(dir: string): string[] {
  const dirs: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    dirs.push(at);
    if (dirname(at) === at) return dirs;
  }
}

function packageName(dir: string): string | undefined {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'name' in pkg && typeof pkg.name === 'string'
      ? pkg.name
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `import '@platen/runtime'` in a file in `outputDir` can resolve, the way Node, TypeScript
 * (`nodenext`/`bundler`) and bundlers look: a `node_modules/@platen/runtime` in the folder or any
 * folder above it. `undefined` when that cannot be told cheaply (Yarn Plug'n'Play keeps packages in
 * zip files): the caller should then not warn. `outputDir` need not exist yet.
 */
export function runtimeResolvable(outputDir: string): boolean | undefined {
  let nearestPackage: string | undefined;
  for (const dir of upFrom(outputDir)) {
    // A folder named node_modules is not searched for node_modules/node_modules (as Node does).
    if (
      basename(dir) !== 'node_modules' &&
      existsSync(join(dir, 'node_modules', RUNTIME_PACKAGE, 'package.json'))
    )
      return true;
    // Node resolves a package's own name from inside it (self-reference through `exports`).
    if (nearestPackage === undefined && existsSync(join(dir, 'package.json'))) {
      nearestPackage = packageName(dir) ?? '';
      if (nearestPackage === RUNTIME_PACKAGE) return true;
    }
    if (existsSync(join(dir, '.pnp.cjs')) || existsSync(join(dir, '.pnp.js'))) return undefined;
  }
  return false;
}

/**
 * The command that adds `@platen/runtime` as a dependency of the app around `outputDir`: `pnpm add`,
 * `yarn add` or `bun add` when the nearest lock file is theirs, else `npm i`.
 */
export function runtimeInstallCommand(outputDir: string): string {
  for (const dir of upFrom(outputDir)) {
    for (const [file, command] of LOCK_FILES)
      if (existsSync(join(dir, file))) return `${command} ${RUNTIME_PACKAGE}`;
  }
  return `npm i ${RUNTIME_PACKAGE}`;
}

/**
 * The warning `platen build` prints when a file in `outputDir` cannot import `@platen/runtime`, naming
 * the install command (and the folder to run it in when that is not `cwd`); `undefined` when the
 * package resolves, or when that cannot be told (Yarn Plug'n'Play). A relative `outputDir` is taken
 * from `cwd`, and paths are shown relative to it.
 */
export function runtimeWarning(outputDir: string, cwd: string = process.cwd()): string | undefined {
  const out = resolve(cwd, outputDir);
  if (runtimeResolvable(out) !== false) return undefined;
  const shown = (dir: string) => relative(cwd, dir) || '.';
  // The install belongs to the app: the nearest folder above the output with a package.json.
  const app = upFrom(out).find((dir) => existsSync(join(dir, 'package.json')));
  const where = app !== undefined && app !== resolve(cwd) ? ` in ${shown(app)}` : '';
  return (
    `platen: ${shown(out)} imports ${RUNTIME_PACKAGE}, which is not installed where it ` +
    `can be resolved from there: run ${runtimeInstallCommand(out)}${where}`
  );
}
