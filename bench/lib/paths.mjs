/** Where the harness finds the compiler and keeps its scratch files. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `bench/` folder. */
export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
/** The repository root. */
export const ROOT = dirname(BENCH_DIR);
/** Compiled compiler modules (`pnpm build` writes them). */
export const COMPILER_DIST = join(ROOT, 'packages/compiler/dist');
/** The Platen CLI entry point. */
export const PLATEN_BIN = join(ROOT, 'packages/compiler/bin/platen.js');
/**
 * Scratch space, gitignored. Inside the repository on purpose: generated clients import
 * `@platen/runtime`, which resolves from the root `node_modules`.
 */
export const WORK_DIR = join(BENCH_DIR, '.work');
/** Typewriter's scratch install. */
export const TYPEWRITER_DIR = join(WORK_DIR, 'typewriter');
