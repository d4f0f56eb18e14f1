/**
 * The validator worker pool (the Ajv fallback's), run for real: the pool and its worker are bundled
 * side by side (as in the published package), and the threads' output must equal single-threaded
 * output byte for byte. The child compiles with `native: false`, so every rule goes to Ajv.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { REPO, tempDir } from '../support/helpers.js';

/** Bundles the pool child and the worker into one folder; returns the child's path. */
export async function bundlePoolChild(): Promise<string> {
  const dir = tempDir('pool');
  await build({
    entryPoints: {
      child: join(REPO, 'packages/compiler/test/build/pool-child.ts'),
      worker: join(REPO, 'packages/compiler/src/validators/worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outdir: dir,
    logLevel: 'silent',
    // CommonJS dependencies (Ajv, prettier's plugins) call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return join(dir, 'child.js');
}

it('compiles on worker threads with the same bytes as on one thread', async () => {
  const child = await bundlePoolChild();
  const out = JSON.parse(
    execFileSync(process.execPath, [child, '50'], { encoding: 'utf8' }),
  ) as Record<string, unknown>;
  expect(out).toMatchObject({ same: true, workers: 2, files: 52 });
});
