/**
 * Hostile spreadsheet files get a clear error or are read correctly, never a crash: not a
 * spreadsheet, zip bombs (sizes declared and actual), password-protected workbooks, a million rows,
 * formulas (cached value, never evaluated), merged cells, dates Excel converted, numbers stored as
 * text. Every file is built here.
 */
import { randomBytes } from 'node:crypto';
import { Workbook as ExcelWorkbook } from '@cj-tech-master/excelts';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { readSheetFile, SHEET_LIMITS, sheetFileBytes } from '../../src/sheet-io/index.js';
import {
  PLATEN_COLUMNS,
  sheetToPlan,
  templateWorkbook,
  type Workbook,
} from '../../src/sheet/index.js';
import { runCapture } from '../support/capture.js';
import { tempDir } from '../support/helpers.js';
import { fileOf } from './files.js';
import { compoundFile, unzip, zip } from './zipper.js';

const MiB = 1024 * 1024;

async function read(name: string, bytes: Buffer | string) {
  return readSheetFile(fileOf(name, bytes), name);
}

function only(diagnostics: Diagnostic[]): Diagnostic {
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0]!;
}

async function templateBytes(): Promise<Buffer> {
  return sheetFileBytes(templateWorkbook(), 'xlsx');
}

describe('a file that is not a spreadsheet', () => {
  const cases: [string, { name: string; bytes: () => Promise<Buffer | string>; want: RegExp }][] = [
    [
      'CSV text named .xlsx',
      { name: 'p.xlsx', bytes: async () => 'Event,Property\nA,x\n', want: /not an \.xlsx file/ },
    ],
    [
      'a PNG named .xlsx',
      {
        name: 'p.xlsx',
        bytes: async () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
        want: /not an \.xlsx file/,
      },
    ],
    [
      'a zip that is no workbook',
      {
        name: 'p.xlsx',
        bytes: async () => zip([{ name: 'hello.txt', data: Buffer.from('hi') }]),
        want: /no xl\/workbook\.xml/,
      },
    ],
    [
      'a truncated .xlsx',
      {
        name: 'p.xlsx',
        bytes: async () => (await templateBytes()).subarray(0, 3000),
        want: /zip directory is missing/,
      },
    ],
    [
      'binary named .csv',
      { name: 'p.csv', bytes: async () => randomBytes(64).fill(0, 10, 12), want: /binary data/ },
    ],
    [
      'Latin-1 text named .csv',
      {
        name: 'p.csv',
        bytes: async () => Buffer.from('Event,Property\nCaf\xe9,x\n', 'latin1'),
        want: /not UTF-8/,
      },
    ],
    [
      'a CSV with an unclosed quote',
      {
        name: 'p.csv',
        bytes: async () => 'Event,Property\n"A,x\n',
        want: /not a readable CSV file/,
      },
    ],
  ];
  it.each(cases)('%s', async (_n, { name, bytes, want }) => {
    const r = await read(name, await bytes());
    const d = only(r.diagnostics);
    expect(d).toMatchObject({ code: 'sheet-unreadable', severity: 'error', file: name });
    expect(d.message).toMatch(want);
  });

  it('a sheet whose header is no known layout is an unknown format; check exits 1 without a stack trace', async () => {
    const dir = tempDir('sheet-hostile');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/p.csv`, 'Name,Colour\nA,red\n');
    writeFileSync(`${dir}/q.xlsx`, 'not a zip');
    for (const file of ['p.csv', 'q.xlsx', 'missing.xlsx']) {
      const r = await runCapture(['check', '--plan', file], dir);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toMatch(
        new RegExp(
          `^${file.replace('.', '\\.')}: error\\[(sheet-unknown-format|sheet-unreadable|file-not-found)\\]`,
          'm',
        ),
      );
    }
  });
});

describe('zip bombs are refused before they inflate', () => {
  it('a part that declares more than the limit', async () => {
    const bomb = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'), declaredSize: 2 ** 32 - 2 },
    ]);
    const d = only((await read('bomb.xlsx', bomb)).diagnostics);
    expect(d.code).toBe('sheet-too-large');
    expect(d.message).toMatch(/declares \d+ MiB uncompressed, past the limit of 128 MiB/);
  });

  it('a part that inflates past the size it declares stops at the declared size', async () => {
    const zeros = Buffer.alloc(40 * MiB);
    const bomb = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize: 1000 },
    ]);
    expect(bomb.length).toBeLessThan(MiB);
    const d = only((await read('liar.xlsx', bomb)).diagnostics);
    expect(d.code).toBe('sheet-too-large');
    expect(d.message).toContain('inflates past the 1000 bytes it declares');
  });

  it('a part whose declared size is a thousand times its compressed size', async () => {
    const bomb = zip([
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'), declaredSize: 100 * MiB },
    ]);
    const d = only((await read('ratio.xlsx', bomb)).diagnostics);
    expect(d.message).toMatch(/inflates \d+ times, past the limit of 1000/);
  });

  it('parts that declare more than the total limit together', async () => {
    const parts = [{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }];
    // Random bytes do not compress: each part's ratio stays under the limit, the sum does not.
    for (let i = 0; i < 3; i++)
      parts.push({
        name: `xl/media/p${i}.bin`,
        data: randomBytes(120 * 1024),
        declaredSize: 100 * MiB,
        store: true,
      } as never);
    const d = only((await read('total.xlsx', zip(parts))).diagnostics);
    expect(d.message).toMatch(/declare more than 256 MiB uncompressed/);
  });
});

describe('password-protected and old workbooks', () => {
  it('an encrypted OLE container is named password-protected', async () => {
    const d = only(
      (await read('secret.xlsx', compoundFile(['EncryptionInfo', 'EncryptedPackage']))).diagnostics,
    );
    expect(d).toMatchObject({ code: 'sheet-encrypted', severity: 'error' });
    expect(d.message).toContain('password-protected');
  });
  it('an Excel 97-2003 file is told to be saved as .xlsx', async () => {
    const d = only(
      (await read('old.xlsx', compoundFile(['Workbook', 'SummaryInformation']))).diagnostics,
    );
    expect(d.code).toBe('sheet-unreadable');
    expect(d.message).toContain('Excel 97-2003');
  });
});

describe('a million rows', () => {
  it('an .xlsx tab past the row limit is refused before it is parsed', async () => {
    const parts = unzip(await templateBytes());
    const sheet = parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
    const rows: string[] = [];
    for (let i = 1; i <= 1_000_000; i++) rows.push(`<row r="${i}"/>`);
    const xml = sheet.data
      .toString('utf8')
      .replace(
        /<sheetData>[\s\S]*<\/sheetData>|<sheetData\/>/,
        `<sheetData>${rows.join('')}</sheetData>`,
      );
    sheet.data = Buffer.from(xml);
    const d = only((await read('million.xlsx', zip(parts))).diagnostics);
    expect(d.code).toBe('sheet-too-large');
    expect(d.message).toContain(`has 1000000 rows, past the limit of ${SHEET_LIMITS.maxRows}`);
  }, 120_000);
  it('a CSV past the row limit', async () => {
    const d = only(
      (await read('million.csv', 'Event,Property\n' + 'A,x\n'.repeat(1_000_000))).diagnostics,
    );
    expect(d.code).toBe('sheet-too-large');
    expect(d.message).toContain(`more than ${SHEET_LIMITS.maxRows} rows`);
  });
  it('a tab just under the limit is read', async () => {
    const body = Array.from({ length: 2000 }, (_, i) => `E${i},p,string`).join('\n');
    const r = await read('many.csv', `Event,Property,Type\n${body}\n`);
    expect(r.diagnostics).toEqual([]);
    expect(sheetToPlan(r.workbook!).plan!.rules).toHaveLength(2000);
  });
});

/** An .xlsx made with the XLSX library directly, so cells can hold formulas, merges and dates. */
async function excelFile(
  fill: (ws: import('@cj-tech-master/excelts').Worksheet) => void,
): Promise<Buffer> {
  const wb = new ExcelWorkbook();
  const ws = wb.addWorksheet('Track');
  ws.addRow(PLATEN_COLUMNS.filter((c) => !c.optional).map((c) => c.header));
  fill(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function planOf(name: string, bytes: Buffer) {
  const r = await read(name, bytes);
  const back = sheetToPlan(r.workbook as Workbook, { file: name });
  return { diagnostics: [...r.diagnostics, ...back.diagnostics], plan: back.plan! };
}

const props = (plan: { rules: { jsonSchema: unknown }[] }, i = 0) =>
  (
    plan.rules[i]!.jsonSchema as {
      properties: { properties: { properties: Record<string, Record<string, unknown>> } };
    }
  ).properties.properties.properties;

describe('cells a spreadsheet changed', () => {
  it('formulas are read as their cached value, never evaluated', async () => {
    const bytes = await excelFile((ws) => {
      ws.getCell('A2').value = { formula: '"Order"&" Completed"', result: 'Order Completed' };
      ws.getCell('F2').value = 'sku';
      // The formula would give "integer"; the cached value says "string": the cached value wins.
      ws.getCell('H2').value = { formula: '"integer"', result: 'string' };
      ws.getCell('F3').value = 'note';
      ws.getCell('H3').value = { formula: 'NOW()' } as never;
    });
    const { diagnostics, plan } = await planOf('formulas.xlsx', bytes);
    expect(plan.rules[0]!.key).toBe('Order Completed');
    expect(props(plan).sku).toEqual({ type: 'string' });
    expect(props(plan).note).toEqual({});
    expect(diagnostics.filter((d) => d.code === 'sheet-formula-cell').map((d) => d.cell)).toEqual([
      'Track!A2',
      'Track!H2',
      'Track!H3',
    ]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('merged cells: the value of the first cell, the others inherit it', async () => {
    const bytes = await excelFile((ws) => {
      ws.mergeCells('A2:A4');
      ws.getCell('A2').value = 'Order Completed';
      ['a', 'b', 'c'].forEach((p, i) => (ws.getCell(`F${i + 2}`).value = p));
      ws.getCell('A5').value = 'Other';
      ws.getCell('F5').value = 'd';
    });
    const { diagnostics, plan } = await planOf('merged.xlsx', bytes);
    expect(plan.rules.map((r) => r.key)).toEqual(['Order Completed', 'Other']);
    expect(Object.keys(props(plan))).toEqual(['a', 'b', 'c']);
    expect(diagnostics.filter((d) => d.code === 'sheet-merged-cell').map((d) => d.cell)).toEqual([
      'Track!A2',
    ]);
  });

  it('dates Excel converted are read as ISO dates, with a warning on their cell', async () => {
    const bytes = await excelFile((ws) => {
      ws.getCell('A2').value = 'Old Event';
      ws.getCell('E2').value = new Date(Date.UTC(2024, 2, 4));
      ws.getCell('F2').value = 'size';
      ws.getCell('H2').value = 'string';
      // "3-4" typed into a cell, turned into the 4th of March by the spreadsheet.
      ws.getCell('K2').value = new Date(Date.UTC(2024, 2, 4, 10, 30));
    });
    const { diagnostics, plan } = await planOf('dates.xlsx', bytes);
    expect(plan.rules[0]!.deprecatedAt).toBe('2024-03-04');
    expect(props(plan).size!.enum).toEqual(['2024-03-04T10:30:00.000Z']);
    expect(
      diagnostics.filter((d) => d.code === 'sheet-date-cell').map((d) => `${d.cell} ${d.severity}`),
    ).toEqual(['Track!E2 warning', 'Track!K2 warning']);
  });

  it('numbers stored as text, and text that a spreadsheet made a number', async () => {
    const bytes = await excelFile((ws) => {
      ws.getCell('A2').value = 404; // an event named "404", stored as a number
      ws.getCell('C2').value = '2';
      ws.getCell('F2').value = 'count';
      ws.getCell('H2').value = 'integer';
      ws.getCell('J2').value = true;
      ws.getCell('K2').value = '1\n2\n3';
      ws.getCell('M2').value = '5';
      ws.getCell('N2').value = ' 10 ';
    });
    const { diagnostics, plan } = await planOf('numbers.xlsx', bytes);
    expect(diagnostics).toEqual([]);
    expect(plan.rules[0]).toMatchObject({ key: '404', version: 2 });
    expect(props(plan).count).toEqual({
      type: 'integer',
      enum: [1, 2, 3],
      minimum: 5,
      maximum: 10,
    });
  });
});
