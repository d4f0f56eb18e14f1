/**
 * CSV in and out (csv-parse, csv-stringify): one tab per file. Reading refuses binary or non-UTF-8
 * files and stops past {@link SHEET_LIMITS.maxRows}; writing guards text that a spreadsheet would run
 * as a formula (`=`, `+`, `-`, `@` first) by writing it as a JSON string, which Platen reads back.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { jsonCell } from '../sheet/cells.js';
import type { CellValue } from '../sheet/index.js';
import { SHEET_LIMITS, SheetFileError } from './limits.js';

/** Reads CSV bytes into rows of text cells (empty cells are `null`). */
export function readCsv(buf: Buffer): CellValue[][] {
  if (buf.includes(0))
    throw new SheetFileError(
      'sheet-unreadable',
      'not a CSV file: it holds binary data (NUL bytes)',
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new SheetFileError(
      'sheet-unreadable',
      'not a CSV file Platen reads: it is not UTF-8 text (save it as "CSV UTF-8")',
    );
  }
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      to: SHEET_LIMITS.maxRows + 1,
    }) as string[][];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new SheetFileError('sheet-unreadable', `not a readable CSV file: ${e.message}`);
  }
  if (records.length > SHEET_LIMITS.maxRows)
    throw new SheetFileError(
      'sheet-too-large',
      `the CSV file has more than ${SHEET_LIMITS.maxRows} rows, past the limit`,
    );
  return records.map((r) => r.map((c) => (c === '' ? null : c)));
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as CSV text; text a spreadsheet would take for a formula is written as a JSON string. */
function csvText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return FORMULA_START.test(value) ? jsonCell(value) : value;
}

/** Writes rows as CSV text (RFC 4180, CRLF-free: `\n` line ends), every row padded to the header's width. */
export function writeCsv(rows: CellValue[][]): string {
  const width = Math.max(0, ...rows.map((r) => r.length));
  return stringify(
    rows.map((r) => Array.from({ length: width }, (_, i) => csvText(r[i] ?? null))),
    { record_delimiter: '\n' },
  );
}
