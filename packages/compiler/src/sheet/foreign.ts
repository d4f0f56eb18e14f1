/**
 * The sheet formats people already have (Segment Protocols CSV, Amplitude Data CSV, Avo CSV), detected
 * from the header row.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { Plan } from '../plan/types.js';
import { sheetDiagnostic } from './codes.js';
import { PLATEN_TABS } from './columns.js';
import { isBlank, type SheetFormat, type Workbook } from './model.js';
import type { SheetPlaces } from './places.js';
import { headerColumns } from './platen-read.js';

/** Limits that hold for every format (documented in docs/spreadsheet.md). */
export const FOREIGN_LIMITS = {};

/** The format a workbook's header rows say, or `undefined`. */
export function detectSheetFormat(workbook: Workbook): SheetFormat | undefined {
  for (const tab of workbook.tabs) {
    const header = tab.rows.find((r) => r.some((c) => !isBlank(c)));
    if (!header) continue;
    let known = 0;
    const { columns } = headerColumns(
      header,
      () => {},
      () => {},
    );
    known = Object.keys(columns).length;
    if (columns.property !== undefined || (columns.event !== undefined && known >= 2))
      return 'platen';
    if (PLATEN_TABS.some((t) => t.name.toLowerCase() === tab.name.toLowerCase()) && known > 0)
      return 'platen';
  }
  return undefined;
}

/** Reads a foreign-format sheet. */
export function readForeignSheet(
  format: Exclude<SheetFormat, 'platen'>,
  _workbook: Workbook,
  file: string | undefined,
): { plan?: Plan; diagnostics: Diagnostic[]; places: SheetPlaces } {
  return {
    diagnostics: [
      sheetDiagnostic(
        'sheet-unknown-format',
        `${format} sheets are not read yet.`,
        file === undefined ? {} : { file },
      ),
    ],
    places: {},
  };
}

/** Writes a plan in a foreign format. */
export function writeForeignSheet(
  format: Exclude<SheetFormat, 'platen'>,
  _plan: Plan,
): { workbook: Workbook; diagnostics: Diagnostic[] } {
  return {
    workbook: { tabs: [] },
    diagnostics: [sheetDiagnostic('sheet-lossy-format', `${format} sheets are not written yet.`)],
  };
}
