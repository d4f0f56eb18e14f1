/**
 * The message table of the sheet conversion: every diagnostic code it emits, with its severity and
 * what it means. Diagnostics are data and point at a cell (`Track!F17`).
 */
import type { Diagnostic, Severity } from '../diagnostics/types.js';

/** Every code of the sheet conversion. */
export const SHEET_CODES = {
  'sheet-unreadable': {
    severity: 'error',
    summary: 'The file is not a spreadsheet Platen can read',
  },
  'sheet-too-large': { severity: 'error', summary: 'The spreadsheet is past a size limit' },
  'sheet-encrypted': {
    severity: 'error',
    summary: 'The workbook is password-protected (an encrypted container)',
  },
  'sheet-unknown-format': {
    severity: 'error',
    summary: 'The header row matches none of the sheet formats Platen reads',
  },
  'sheet-no-header': { severity: 'error', summary: 'A tab has no header row' },
  'sheet-unknown-column': { severity: 'warning', summary: 'A header names no known column' },
  'sheet-duplicate-column': { severity: 'error', summary: 'Two header cells name the same column' },
  'sheet-unknown-tab': {
    severity: 'warning',
    summary: 'A tab is not one Platen reads; it is skipped',
  },
  'sheet-unknown-type': { severity: 'error', summary: 'A Type cell names no known type' },
  'sheet-bad-cell': { severity: 'error', summary: 'A cell holds a value its column cannot take' },
  'sheet-bad-json': { severity: 'error', summary: 'A cell meant to hold JSON does not' },
  'sheet-bad-path': { severity: 'error', summary: 'A Property path is malformed' },
  'sheet-duplicate-property': {
    severity: 'error',
    summary: 'Two rows describe the same property of one event',
  },
  'sheet-conflict': {
    severity: 'error',
    summary: 'Two cells give one event or property different values',
  },
  'sheet-orphan-cells': {
    severity: 'error',
    summary: 'Property cells filled on a row without a Property',
  },
  'sheet-date-cell': {
    severity: 'warning',
    summary: 'A cell holds a date the spreadsheet converted; it is read as an ISO date',
  },
  'sheet-formula-cell': {
    severity: 'info',
    summary: 'A cell holds a formula; its cached value is read and the formula is never run',
  },
  'sheet-merged-cell': {
    severity: 'info',
    summary: 'Merged cells: the value is read from the first cell of the range only',
  },
  'sheet-long-cell': {
    severity: 'warning',
    summary: 'A cell is longer than Excel keeps (32,767 characters); Platen reads it whole',
  },
  'sheet-lossy-format': {
    severity: 'warning',
    summary: 'The sheet format cannot express part of the plan; that part is left out',
  },
  'sheet-ignored-cell': { severity: 'warning', summary: 'A cell has no meaning where it is' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

/** A code of the sheet conversion. */
export type SheetCode = keyof typeof SHEET_CODES;

/** Builds a diagnostic of the sheet conversion pointing at `cell` (when known) in `file`. */
export function sheetDiagnostic(
  code: SheetCode,
  message: string,
  place: { file?: string; cell?: string } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity: SHEET_CODES[code].severity, message };
  if (place.file !== undefined) d.file = place.file;
  if (place.cell !== undefined) d.cell = place.cell;
  return d;
}
