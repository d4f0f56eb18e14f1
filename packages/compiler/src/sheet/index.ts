/**
 * `@platen/compiler/sheet`: spreadsheets as tracking plans, as pure data conversion (no I/O, no Node
 * built-ins), so the CLI and the Google Sheets add-on share it. A workbook is plain data
 * ({@link Workbook}); the CLI's XLSX and CSV adapters, or the add-on's SpreadsheetApp calls, fill it.
 *
 * - {@link sheetToPlan}: workbook → plan, diagnostics pointing at cells, and where each part came from.
 * - {@link planToSheet}: plan → workbook in the Platen template (lossless) or a foreign format.
 * - {@link templateWorkbook}: the empty Platen template.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { Plan } from '../plan/types.js';
import { sheetDiagnostic } from './codes.js';
import { detectSheetFormat, readForeignSheet, writeForeignSheet } from './foreign.js';
import type { SheetFormat, Workbook } from './model.js';
import type { SheetPlaces } from './places.js';
import { readPlatenSheet } from './platen-read.js';
import { writePlatenSheet } from './platen-write.js';

export {
  cellAddress,
  columnLetter,
  isBlank,
  SHEET_FORMATS,
  type CellValue,
  type ColumnHint,
  type SheetFormat,
  type SheetTab,
  type Workbook,
} from './model.js';
export { SHEET_CODES, type SheetCode } from './codes.js';
export {
  FORMAT_SHORTCUTS,
  INSTRUCTIONS_TAB,
  PLATEN_COLUMNS,
  PLATEN_TABS,
  TAB_COLUMN,
  TYPE_CHOICES,
  type ColumnKey,
  type ColumnSpec,
} from './columns.js';
export { cellOfPointer, type NodePlaces, type SheetPlaces } from './places.js';
export { EXCEL_CELL_LIMIT, INSTRUCTIONS, templateWorkbook } from './platen-write.js';
export { tableToWorkbook, workbookToTable } from './table.js';
export { detectSheetFormat, FOREIGN_LIMITS } from './foreign.js';

/** Options of {@link sheetToPlan}. */
export interface SheetToPlanOptions {
  /** The file name diagnostics give (`plan.xlsx: Track!F17: …`). */
  file?: string;
  /** Read as this format instead of detecting it from the header row. */
  format?: SheetFormat;
  /** A CSV's tab (Track, Identify, …) when it has no `Tab` column. @default "Track" */
  tab?: string;
}

/** What {@link sheetToPlan} gives. `plan` is absent only when the sheet is in no format Platen reads. */
export interface SheetToPlanResult {
  plan?: Plan;
  /** The format read (detected or forced). */
  format?: SheetFormat;
  /** Every problem found, each naming its cell. Errors mean the plan is not to be trusted. */
  diagnostics: Diagnostic[];
  /** JSON pointer into the plan (`/rules/3/jsonSchema/…`) → cells, for {@link cellOfPointer}. */
  places: SheetPlaces;
}

/** Reads a workbook as a plan. Never throws for bad cells: they become diagnostics. */
export function sheetToPlan(
  workbook: Workbook,
  options: SheetToPlanOptions = {},
): SheetToPlanResult {
  const format = options.format ?? detectSheetFormat(workbook);
  if (format === undefined)
    return {
      diagnostics: [
        sheetDiagnostic(
          'sheet-unknown-format',
          'The header row matches no sheet format Platen reads: the Platen template (Event, Property, Type, …), Segment Protocols CSV, Amplitude Data CSV or Avo CSV. Use --format to force one.',
          options.file === undefined ? {} : { file: options.file },
        ),
      ],
      places: {},
    };
  const read =
    format === 'platen'
      ? readPlatenSheet(workbook, {
          ...(options.file !== undefined ? { file: options.file } : {}),
          ...(options.tab !== undefined ? { tab: options.tab } : {}),
        })
      : readForeignSheet(format, workbook, options.file);
  return { ...read, format };
}

/** Options of {@link planToSheet}. */
export interface PlanToSheetOptions {
  /** @default "platen" */
  format?: SheetFormat;
}

/**
 * Writes a plan as a workbook. The Platen template loses nothing; a foreign format gets a
 * `sheet-lossy-format` warning listing what it cannot express.
 */
export function planToSheet(
  plan: Plan,
  options: PlanToSheetOptions = {},
): { workbook: Workbook; diagnostics: Diagnostic[] } {
  const format = options.format ?? 'platen';
  return format === 'platen' ? writePlatenSheet(plan) : writeForeignSheet(format, plan);
}
