/**
 * Measure 4b, editor completions, in its own Node process: a TypeScript 5.9 language service over
 * a generated client and one probe file; times `getCompletionsAtPosition` for `track("` (event
 * names) and for the properties of one event's payload object. The first request of each kind is
 * cold (the service builds the program and checks what it needs); then the probe is edited and
 * the request repeated, as while typing (warm).
 *
 * Usage: node ls-child.mjs <projectDir> <eventFunction>   (the client is in <projectDir>/client)
 * Prints one JSON line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const [projectDir, fn] = process.argv.slice(2);
const clientDir = join(projectDir, 'client');
const probePath = join(projectDir, 'probe.ts');
const files = readdirSync(clientDir, { recursive: true })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(clientDir, f));

let probe = '';
let version = 0;
const options = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  skipLibCheck: true,
  noEmit: true,
  types: [],
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
};
const host = {
  getScriptFileNames: () => [probePath, ...files],
  getScriptVersion: (f) => (f === probePath ? String(version) : '0'),
  getScriptSnapshot: (f) => {
    if (f === probePath) return ts.ScriptSnapshot.fromString(probe);
    try {
      return ts.ScriptSnapshot.fromString(readFileSync(f, 'utf8'));
    } catch {
      return undefined;
    }
  },
  getCurrentDirectory: () => projectDir,
  getCompilationSettings: () => options,
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
};
const service = ts.createLanguageService(host, ts.createDocumentRegistry());

/** Sets the probe text, bumps its version and times completions at the end of `before`. */
function complete(before, after = '') {
  probe = before + after;
  version++;
  const t = performance.now();
  const result = service.getCompletionsAtPosition(probePath, before.length, {});
  return { ms: performance.now() - t, entries: result?.entries.length ?? 0 };
}

const header = `import { track, ${fn} } from './client/index.js';\n`;
const names = complete(`${header}track("`, '");\n');
const namesWarm = complete(`${header}const x = 1;\ntrack("`, '");\n');
const props = complete(`${header}${fn}({ `, ' });\n');
const propsWarm = complete(`${header}const y = 2;\n${fn}({ `, ' });\n');
process.stdout.write(
  JSON.stringify({
    files: files.length,
    names: { cold: names.ms, warm: namesWarm.ms, entries: names.entries },
    props: { cold: props.ms, warm: propsWarm.ms, entries: props.entries },
  }) + '\n',
);
