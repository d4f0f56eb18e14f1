/** Sheet files for tests: a plan through an .xlsx or .csv file on disk and back, as the CLI does it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../src/plan/types.js';
import { planToSheet, sheetToPlan, type Workbook } from '../../src/sheet/index.js';
import { readSheetFile, sheetFileBytes, type SheetFileKind } from '../../src/sheet-io/index.js';
import { tempDir } from '../support/helpers.js';

let dir: string | undefined;
let n = 0;

/** Writes bytes to a fresh file named `name` under a test folder; returns its path. */
export function fileOf(name: string, bytes: Buffer | string): string {
  dir ??= tempDir('sheet');
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

/** A plan written as a `kind` file and read back: the file's bytes, the plan read, and diagnostics. */
export async function throughFile(plan: Plan, kind: SheetFileKind) {
  const { workbook } = planToSheet(plan);
  const bytes = await sheetFileBytes(workbook, kind);
  const path = fileOf(`plan.${kind}`, bytes);
  const read = await readSheetFile(path, `plan.${kind}`);
  const back = sheetToPlan(read.workbook as Workbook, { file: `plan.${kind}` });
  return { bytes, back, readDiagnostics: read.diagnostics, workbook: read.workbook };
}
