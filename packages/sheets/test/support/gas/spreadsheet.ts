/**
 * A fake of SpreadsheetApp's documents, sheets and ranges, implementing the add-on's subset of
 * `@types/google-apps-script` (src/gas.ts) and behaving as Google Sheets does where it matters:
 * - a sheet has a fixed grid (1000 rows × 26 columns when inserted); a range outside it throws, so a
 *   writer must insert rows and columns first;
 * - `setValues` parses strings as Sheets parses typed input (numbers, TRUE/FALSE, ISO dates, `=` formulas,
 *   a leading `'` forcing text), except in cells formatted as plain text (`@`), which keep the string;
 * - a cell holds at most 50,000 characters; the data's shape must match the range's;
 * - `getValues` gives typed values ('' for empty), `getDisplayValues` strings;
 * - formulas are not evaluated (their value reads as `#ERROR!`, as Sheets shows an unknown function).
 */
import type {
  GasDataValidation,
  GasDataValidationBuilder,
  GasRange,
  GasSheet,
  GasSpreadsheet,
  GasSpreadsheetApp,
  GasUi,
} from '../../../src/gas.js';
import { types } from 'node:util';
import { SCOPE, type Scopes } from './scopes.js';

/** Sheets' per-cell limit. */
export const MAX_CELL_CHARS = 50_000;
/** The grid of a newly inserted sheet. */
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;

/** One cell's state. */
interface Cell {
  value: string | number | boolean | Date;
  formula?: string;
  format?: string;
  note?: string;
  validation?: FakeDataValidation;
}

/** A built data-validation rule. */
export class FakeDataValidation implements GasDataValidation {
  constructor(
    readonly values: readonly string[],
    readonly showDropdown: boolean,
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaValues(): unknown[] {
    return [[...this.values], this.showDropdown];
  }
  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }
  getHelpText(): string {
    return this.helpText;
  }
}

/** `SpreadsheetApp.newDataValidation()`. */
export class FakeDataValidationBuilder implements GasDataValidationBuilder {
  #values: string[] | undefined;
  #dropdown = true;
  #allowInvalid = true;
  #help = '';
  requireValueInList(values: string[], showDropdown: boolean): GasDataValidationBuilder {
    this.#values = [...values];
    this.#dropdown = showDropdown;
    return this;
  }
  setAllowInvalid(allowInvalidData: boolean): GasDataValidationBuilder {
    this.#allowInvalid = allowInvalidData;
    return this;
  }
  setHelpText(helpText: string): GasDataValidationBuilder {
    this.#help = helpText;
    return this;
  }
  build(): FakeDataValidation {
    if (this.#values === undefined)
      throw new Error('Exception: You must specify a criteria type for the data validation rule.');
    return new FakeDataValidation(this.#values, this.#dropdown, this.#allowInvalid, this.#help);
  }
}

/** Column number → letters (1 → A, 27 → AA). */
export function columnLetters(column: number): string {
  let out = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26))
    out = String.fromCharCode(65 + ((c - 1) % 26)) + out;
  return out;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How Sheets stores a string typed into a cell that is not formatted as plain text. */
function parseInput(text: string): Pick<Cell, 'value' | 'formula'> {
  if (text.startsWith("'")) return { value: text.slice(1) };
  if (text.startsWith('=') && text.length > 1) return { value: '#ERROR!', formula: text };
  if (NUMBER.test(text.trim())) return { value: Number(text.trim()) };
  if (/^(true|false)$/i.test(text.trim())) return { value: text.trim().toLowerCase() === 'true' };
  const date = ISO_DATE.exec(text.trim());
  if (date) return { value: new Date(Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!)) };
  return { value: text };
}

function display(value: Cell['value']): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (types.isDate(value)) return value.toISOString().slice(0, 10);
  return String(value);
}

/** One tab. */
export class FakeSheet implements GasSheet {
  readonly cells = new Map<string, Cell>();
  maxRows = NEW_SHEET_ROWS;
  maxColumns = NEW_SHEET_COLUMNS;
  frozenRows = 0;

  constructor(
    readonly spreadsheet: FakeSpreadsheet,
    public name: string,
  ) {}

  cell(row: number, column: number, create = false): Cell | undefined {
    const key = `${row}:${column}`;
    let cell = this.cells.get(key);
    if (!cell && create) {
      cell = { value: '' };
      this.cells.set(key, cell);
    }
    return cell;
  }

