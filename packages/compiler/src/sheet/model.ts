/**
 * The plain workbook model the sheet conversion works on: tabs of rows of cell values, as a
 * spreadsheet shows them. No I/O: the XLSX and CSV adapters (and the Google Sheets add-on) fill and
 * read this model. Nothing here may import `node:` modules.
 */

/** One cell as a spreadsheet shows it: text, a number, a boolean, or `null` for an empty cell. */
export type CellValue = string | number | boolean | null;

/** Presentation hints for one column of a tab: a note on its header cell, a drop-down list. */
export interface ColumnHint {
  /** 0-based column index. */
  index: number;
  /** Note (comment) shown on the header cell. */
  note?: string;
  /** Allowed entries of the column's cells below the header (data validation drop-down). */
  choices?: string[];
  /** Column width in characters. */
  width?: number;
}

/** One tab (worksheet). `rows[0]` is the header row of a data tab. */
export interface SheetTab {
  name: string;
  rows: CellValue[][];
  /** Rows frozen at the top (1 for a data tab's header). */
  frozenRows?: number;
  /** Column notes and drop-downs, for writers that can show them. */
  columns?: ColumnHint[];
}

/** A workbook: its tabs in order. A CSV file is a workbook of one tab. */
export interface Workbook {
  tabs: SheetTab[];
}

/** The sheet layouts Platen reads and writes. */
export const SHEET_FORMATS = ['platen', 'segment', 'amplitude', 'avo'] as const;
/** One of {@link SHEET_FORMATS}. */
export type SheetFormat = (typeof SHEET_FORMATS)[number];

/** Spreadsheet column letters of a 0-based index: 0 → `A`, 25 → `Z`, 26 → `AA`. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * A cell's A1 address with its tab, as spreadsheets write it: `Track!F17` (0-based `row` and
 * `column`). A tab name that is not a plain word is quoted, `'My tab'!A1`; a CSV's unnamed tab: `F17`.
 */
export function cellAddress(tab: string, row: number, column: number): string {
  // A CSV file has one unnamed tab: its cells are plain `F17`.
  if (tab === '') return `${columnLetter(column)}${row + 1}`;
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(tab);
  const name = plain ? tab : `'${tab.replace(/'/g, "''")}'`;
  return `${name}!${columnLetter(column)}${row + 1}`;
}

/** True for an empty cell: `null`, or text that is empty or only white space. */
export function isBlank(value: CellValue | undefined): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}
