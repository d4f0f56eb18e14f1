/**
 * The plan in the live spreadsheet, read through `@platen/compiler/sheet` (as `platen sheet import`
 * reads a file), with every problem placed on its cell: the conversion's own diagnostics name one,
 * and the IR stage's (schema problems found after conversion) are placed through the sheet's map of
 * JSON pointers to cells.
 */
import { toDiffable } from '@platen/compiler/diff';
import { cellOfPointer, sheetToPlan, type SheetToPlanResult } from '@platen/compiler/sheet';
import type { Diagnostic, Plan } from '@platen/compiler';
import type { GasSpreadsheet } from './gas.js';
import { readWorkbook } from './workbook.js';

/** One problem as the sidebar lists it. */
export interface Finding {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** `Track!F17`, when the problem has a cell. */
  cell?: string;
}

/** The sheet's plan and what is wrong with it. */
export interface SheetPlan {
  /** Absent when the sheet is in no format Platen reads. */
  plan?: Plan;
  findings: Finding[];
  /** True when any finding is an error: such a plan is not sent. */
  hasErrors: boolean;
  /** JSON pointer into the plan → the cells it came from. */
  places: SheetToPlanResult['places'];
}

function findingOf(d: Diagnostic, places: SheetToPlanResult['places']): Finding {
  const cell = d.cell ?? (d.pointer === undefined ? undefined : cellOfPointer(places, d.pointer));
  const out: Finding = { severity: d.severity, code: d.code, message: d.message };
  if (cell !== undefined) out.cell = cell;
  return out;
}

/** A problem the API found in a rule it was sent, placed on its cell when it names a pointer. */
export function remoteFinding(
  problem: { message: string; pointer?: string },
  places: SheetToPlanResult['places'],
): Finding {
  const out: Finding = { severity: 'error', code: 'rejected-by-api', message: problem.message };
  const cell = problem.pointer === undefined ? undefined : cellOfPointer(places, problem.pointer);
  if (cell !== undefined) out.cell = cell;
  return out;
}

/** Reads and checks the plan the spreadsheet holds. */
export function readSheetPlan(spreadsheet: GasSpreadsheet): SheetPlan {
  const read = sheetToPlan(readWorkbook(spreadsheet), { file: spreadsheet.getName() });
  const findings = read.diagnostics.map((d) => findingOf(d, read.places));
  if (read.plan !== undefined && !findings.some((f) => f.severity === 'error')) {
    // The IR stage's diagnostics (unknown types, empty enums, unsatisfiable bounds…), as `check` reports.
    const ir = toDiffable(read.plan) as { diagnostics?: unknown };
    if (Array.isArray(ir.diagnostics))
      for (const d of ir.diagnostics as Diagnostic[]) findings.push(findingOf(d, read.places));
  }
  const out: SheetPlan = {
    findings,
    hasErrors: findings.some((f) => f.severity === 'error'),
    places: read.places,
  };
  if (read.plan !== undefined) out.plan = read.plan;
  return out;
}
