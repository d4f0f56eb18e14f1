/**
 * Prototype/diagnostic: what a bundled app is made of. Bundles an entry like the bundle measure
 * does (esbuild, esm, browser, minified) and lists the bytes each input contributes.
 *
 * Usage: node bench/proto/bundle-composition.mjs <app.ts> [--show]
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entry = process.argv[2];
const r = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  treeShaking: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  write: false,
  metafile: true,
  logLevel: 'silent',
});
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs)
  .map(([k, v]) => [v.bytesInOutput, k])
  .sort((a, b) => b[0] - a[0]);
for (const [b, k] of rows.slice(0, 25))
  console.log(String(b).padStart(7), k.replace(/.*node_modules\//, '').replace(/.*\.work\//, ''));
const code = r.outputFiles[0].contents;
console.log('min', code.length, 'gz', gzipSync(code, { level: 9 }).length);
if (process.argv.includes('--show')) console.log(new TextDecoder().decode(code));
