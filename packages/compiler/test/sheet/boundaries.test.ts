/**
 * Where the spreadsheet code may reach. The conversion core (`@platen/compiler/sheet`) bundles for a
 * runtime without Node (the Google Sheets add-on's): no `node:` module, no runtime `import()`. The CLI
 * loads the XLSX and CSV libraries only for a spreadsheet: `check` and `build` of a JSON plan never
 * resolve them (the real CLI in a child process, those packages made unresolvable). Runs the built
 * CLI (`pnpm build` first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../support/helpers.js';

const BIN = join(REPO, 'packages/compiler/bin/platen.js');
const HOOK = fileURLToPath(new URL('../cli/hide-packages.mjs', import.meta.url));
const LIBRARIES = ['@cj-tech-master/excelts', 'csv-parse', 'csv-stringify'];

function platen(dir: string, args: string[], hidden: string[]) {
  const log = join(dir, `resolved-${Math.random().toString(36).slice(2)}.log`);
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PLATEN_TEST_HIDE: hidden.join(','), PLATEN_TEST_HIDE_LOG: log },
  });
  const tried = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, tried };
}

describe('the sheet code boundaries', () => {
  it('@platen/compiler/sheet bundles with no Node built-in and no runtime import', async () => {
    const result = await build({
      entryPoints: [join(REPO, 'packages/compiler/src/sheet/index.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'PlatenSheet',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      logLevel: 'silent',
    });
    const text = result.outputFiles[0]!.text;
    expect(text).not.toMatch(/\bnode:/);
    expect(text).not.toMatch(/\bimport\(/);
    expect(text).not.toMatch(/\brequire\(/);
    // It runs in a bare context and converts: the template reads back as an empty plan.
    const run = new Function(
      `${text}; const wb = PlatenSheet.templateWorkbook(); return PlatenSheet.sheetToPlan(wb).plan.rules.length;`,
    );
    expect(run()).toBe(0);
  });

  it('check and build of a JSON plan never resolve the XLSX or CSV libraries', () => {
    const dir = tempDir('sheet-lazy');
    const plan = join(REPO, 'fixtures/example/plan.json');
    const check = platen(dir, ['check', '--plan', plan], LIBRARIES);
    expect(check.code, check.stderr).toBe(0);
    expect(check.tried).toEqual([]);
    const b = platen(dir, ['build', '--plan', plan, '--out', 'out'], LIBRARIES);
    expect(b.code, b.stderr).toBe(0);
    expect(b.tried).toEqual([]);
  }, 120_000);

  it('check of a spreadsheet does load them', () => {
    const dir = tempDir('sheet-lazy');
    writeFileSync(join(dir, 'plan.csv'), 'Event,Property,Type\nA,x,string\n');
    expect(platen(dir, ['check', '--plan', 'plan.csv'], []).code).toBe(0);
    const hidden = platen(dir, ['check', '--plan', 'plan.csv'], LIBRARIES);
    expect(hidden.tried).toContain('csv-parse/sync');
  }, 120_000);
});