  getName(): string {
    return this.name;
  }
  activate(): GasSheet {
    this.spreadsheet.activeSheet = this;
    return this;
  }
  clear(): GasSheet {
    // Sheet.clear(): contents and formatting; notes and data validation stay, as in Sheets.
    for (const cell of this.cells.values()) {
      cell.value = '';
      delete cell.formula;
      delete cell.format;
    }
    return this;
  }
  getLastRow(): number {
    let last = 0;
    for (const [key, cell] of this.cells)
      if (cell.value !== '') last = Math.max(last, Number(key.split(':')[0]));
    return last;
  }
  getLastColumn(): number {
    let last = 0;
    for (const [key, cell] of this.cells)
      if (cell.value !== '') last = Math.max(last, Number(key.split(':')[1]));
    return last;
  }
  getMaxRows(): number {
    return this.maxRows;
  }
  getMaxColumns(): number {
    return this.maxColumns;
  }
  insertRowsAfter(afterPosition: number, howMany: number): GasSheet {
    if (afterPosition < 1 || afterPosition > this.maxRows || howMany < 1)
      throw new Error('Exception: Those rows are out of bounds.');
    this.#shift(afterPosition, howMany, 0);
    this.maxRows += howMany;
    return this;
  }
  insertColumnsAfter(afterPosition: number, howMany: number): GasSheet {
    if (afterPosition < 1 || afterPosition > this.maxColumns || howMany < 1)
      throw new Error('Exception: Those columns are out of bounds.');
    this.#shift(afterPosition, 0, howMany);
    this.maxColumns += howMany;
    return this;
  }
  #shift(after: number, rows: number, columns: number): void {
    const moved = new Map<string, Cell>();
    for (const [key, cell] of this.cells) {
      const [r, c] = key.split(':').map(Number) as [number, number];
      const nr = rows > 0 && r > after ? r + rows : r;
      const nc = columns > 0 && c > after ? c + columns : c;
      moved.set(`${nr}:${nc}`, cell);
    }
    this.cells.clear();
    for (const [k, v] of moved) this.cells.set(k, v);
  }
  getRange(row: number, column: number, numRows = 1, numColumns = 1): GasRange {
    if (numRows < 1)
      throw new Error('Exception: The number of rows in the range must be at least 1.');
    if (numColumns < 1)
      throw new Error('Exception: The number of columns in the range must be at least 1.');
    if (
      row < 1 ||
      column < 1 ||
      row + numRows - 1 > this.maxRows ||
      column + numColumns - 1 > this.maxColumns
    )
      throw new Error(
        'Exception: The coordinates of the range are outside the dimensions of the sheet.',
      );
    return new FakeRange(this, row, column, numRows, numColumns);
  }
  getFrozenRows(): number {
    return this.frozenRows;
  }
  setFrozenRows(rows: number): void {
    if (rows < 0 || rows > this.maxRows)
      throw new Error('Exception: Those rows are out of bounds.');
    this.frozenRows = rows;
  }

  /** Test helper: the typed values of the used area (what `getDataRange().getValues()` returns). */
  dump(): unknown[][] {
    const rows = this.getLastRow();
    const cols = this.getLastColumn();
    return rows === 0 ? [] : (this.getRange(1, 1, rows, cols) as FakeRange).getValues();
  }
}

