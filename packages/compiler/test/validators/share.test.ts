/**
 * The shared native pass of a large dev build (src/validators/share.ts), run for real: the child and
 * the worker are bundled side by side (as in the published package). The worker must do part of the
 * work while the calling thread is busy, and the output must equal single-threaded output byte for
 * byte, diagnostics included.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { REPO, tempDir } from '../support/helpers.js';
import { SHARE_THRESHOLD } from '../../src/validators/share.js';

async function bundleShareChild(): Promise<string> {
  const dir = tempDir('share');
  await build({
    entryPoints: {
      child: join(REPO, 'packages/compiler/test/validators/share-child.ts'),
      'share-worker': join(REPO, 'packages/compiler/src/validators/share-worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outdir: dir,
    logLevel: 'silent',
    // CommonJS dependencies (Ajv) call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return join(dir, 'child.js');
}

const run = (child: string, events: number, ...more: string[]): Record<string, unknown> =>
  JSON.parse(
    execFileSync(process.execPath, [child, String(events), ...more], { encoding: 'utf8' }),
  ) as Record<string, unknown>;

it('shares a large build with a worker thread, with the same files and diagnostics', async () => {
  const child = await bundleShareChild();
  const out = run(child, SHARE_THRESHOLD + 40);
  expect(out).toMatchObject({ same: true, files: SHARE_THRESHOLD + 45 });
  // The calling thread was busy for 400 ms: the worker compiled rules, none when told `workers: 0`.
  expect(out.worker).toBeGreaterThan(0);
  expect(out.afterSerial).toBe(out.worker);
  expect(out.codes).toEqual(['format-not-checked']);
  // Below the threshold the build stays on its thread.
  const small = run(child, SHARE_THRESHOLD - 10);
  expect(small).toMatchObject({ same: true, worker: 0 });
  // Started when the plan is loaded, asked for half of the rules: the worker's results are found
  // by schema, the rest is not waited for.
  const early = run(child, SHARE_THRESHOLD + 40, '400', 'prestart');
  expect(early).toMatchObject({ same: true, files: (SHARE_THRESHOLD + 46) / 2 });
  expect(early.worker).toBeGreaterThan(0);
}, 60_000);
