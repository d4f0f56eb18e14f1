/**
 * Superseded: generated prod code now imports `@platen/runtime/prod` (packages/runtime/src/prod.ts),
 * so the 3-of-500 prod bundle is 818 B gzip without any alias.
 *
 * Prototype: the prod bundle if generated prod code imported a prod-only `send` (prod-send.mjs)
 * instead of the runtime's `send`, which references the violation path (messages.js) even
 * when no validator is passed.
 *
 * Usage: node bench/proto/prod-bundle.mjs <prod app.ts>
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const shim = fileURLToPath(new URL('./prod-send.mjs', import.meta.url));
for (const alias of [{}, { '@platen/runtime': shim }]) {
  const r = await build({
    entryPoints: [process.argv[2]],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    alias,
    logLevel: 'silent',
  });
  const code = r.outputFiles[0].contents;
  const what = Object.keys(alias).length ? 'prod-only send' : 'current runtime';
  console.log(`${what}: min ${code.length} B, gz ${gzipSync(code, { level: 9 }).length} B`);
}
