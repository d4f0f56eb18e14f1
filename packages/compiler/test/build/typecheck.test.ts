/**
 * Every snapshot directory, and the example plan built in dev and prod, type-check under the
 * strictest settings users turn on: `strict`, `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { loadPlan } from '../../src/plan/index.js';
import { REPO, RUNTIME_ALIAS, tempDir, writeFiles } from '../support/helpers.js';

const STRICT: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: [],
  paths: Object.fromEntries(Object.entries(RUNTIME_ALIAS).map(([name, file]) => [name, [file]])),
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/**
 * Type-checks every `.ts` file under `dirs` in ONE program (a program costs seconds to set up);
 * returns the diagnostics of each directory as `file:line: message` lines.
 */
export function typeCheck(...dirs: string[]): Map<string, string[]> {
  const program = ts.createProgram(dirs.flatMap(tsFiles), STRICT);
  const all = ts.getPreEmitDiagnostics(program);
  return new Map(dirs.map((dir) => [dir, diagnosticsIn(all, dir)]));
}

function diagnosticsIn(all: readonly ts.Diagnostic[], dir: string): string[] {
  return all
    .filter((d) => d.file?.fileName.startsWith(dir + '/') ?? true)
    .map((d) => {
      const where = d.file
        ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : '';
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

const SNAPSHOT_DIRS = readdirSync(join(REPO, 'snapshots')).sort();
let snapshotDiagnostics: Map<string, string[]> | undefined;

describe('type-check under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess', () => {
  it.each(SNAPSHOT_DIRS)('snapshots/%s', (name) => {
    snapshotDiagnostics ??= typeCheck(...SNAPSHOT_DIRS.map((d) => join(REPO, 'snapshots', d)));
    expect(snapshotDiagnostics.get(join(REPO, 'snapshots', name))).toEqual([]);
  });

  it.each(['dev', 'prod'] as const)(
    'the example plan builds in %s mode and type-checks',
    async (mode) => {
      const { loaded } = await loadPlan(join(REPO, 'fixtures/example/plan.json'));
      const result = await compile(loaded!, {
        language: 'typescript',
        sdk: 'analytics-next',
        mode,
      });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const validators = result.files.filter((f) => f.path.startsWith('validators/'));
      expect(validators.length > 0).toBe(mode === 'dev');
      if (mode === 'prod') {
        // No validators, no schemas, no validation code at all.
        const validation = /@platen\/runtime\/validation|validators\/|\bvalidate\b|"\$schema"/;
        expect(result.files.filter((f) => validation.test(f.contents)).map((f) => f.path)).toEqual(
          [],
        );
      }
      const dir = tempDir(`example-${mode}`);
      writeFiles(dir, result.files);
      expect(typeCheck(dir).get(dir)).toEqual([]);
    },
  );
});

/** Events in the scale test: enough for a per-event cost in the generic `track` to show. */
const SCALE_EVENTS = 2000;

/**
 * A plan of `SCALE_EVENTS` small events; every tenth one has no required property, and a few have
 * hostile names (`__proto__` would set the prototype of an object literal keyed by wire name).
 */
function scalePlan(): string {
  const names = Array.from({ length: SCALE_EVENTS - 3 }, (_, i) => `Event ${String(i)} Happened`);
  names.push('__proto__', 'constructor', 'It\'s "quoted" \u2028');
  const rules = names.map((key, i) => ({
    type: 'TRACK',
    key,
    version: 1,
    jsonSchema: {
      type: 'object',
      properties: {
        properties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            id: { type: 'string', description: `The id of event ${String(i)}.` },
            kind: { enum: ['a', 'b', 'c'] },
            count: { type: 'integer', minimum: 0 },
            meta: { type: 'object', properties: { x: { type: 'number' } } },
          },
          required: i % 10 === 0 ? [] : ['id', 'kind'],
        },
      },
      required: ['properties'],
    },
  }));
  return JSON.stringify({ id: 'tp_scale', name: 'Scale', type: 'LIVE', rules });
}

// Every `@ts-expect-error` line must be an error, every other line must compile.
const SCALE_USAGE = `
import { track, type TrackEvents, type TrackProperties } from './client/index.js';

track('Event 1 Happened', { id: 'x', kind: 'a', meta: { x: 1 } });
track('Event 0 Happened');
track('Event 10 Happened', { count: 2 }, { context: {} }, () => undefined);
track('__proto__', { id: 'x', kind: 'a', count: 1 });
track('constructor', { id: 'x', kind: 'b' });
track('It\\'s "quoted" \\u2028', { id: 'x', kind: 'c' });
// @ts-expect-error properties are required when the event has a required property
track('Event 1 Happened');
// @ts-expect-error misspelt property
track('Event 1 Happened', { id: 'x', kind: 'a', cuont: 1 });
// @ts-expect-error wrong enum value
track('Event 2 Happened', { id: 'x', kind: 'd' });
// @ts-expect-error unplanned event name
track('Event 1 Happend', { id: 'x', kind: 'a' });
const same: TrackProperties<TrackEvents, 'Event 3 Happened'> = { id: 'x', kind: 'a' };
const back: TrackEvents['Event 3 Happened'] = same;
export { back };
`;

// Generating and checking a client this size takes seconds of CPU; minutes on a loaded machine.
describe(`the generic track at ${String(SCALE_EVENTS)} events`, { timeout: 300_000 }, () => {
  let client: { dir: string; files: Map<string, string> } | undefined;
  const build = async (): Promise<{ dir: string; files: Map<string, string> }> => {
    if (client) return client;
    const { loaded } = await import('../../src/plan/index.js').then((m) =>
      m.parsePlanText(scalePlan(), 'plan.json'),
    );
    const result = await compile(loaded!, {
      language: 'typescript',
      sdk: 'analytics-next',
      mode: 'prod',
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dir = tempDir('scale');
    writeFiles(
      dir,
      result.files.map((f) => ({ ...f, path: `client/${f.path}` })),
    );
    writeFiles(dir, [{ path: 'usage.ts', contents: SCALE_USAGE }]);
    client = { dir, files: new Map(result.files.map((f) => [f.path, f.contents])) };
    return client;
  };

  it('has neither a conditional type over every event nor a switch over every name', async () => {
    const { files } = await build();
    const track = files.get('track.ts')!;
    const types = files.get('types.ts')!;
    // The old shapes: `...args: {} extends TrackEvents[E] ? … : …` and `switch (event) { case …`.
    expect(track).not.toMatch(/\bswitch\s*\(/);
    expect(track).not.toMatch(/\bextends\b[^;{]* \? /);
    expect(types).not.toMatch(/\{\} extends/);
    // One table entry per event, keyed by the exact wire name (`__proto__` computed, not a prototype).
    expect(track).toContain("['__proto__']: ");
    const table = track.slice(track.indexOf('const EVENTS'), track.indexOf('\n};\n'));
    expect(table.match(/^ {2}\S.*: \w+,$/gm)?.length).toBe(SCALE_EVENTS);
  });

  it('type-checks with the calls it must accept and rejects the ones it must not', async () => {
    const { dir } = await build();
    // One program for both usage files (a program of this size costs seconds).
    const broken = SCALE_USAGE.replaceAll('// @ts-expect-error', '//');
    writeFiles(dir, [{ path: 'broken.ts', contents: broken }]);
    const diagnostics = typeCheck(dir).get(dir)!;
    const errors = diagnostics.filter((e) => e.startsWith('broken.ts:'));
    expect(diagnostics.filter((e) => !e.startsWith('broken.ts:'))).toEqual([]);
    const expected = SCALE_USAGE.split('\n').filter((l) => l.includes('@ts-expect-error'));
    expect(new Set(errors.map((e) => e.split(':')[1])).size).toBe(expected.length);
  });

  it('completes the event names after `track(` and then the properties of the named event', async () => {
    const { dir } = await build();
    const probe = join(dir, 'probe.ts');
    let text = '';
    const files = [probe, ...tsFiles(join(dir, 'client'))];
    const host: ts.LanguageServiceHost = {
      getScriptFileNames: () => files,
      getScriptVersion: (f) => (f === probe ? text : '0'),
      getScriptSnapshot: (f) =>
        f === probe
          ? ts.ScriptSnapshot.fromString(text)
          : ts.sys.fileExists(f)
            ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!)
            : undefined,
      getCurrentDirectory: () => dir,
      getCompilationSettings: () => STRICT,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
    };
    const service = ts.createLanguageService(host, ts.createDocumentRegistry());
    const complete = (before: string, after: string): string[] => {
      text = `import { track } from './client/index.js';\n${before}${after}`;
      const at = text.length - after.length;
      return (service.getCompletionsAtPosition(probe, at, {})?.entries ?? []).map((e) => e.name);
    };
    const names = complete("track('", "');\n");
    expect(names).toHaveLength(SCALE_EVENTS);
    expect(names).toContain('Event 0 Happened');
    expect(names).toContain('__proto__');
    expect(complete("track('Event 7 Happened', { ", ' });\n').sort()).toEqual([
      'count',
      'id',
      'kind',
      'meta',
    ]);
    expect(complete("track('Event 7 Happened', { id: 'x', kind: '", "' });\n").sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});
