// Builds the monitoring dashboard's assets into dist/dashboard/assets/: app.js (the page's code and
// uPlot, bundled by esbuild, minified), app.css (uPlot's stylesheet and the page's) and index.html.
// Run by the package's build script after tsc; the registry serves these files at /monitor, so the
// page needs no CDN and works offline.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const client = new URL('src/dashboard/client/', root);
const out = new URL('dist/dashboard/assets/', root);
const require = createRequire(new URL('package.json', root));

mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [new URL('main.ts', client).pathname],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'inline',
  write: false,
  logLevel: 'warning',
});
writeFileSync(new URL('app.js', out), result.outputFiles[0].contents);
const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
writeFileSync(
  new URL('app.css', out),
  `/* uPlot (MIT) */\n${uplotCss}\n${readFileSync(new URL('style.css', client), 'utf8')}`,
);
writeFileSync(new URL('index.html', out), readFileSync(new URL('index.html', client)));
