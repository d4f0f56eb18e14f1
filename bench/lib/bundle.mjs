/**
 * Measure 2, bundle: an app importing a 500-event client and calling 3 events, bundled by esbuild
 * for the browser (esm, minified, tree-shaken); minified and gzipped bytes. The same apps, bundled
 * for Node, are what the per-call measure imports.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CALL_PAYLOAD_VALUE } from './plans.mjs';
import { typewriterFunctionFor } from './typewriter.mjs';

/** The 3 calls every app makes: the 12-property event and two synthetic ones. */
function callsOf(functions) {
  const [call, a, b] = functions;
  return [
    `${call}(${JSON.stringify(CALL_PAYLOAD_VALUE)});`,
    `${a}({} as never);`,
    `${b}({} as never);`,
  ].join('\n');
}

/**
 * Writes the app entry for a Platen client in `clientDir`: imports `configure` and three event
 * functions by name (from the manifest), sets the SDK instance, calls them. `keys` are wire names.
 */
export async function writePlatenApp(clientDir, keys, entry) {
  const manifest = JSON.parse(await readFile(join(clientDir, 'platen.manifest.json'), 'utf8'));
  const functions = keys.map((key) => {
    const rule = manifest.rules.find((r) => r.type === 'TRACK' && r.key === key);
    if (!rule) throw new Error(`no event ${key} in ${clientDir}`);
    return rule.function;
  });
  const source = [
    `import { configure, ${functions.join(', ')} } from './${clientDir.split('/').pop()}/index.js';`,
    `configure({ analytics: (globalThis as { analytics?: never }).analytics });`,
    callsOf(functions),
    '',
  ].join('\n');
  await writeFile(entry, source);
  await writeFile(
    entry.replace(/\.ts$/, '.percall.ts'),
    `export { configure, ${functions[0]} as callEvent } from './${clientDir.split('/').pop()}/index.js';\n`,
  );
  return functions;
}

/** Writes the app entry for a Typewriter client (`segment.ts` in `clientDir`). */
export async function writeTypewriterApp(clientDir, keys, entry) {
  const source = await readFile(join(clientDir, 'segment.ts'), 'utf8');
  const functions = keys.map((key) => {
    const name = typewriterFunctionFor(source, key);
    if (!name) throw new Error(`no function for ${key} in Typewriter's client`);
    return name;
  });
  const app = [
    `import { setTypewriterOptions, ${functions.join(', ')} } from './client/segment';`,
    `setTypewriterOptions({ analytics: (globalThis as { analytics?: never }).analytics });`,
    callsOf(functions),
    '',
  ].join('\n');
  await writeFile(entry, app);
  // The per-call module only re-exports: importing it must not send anything.
  await writeFile(
    entry.replace(/\.ts$/, '.percall.ts'),
    `export { setTypewriterOptions as configure, ${functions[0]} as callEvent } from './client/segment';\n`,
  );
  return functions;
}

/** Bundles `entry` for the browser: minified and gzipped (level 9) bytes. */
export async function browserBundle(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    // Typewriter's client reads NODE_ENV; a production browser build defines it.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0].contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

/**
 * Bundles the per-call module written beside `entry` (`<entry>.percall.ts`: re-exports only) for
 * Node into `outFile` (esm), so a plain `import()` can load the client.
 */
export async function nodeBundle(entry, outFile) {
  await build({
    entryPoints: [entry.replace(/\.ts$/, '.percall.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: outFile,
    logLevel: 'silent',
  });
  return outFile;
}