/** A block of cells. */
export class FakeRange implements GasRange {
  constructor(
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {}

  #each<T>(fn: (cell: Cell | undefined, r: number, c: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const line: T[] = [];
      for (let c = 0; c < this.numColumns; c++)
        line.push(fn(this.sheet.cell(this.row + r, this.column + c), r, c));
      out.push(line);
    }
    return out;
  }
  #checkShape(data: unknown, what: string): asserts data is unknown[][] {
    if (!Array.isArray(data) || data.some((line) => !Array.isArray(line)))
      throw new Error(`Exception: The parameters (${what}) don't match the method signature.`);
    if (data.length !== this.numRows)
      throw new Error(
        `Exception: The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${this.numRows}.`,
      );
    for (const line of data as unknown[][])
      if (line.length !== this.numColumns)
        throw new Error(
          `Exception: The number of columns in the data does not match the number of columns in the range. The data has ${line.length} but the range has ${this.numColumns}.`,
        );
  }

  activate(): GasRange {
    this.sheet.spreadsheet.activeSheet = this.sheet;
    this.sheet.spreadsheet.activeRange = this;
    return this;
  }
  getValues(): unknown[][] {
    // Dates are made with the add-on's own Date (the vm context's), as Apps Script's are the script's.
    const RealmDate = this.sheet.spreadsheet.realmDate;
    return this.#each((cell) =>
      cell === undefined
        ? ''
        : types.isDate(cell.value)
          ? new RealmDate(cell.value.getTime())
          : cell.value,
    );
  }
  getDisplayValues(): string[][] {
    return this.#each((cell) => (cell === undefined ? '' : display(cell.value)));
  }
  setValues(values: unknown[][]): GasRange {
    this.#checkShape(values, 'number[][]');
    // Check everything before writing anything: Sheets writes all of a call or none of it.
    for (const line of values)
      for (const v of line) {
        if (typeof v === 'string' && v.length > MAX_CELL_CHARS)
          throw new Error(
            `Exception: Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`,
          );
        if (v !== null && v !== undefined && typeof v === 'object' && !types.isDate(v))
          throw new Error(
            "Exception: The parameters (number[][]) don't match the method signature.",
          );
      }
    this.#each((_, r, c) => {
      const cell = this.sheet.cell(this.row + r, this.column + c, true)!;
      const v = values[r]![c];
      delete cell.formula;
      if (v === null || v === undefined || v === '') cell.value = '';
      else if (typeof v === 'string') {
        if (cell.format === '@') cell.value = v;
        else Object.assign(cell, parseInput(v));
      } else if (typeof v === 'number' || typeof v === 'boolean') cell.value = v;
      else if (types.isDate(v)) cell.value = new Date(v.getTime());
      else cell.value = String(v as unknown);
    });
    return this;
  }
  getNotes(): string[][] {
    return this.#each((cell) => cell?.note ?? '');
  }
  setNotes(notes: Array<Array<string | null>>): GasRange {
    this.#checkShape(notes, 'String[][]');
    this.#each((_, r, c) => {
      const note = notes[r]![c];
      const cell = this.sheet.cell(this.row + r, this.column + c, note !== null && note !== '');
      if (cell) {
        if (note === null || note === '') delete cell.note;
        else cell.note = String(note);
      }
    });
    return this;
  }
  setNumberFormat(numberFormat: string): GasRange {
    this.#each((_, r, c) => {
      this.sheet.cell(this.row + r, this.column + c, true)!.format = numberFormat;
    });
    return this;
  }
  getNumberFormats(): string[][] {
    return this.#each((cell) => cell?.format ?? '0.###############');
  }
  setDataValidation(rule: GasDataValidation | null): GasRange {
    if (rule !== null && !(rule instanceof FakeDataValidation))
      throw new Error("Exception: The parameters (Object) don't match the method signature.");
    this.#each((_, r, c) => {
      const cell = this.sheet.cell(this.row + r, this.column + c, rule !== null);
      if (cell) {
        if (rule === null) delete cell.validation;
        else cell.validation = rule;
      }
    });
    return this;
  }
  getDataValidation(): GasDataValidation | null {
    return this.sheet.cell(this.row, this.column)?.validation ?? null;
  }
  clear(): GasRange {
    this.#each((cell) => {
      if (cell) {
        cell.value = '';
        delete cell.formula;
        delete cell.format;
      }
    });
    return this;
  }
  clearNote(): GasRange {
    this.#each((cell) => cell && delete cell.note);
    return this;
  }
  clearDataValidations(): GasRange {
    this.#each((cell) => cell && delete cell.validation);
    return this;
  }
  getA1Notation(): string {
    const start = `${columnLetters(this.column)}${this.row}`;
    if (this.numRows === 1 && this.numColumns === 1) return start;
    return `${start}:${columnLetters(this.column + this.numColumns - 1)}${this.row + this.numRows - 1}`;
  }
  getRow(): number {
    return this.row;
  }
  getColumn(): number {
    return this.column;
  }
}

/** The open spreadsheet. */
export class FakeSpreadsheet implements GasSpreadsheet {
  readonly sheets: FakeSheet[] = [];
  activeSheet: FakeSheet | undefined;
  activeRange: FakeRange | undefined;
  /** The Date constructor of the realm the add-on runs in; the loader sets it to the vm context's. */
  realmDate: DateConstructor = Date;

  constructor(
    readonly id = '1FakeSpreadsheetId',
    readonly name = 'Tracking plan',
  ) {
    this.sheets.push(new FakeSheet(this, 'Sheet1'));
  }
  getName(): string {
    return this.name;
  }
  getId(): string {
    return this.id;
  }
  getSheets(): FakeSheet[] {
    return [...this.sheets];
  }
  getSheetByName(name: string): FakeSheet | null {
    return this.sheets.find((s) => s.name === name) ?? null;
  }
  insertSheet(sheetName: string, sheetIndex: number): FakeSheet {
    if (this.getSheetByName(sheetName))
      throw new Error(
        `Exception: A sheet with the name "${sheetName}" already exists. Please enter another name.`,
      );
    if (sheetIndex < 0 || sheetIndex > this.sheets.length)
      throw new Error('Exception: Those sheets are out of bounds.');
    const sheet = new FakeSheet(this, sheetName);
    this.sheets.splice(sheetIndex, 0, sheet);
    this.activeSheet = sheet;
    return sheet;
  }
  /** Test helper: a tab, created at the end when missing. */
  tab(name: string): FakeSheet {
    return this.getSheetByName(name) ?? this.insertSheet(name, this.sheets.length);
  }
}

/** `SpreadsheetApp`, bound to one open spreadsheet. */
export class FakeSpreadsheetApp implements GasSpreadsheetApp {
  flushes = 0;
  constructor(
    readonly spreadsheet: FakeSpreadsheet,
    readonly ui: GasUi,
    readonly scopes: Scopes,
  ) {}
  getActiveSpreadsheet(): GasSpreadsheet {
    this.scopes.check(
      'SpreadsheetApp.getActiveSpreadsheet',
      SCOPE.currentSpreadsheet,
      SCOPE.allSpreadsheets,
    );
    return this.spreadsheet;
  }
  getUi(): GasUi {
    return this.ui;
  }
  newDataValidation(): GasDataValidationBuilder {
    return new FakeDataValidationBuilder();
  }
  flush(): void {
    this.flushes++;
  }
}
