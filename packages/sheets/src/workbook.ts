/**
 * The live spreadsheet as the conversion module's plain {@link Workbook}, and back. The conversion
 * itself (cells ↔ plan) is `@platen/compiler/sheet`, the same code `platen sheet import` runs; this file
 * only moves cell values in and out of SpreadsheetApp.
 */
import { cellAddress, type CellValue, type SheetTab, type Workbook } from '@platen/compiler/sheet';
import type { GasSheet, GasSpreadsheet, GasSpreadsheetApp } from './gas.js';

/** Google Sheets keeps at most this many characters in one cell. */
export const SHEETS_CELL_LIMIT = 50_000;

/** One cell value as the conversion reads it: numbers and booleans as typed, dates as ISO text. */
function cellValue(value: unknown): CellValue {
  if (value === '' || value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const date = value as Date;
    if (Number.isNaN(date.getTime())) return null;
    const iso = date.toISOString();
    // A date without a time of day (what Sheets makes of `2024-01-31`) reads as that date.
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(value);
}

/** Reads every non-empty tab of the spreadsheet, in order, as the cells' values (formulas as results). */
export function readWorkbook(spreadsheet: GasSpreadsheet): Workbook {
  const tabs: SheetTab[] = [];
  for (const sheet of spreadsheet.getSheets()) {
    const rows = sheet.getLastRow();
    const columns = sheet.getLastColumn();
    if (rows === 0 || columns === 0) continue; // an empty tab holds nothing to read
    const values = sheet.getRange(1, 1, rows, columns).getValues();
    tabs.push({ name: sheet.getName(), rows: values.map((line) => line.map(cellValue)) });
  }
  return { tabs };
}

/** The cells a workbook holds that Google Sheets cannot (longer than {@link SHEETS_CELL_LIMIT}). */
export function oversizedCells(workbook: Workbook): string[] {
  const out: string[] = [];
  for (const tab of workbook.tabs)
    tab.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (typeof cell === 'string' && cell.length > SHEETS_CELL_LIMIT)
          out.push(cellAddress(tab.name, r, c));
      }),
    );
  return out;
}

/** The names of the workbook's tabs that already hold data in the spreadsheet. */
export function tabsWithData(spreadsheet: GasSpreadsheet, workbook: Workbook): string[] {
  return workbook.tabs
    .map((t) => spreadsheet.getSheetByName(t.name))
    .filter((s): s is GasSheet => s !== null && s.getLastRow() > 0)
    .map((s) => s.getName());
}

/**
 * Writes each tab of `workbook` into the spreadsheet (creating missing tabs, replacing the content of
 * existing ones; other tabs are left alone): values as plain text cells, so Sheets never turns `007`
 * into 7, `TRUE` into a boolean or `=x` into a formula; frozen header rows, header notes, and drop-downs.
 * The caller checks {@link oversizedCells} first, so nothing is written when a cell cannot be.
 */
export function writeWorkbook(
  app: GasSpreadsheetApp,
  spreadsheet: GasSpreadsheet,
  workbook: Workbook,
): void {
  workbook.tabs.forEach((tab, index) => {
    let sheet = spreadsheet.getSheetByName(tab.name);
    if (sheet === null)
      sheet = spreadsheet.insertSheet(tab.name, Math.min(index, spreadsheet.getSheets().length));
    writeTab(app, sheet, tab);
  });
}

/** Rows kept below the data for people to add to, with the drop-downs on them. */
const SPARE_ROWS = 200;

function writeTab(app: GasSpreadsheetApp, sheet: GasSheet, tab: SheetTab): void {
  let width = 1;
  for (const row of tab.rows) width = Math.max(width, row.length);
  for (const hint of tab.columns ?? []) width = Math.max(width, hint.index + 1);
  const height = Math.max(1, tab.rows.length);
  // Clear the old content everywhere, then make room.
  sheet.clear();
  const all = sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns());
  all.clearNote();
  all.clearDataValidations();
  if (sheet.getMaxRows() < height + SPARE_ROWS)
    sheet.insertRowsAfter(sheet.getMaxRows(), height + SPARE_ROWS - sheet.getMaxRows());
  if (sheet.getMaxColumns() < width)
    sheet.insertColumnsAfter(sheet.getMaxColumns(), width - sheet.getMaxColumns());

  const block = sheet.getRange(1, 1, height + SPARE_ROWS, width);
  block.setNumberFormat('@');
  const values = tab.rows.map((row) => {
    const line: (string | number | boolean)[] = [];
    for (let c = 0; c < width; c++) {
      const v = row[c];
      line.push(v === null || v === undefined ? '' : v);
    }
    return line;
  });
  if (values.length === 0) values.push(new Array<string>(width).fill(''));
  sheet.getRange(1, 1, height, width).setValues(values);
  sheet.setFrozenRows(tab.frozenRows ?? 0);

  const hints = tab.columns ?? [];
  const notes: (string | null)[] = new Array<string | null>(width).fill(null);
  for (const hint of hints) if (hint.note !== undefined) notes[hint.index] = hint.note;
  if (notes.some((n) => n !== null)) sheet.getRange(1, 1, 1, width).setNotes([notes]);
  for (const hint of hints) {
    if (hint.choices === undefined || hint.choices.length === 0) continue;
    // A drop-down that warns rather than rejects: a Type cell may also hold `string | null`.
    const rule = app
      .newDataValidation()
      .requireValueInList(hint.choices, true)
      .setAllowInvalid(true)
      .build();
    sheet.getRange(2, hint.index + 1, height - 1 + SPARE_ROWS, 1).setDataValidation(rule);
  }
}

/** Parses `Track!F17` or `'My tab'!F17` into a tab and 1-based row and column. */
export function parseCell(cell: string): { tab: string; row: number; column: number } | undefined {
  const m = /^(?:'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_]*))!([A-Z]{1,3})(\d{1,7})$/.exec(cell);
  if (!m) return undefined;
  const tab = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!;
  let column = 0;
  for (const ch of m[3]!) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { tab, row: Number(m[4]), column };
}
