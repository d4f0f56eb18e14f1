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
import { REPO, RUNTIME_ALIAS, tempDir, writeFiles } from './helpers.js';

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
