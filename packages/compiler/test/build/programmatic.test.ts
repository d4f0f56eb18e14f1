/**
 * The programmatic API (`import { loadPlan, checkPlan, build } from '@platen/compiler'`): what a
 * bundler plugin or a build script calls. It returns what the CLI would write, and writes only when
 * asked.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { readTree, REPO, tempDir } from '../support/helpers.js';

const EXAMPLE = join(REPO, 'fixtures/example/plan.json');
/** The package entry as published (dist), not the sources: what `import '@platen/compiler'` gives. */
const api = (await import(
  pathToFileURL(join(REPO, 'packages/compiler/dist/index.js')).href
)) as typeof import('../../src/index.js');

const quiet = (cwd: string) => ({
  stdout: () => undefined,
  stderr: () => undefined,
  cwd,
  env: { PLATEN_CACHE_DIR: join(cwd, '.cache') },
  interactive: false,
});

describe('build()', () => {
  it('returns the files, diagnostics and manifest without writing anything', async () => {
    const cwd = tempDir('api-memory');
    const out = join(cwd, 'src/analytics');
    const result = await api.build(EXAMPLE, { out, cwd, env: {} });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.files.map((f) => f.path)).toContain('index.ts');
    expect(result.files.map((f) => f.path)).toContain('platen.manifest.json');
    expect(result.manifest.rules.length).toBeGreaterThan(0);
    expect(result.written).toBeUndefined();
    expect(existsSync(out)).toBe(false);
  });

  it('writes, when asked, exactly what the CLI writes', async () => {
    const cwd = tempDir('api-write');
    const options = { sdk: 'analytics-node', mode: 'prod', language: 'javascript' } as const;
    const result = await api.build(EXAMPLE, { ...options, out: 'a', write: true, cwd, env: {} });
    expect(result.written?.changed).toBe(true);
    const code = await runCli(
      [
        'build',
        '--plan',
        EXAMPLE,
        '--out',
        'b',
        '--sdk',
        options.sdk,
        '--mode',
        options.mode,
      ].concat(['--language', options.language]),
      quiet(cwd),
    );
    expect(code).toBe(0);
    const written = readTree(join(cwd, 'a'));
    expect(written).toEqual(readTree(join(cwd, 'b')));
    expect(written).toEqual(Object.fromEntries(result.files.map((f) => [f.path, f.contents])));
    // Built again: nothing to change, the same files.
    const again = await api.build(EXAMPLE, { ...options, out: 'a', write: true, cwd, env: {} });
    expect(again.written?.changed).toBe(false);
    expect(again.files).toEqual(result.files);
  });

  it('reports a bad plan as diagnostics (file, pointer), never by throwing', async () => {
    const cwd = tempDir('api-bad');
    writeFileSync(
      join(cwd, 'plan.json'),
      JSON.stringify({ rules: [{ type: 'TRACK', key: 'A', version: 0, jsonSchema: {} }] }),
    );
    const result = await api.build('plan.json', { cwd, out: 'out', write: true, env: {} });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.file).toBe('plan.json');
    expect(errors.some((d) => d.pointer?.startsWith('/rules/0'))).toBe(true);
    expect(result.files).toEqual([]);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('refuses to write over a file a person wrote, and to write without an output folder', async () => {
    const cwd = tempDir('api-refuse');
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out/index.ts'), 'my own code\n');
    await expect(api.build(EXAMPLE, { cwd, out: 'out', write: true, env: {} })).rejects.toThrow(
      api.OutputRefusal,
    );
    expect(readTree(join(cwd, 'out'))).toEqual({ 'index.ts': 'my own code\n' });
    await expect(api.build(EXAMPLE, { cwd, write: true })).rejects.toThrow(/needs `out`/);
  });
});

describe('loadPlan() and checkPlan()', () => {
  it('load a plan, and check it down to the schema level', async () => {
    const loaded = await api.loadPlan(EXAMPLE);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.loaded?.plan.rules.length).toBeGreaterThan(0);
    const checked = await api.checkPlan(join(REPO, 'fixtures/broken/several-problems/plan.yaml'));
    expect(checked.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(1);
    expect(api.formatDiagnostics(checked.diagnostics)).toMatch(/error/);
  });
});
