/**
 * Measure 4b, editor completions, in its own Node process: a TypeScript 5.9 language service over
 * a generated client and one probe file; times `getCompletionsAtPosition` for `track("` (event
 * names) and for the properties of one event's payload object. The first request of each kind is
 * cold (the service builds the program and checks what it needs); then the probe is edited and
 * the request repeated, as while typing (warm). Each time is given as wall and CPU milliseconds (the
 * CPU time is what to compare on a loaded machine); `program` is the part of the first request spent
 * building the program (parsing and binding every file), measured on its own first.
 *
 * Usage: node ls-child.mjs <projectDir> <eventFunction> [<eventName>]   (the client is in
 * <projectDir>/client). With the event's wire name, the properties are also completed through the
 * generic `track` (`track('Name', { `).
 * Prints one JSON line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const [dirArg, fn, eventName] = process.argv.slice(2);
const projectDir = resolve(dirArg);
const clientDir = join(projectDir, 'client');
const probePath = join(projectDir, 'probe.ts');
const files = readdirSync(clientDir, { recursive: true })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(clientDir, f));

let probe = '';
const snapshots = new Map();
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
    // Read once, as an editor's server keeps open and project files in memory: re-reading thousands
    // of unchanged files on every edit would time the disk, not the language service.
    if (!snapshots.has(f)) {
      try {
        snapshots.set(f, ts.ScriptSnapshot.fromString(readFileSync(f, 'utf8')));
      } catch {
        snapshots.set(f, undefined);
      }
    }
    return snapshots.get(f);
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

/** Process CPU time (user + system) in milliseconds. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Sets the probe text, bumps its version and times completions at the end of `before`. */
function complete(before, after = '') {
  probe = before + after;
  version++;
  const [t, c] = [performance.now(), cpuMs()];
  const result = service.getCompletionsAtPosition(probePath, before.length, {});
  return { ms: performance.now() - t, cpuMs: cpuMs() - c, entries: result?.entries.length ?? 0 };
}

/** Builds the program (every file parsed and bound, nothing checked) and times it. */
function buildProgram(text) {
  probe = text;
  version++;
  const [t, c] = [performance.now(), cpuMs()];
  service.getProgram()?.getTypeChecker();
  return { ms: performance.now() - t, cpuMs: cpuMs() - c };
}

const header = `import { track, ${fn} } from './client/index.js';\n`;
const program = buildProgram(`${header}track("`);
const names = complete(`${header}track("`, '");\n');
const namesWarm = complete(`${header}const x = 1;\ntrack("`, '");\n');
const props = complete(`${header}${fn}({ `, ' });\n');
const propsWarm = complete(`${header}const y = 2;\n${fn}({ `, ' });\n');
// Through the generic track: the event is inferred from its name, then its properties complete.
const literal = eventName === undefined ? undefined : JSON.stringify(eventName);
const trackProps = literal && complete(`${header}const z = 3;\ntrack(${literal}, { `, ' });\n');
const trackPropsWarm = literal && complete(`${header}const w = 4;\ntrack(${literal}, { `, ' });\n');
process.stdout.write(
  JSON.stringify({
    files: files.length,
    program: { ms: program.ms, cpuMs: program.cpuMs },
    // `cold` includes building the program, as an editor's first request does.
    names: {
      cold: program.ms + names.ms,
      warm: namesWarm.ms,
      coldCpu: program.cpuMs + names.cpuMs,
      warmCpu: namesWarm.cpuMs,
      entries: names.entries,
    },
    props: {
      cold: props.ms,
      warm: propsWarm.ms,
      coldCpu: props.cpuMs,
      warmCpu: propsWarm.cpuMs,
      entries: props.entries,
    },
    ...(trackProps && {
      trackProps: {
        cold: trackProps.ms,
        warm: trackPropsWarm.ms,
        coldCpu: trackProps.cpuMs,
        warmCpu: trackPropsWarm.cpuMs,
        entries: trackProps.entries,
      },
    }),
  }) + '\n',
);
