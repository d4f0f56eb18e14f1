/**
 * The sheet commands and `check`/`build --plan plan.xlsx|.csv` end to end (in-process): diagnostics
 * name the cell (`plan.xlsx: Track!H3: …`), every problem is collected, exit codes are `check`'s,
 * an existing file is never replaced without --force, and a refused import writes nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/check.js';
import { renderHuman } from '../../src/diagnostics/render.js';
import { sheetFileBytes } from '../../src/sheet-io/index.js';
import {
  PLATEN_COLUMNS,
  templateWorkbook,
  type CellValue,
  type Workbook,
} from '../../src/sheet/index.js';
import { runCapture } from '../support/capture.js';
import { REPO, tempDir } from '../support/helpers.js';

const HEADER = PLATEN_COLUMNS.filter((c) => !c.optional).map((c) => c.header);
/** A Track row from named cells. */
function row(cells: Record<string, CellValue>): CellValue[] {
  return HEADER.map((h, i) => {
    // The second Description is the property's.
    const key = h === 'Description' && i > HEADER.indexOf('Property') ? 'Property description' : h;
    return cells[key] ?? null;
  });
}

function trackWorkbook(rows: CellValue[][]): Workbook {
  const wb = templateWorkbook();
  wb.tabs[0]!.rows.push(...rows);
  return wb;
}

async function write(dir: string, name: string, wb: Workbook): Promise<string> {
  const kind = name.endsWith('.csv') ? 'csv' : 'xlsx';
  writeFileSync(join(dir, name), await sheetFileBytes(wb, kind));
  return name;
}

const BROKEN = trackWorkbook([
  row({
    Event: 'Order Completed',
    Version: 1,
    Property: 'order_id',
    Type: 'strng',
    Required: 'yes',
  }),
  row({ Property: 'total', Type: 'number', Min: 'lots' }),
  row({ Property: 'sku', Type: 'string', Pattern: '([a-z' }),
  row({ Property: 'total', Type: 'number' }),
  row({ Property: 'meta', 'JSON Schema': '{not json' }),
  row({ Event: 'Signed Up', Version: 'two', Property: 'a..b' }),
]);

describe('diagnostics point at a cell', () => {
  it('collects every problem of a sheet, each naming its cell', async () => {
    const dir = tempDir('sheet-cli');
    await write(dir, 'plan.xlsx', BROKEN);
    const result = await checkPlan('plan.xlsx', { cwd: dir });
    const text = renderHuman(result.diagnostics);
    expect(text).toContain('plan.xlsx: Track!H2: error[sheet-unknown-type]: unknown type "strng"');
    const cells = result.diagnostics.map((d) => `${d.cell} ${d.code}`);
    expect(cells).toEqual(
      expect.arrayContaining([
        'Track!H2 sheet-unknown-type',
        'Track!M3 sheet-bad-cell',
        'Track!F5 sheet-duplicate-property',
        'Track!P6 sheet-bad-json',
        'Track!C7 sheet-bad-cell',
        'Track!F7 sheet-bad-path',
      ]),
    );
    // Listed in sheet order: by row, then column.
    const rows = result.diagnostics.map((d) => Number(/\d+$/.exec(d.cell ?? '')?.[0] ?? 0));
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    // Problems found by check after the sheet was read (here the regex) point at their cell too.
    const fixed = trackWorkbook([
      row({ Event: 'Order Completed', Property: 'sku', Type: 'string', Pattern: '([a-z' }),
    ]);
    await write(dir, 'pattern.xlsx', fixed);
    const pattern = await checkPlan('pattern.xlsx', { cwd: dir });
    expect(pattern.diagnostics.map((d) => `${d.file}: ${d.cell} ${d.severity}`)).toContain(
      'pattern.xlsx: Track!L2 error',
    );
  });

  it('CSV cells are named without a tab', async () => {
    const dir = tempDir('sheet-cli');
    await write(dir, 'plan.csv', BROKEN);
    const r = await runCapture(['check', '--plan', 'plan.csv'], dir);
    expect(r.code).toBe(1);
    // The Tab column comes first in a CSV, so every column is one to the right.
    expect(r.stdout).toContain('plan.csv: I2: error[sheet-unknown-type]: unknown type "strng"');
  });
});

describe('platen check / build / sheet commands on spreadsheets', () => {
  it('check exits 0 on a clean sheet, 1 on a broken one, 2 on a bad flag', async () => {
    const dir = tempDir('sheet-cli');
    await write(
      dir,
      'ok.xlsx',
      trackWorkbook([row({ Event: 'A', Property: 'x', Type: 'string' })]),
    );
    await write(dir, 'bad.xlsx', BROKEN);
    expect((await runCapture(['check', '--plan', 'ok.xlsx'], dir)).code).toBe(0);
    expect((await runCapture(['check', '--plan', 'bad.xlsx'], dir)).code).toBe(1);
    expect(
      (
        await runCapture(
          ['sheet', 'export', '--plan', 'ok.xlsx', '--out', 'x.csv', '--format', 'excel'],
          dir,
        )
      ).code,
    ).toBe(2);
    expect(
      (await runCapture(['check', '--plan', 'ok.xlsx', '--format', 'public-api'], dir)).code,
    ).toBe(1);
  });

  it('build takes a sheet and writes a client', async () => {
    const dir = tempDir('sheet-cli');
    await write(
      dir,
      'plan.xlsx',
      trackWorkbook([
        row({ Event: 'Song Played', Property: 'song_id', Type: 'uuid', Required: 'yes' }),
      ]),
    );
    const r = await runCapture(
      ['build', '--plan', 'plan.xlsx', '--out', 'gen', '--sdk', 'generic'],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const types = readFileSync(join(dir, 'gen', 'types.ts'), 'utf8');
    expect(types).toContain('song_id: string');
  });

  it('import writes a canonical plan; export and template never replace a file without --force', async () => {
    const dir = tempDir('sheet-cli');
    const plan = join(REPO, 'fixtures/formats/rich/public-api.json');
    let r = await runCapture(['sheet', 'export', '--plan', plan, '--out', 'rich.xlsx'], dir);
    expect(r.code, r.stderr).toBe(0);
    r = await runCapture(['sheet', 'import', '--sheet', 'rich.xlsx', '--out', 'rich.json'], dir);
    expect(r.code, r.stdout).toBe(0);
    const back = JSON.parse(readFileSync(join(dir, 'rich.json'), 'utf8')) as { rules: unknown[] };
    expect(back.rules).toHaveLength(5);
    writeFileSync(join(dir, 'keep.xlsx'), 'a file a person wrote');
    for (const argv of [
      ['sheet', 'template', '--out', 'keep.xlsx'],
      ['sheet', 'export', '--plan', plan, '--out', 'keep.xlsx'],
    ]) {
      r = await runCapture(argv, dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('keep.xlsx already exists: pass --force');
      expect(readFileSync(join(dir, 'keep.xlsx'), 'utf8')).toBe('a file a person wrote');
    }
    r = await runCapture(['sheet', 'template', '--out', 'keep.xlsx', '--force'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'keep.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('a sheet with errors is not imported: nothing is written', async () => {
    const dir = tempDir('sheet-cli');
    await write(dir, 'bad.xlsx', BROKEN);
    const r = await runCapture(
      ['sheet', 'import', '--sheet', 'bad.xlsx', '--out', 'plan.json'],
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Track!H2');
    expect(existsSync(join(dir, 'plan.json'))).toBe(false);
  });
});
