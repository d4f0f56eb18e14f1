/**
 * Spreadsheet files (the Node side of `@platen/compiler/sheet`): .xlsx and .csv read into the workbook
 * model and written from it, atomically; and a sheet loaded as a plan for `check`, `build` and `push`.
 * Bad files become diagnostics naming the file (and the cell), never exceptions.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/types.js';
import { joinPointer } from '../diagnostics/pointer.js';
import type { LoadedPlan, PlanSourceText } from '../plan/types.js';
import { sheetDiagnostic } from '../sheet/codes.js';
import {
  sheetToPlan,
  tableToWorkbook,
  workbookToTable,
  type SheetFormat,
  type Workbook,
} from '../sheet/index.js';
import { cfbKind, CFB_MAGIC } from './cfb.js';
import { readCsv, writeCsv } from './csv.js';
import { mib, SHEET_LIMITS, SheetFileError } from './limits.js';
import { readXlsx, writeXlsx } from './xlsx.js';

export { SHEET_LIMITS } from './limits.js';

/** The kinds of spreadsheet file Platen reads and writes, by extension. */
export type SheetFileKind = 'xlsx' | 'csv';

/** The kind of a spreadsheet path by its extension, or `undefined` for any other file. */
export function sheetKindOf(path: string): SheetFileKind | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : undefined;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Reads a spreadsheet file into the workbook model; problems (a bad file, dates, formulas) as diagnostics. */
export async function readSheetFile(
  absolute: string,
  shown: string,
): Promise<{ workbook?: Workbook; diagnostics: Diagnostic[] }> {
  const fail = (code: SheetFileError['code'], message: string) => ({
    diagnostics: [sheetDiagnostic(code, `${message}.`, { file: shown })],
  });
  let buf: Buffer;
  try {
    const size = (await stat(absolute)).size;
    if (size > SHEET_LIMITS.maxFileBytes)
      return fail(
        'sheet-too-large',
        `the file is ${mib(size)}, past the limit of ${mib(SHEET_LIMITS.maxFileBytes)}`,
      );
    buf = await readFile(absolute);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return fail(
      'sheet-unreadable',
      e.code === 'ENOENT' ? `no file at ${shown}` : `the file could not be read: ${e.message}`,
    );
  }
  const kind = sheetKindOf(shown) ?? 'xlsx';
  try {
    if (buf.subarray(0, 8).equals(CFB_MAGIC)) {
      const what = cfbKind(buf);
      if (what === 'encrypted')
        return fail(
          'sheet-encrypted',
          'the workbook is password-protected (an encrypted OLE container): Platen cannot read it; remove the password (File › Info › Protect Workbook) and save it again as .xlsx',
        );
      return fail(
        'sheet-unreadable',
        'this is an Excel 97-2003 (.xls) workbook or another OLE file, not .xlsx: save it as .xlsx (Excel Workbook) or CSV UTF-8',
      );
    }
    if (kind === 'xlsx') {
      if (!buf.subarray(0, 4).equals(ZIP_MAGIC))
        return fail(
          'sheet-unreadable',
          'not an .xlsx file: an .xlsx is a zip archive, and this file does not start like one',
        );
      return await readXlsx(buf, shown);
    }
    return { workbook: tableToWorkbook(readCsv(buf)), diagnostics: [] };
  } catch (err) {
    if (err instanceof SheetFileError) return fail(err.code, err.message);
    // The XLSX library threw on a file that passed the checks: still the file's fault, not Platen's.
    return fail('sheet-unreadable', `not a readable .${kind} file: ${(err as Error).message}`);
  }
}

/** Options of writing a spreadsheet file. */
export interface WriteSheetOptions {
  /** CSV: write only this tab (no Tab column). */
  tab?: string;
  /** Replace an existing file. Without it, an existing file is never overwritten. */
  overwrite?: boolean;
}

/** The bytes of a workbook as a file of `kind`. */
export async function sheetFileBytes(
  workbook: Workbook,
  kind: SheetFileKind,
  tab?: string,
): Promise<Buffer> {
  return kind === 'xlsx'
    ? await writeXlsx(workbook)
    : Buffer.from(writeCsv(workbookToTable(workbook, tab)), 'utf8');
}

/**
 * Writes bytes to `path` atomically (a temporary file beside it, then a rename): a crash leaves the old
 * file or the new one, never half of one. Without `overwrite`, an existing file is refused (`EEXIST`).
 */
export async function writeFileSafely(
  path: string,
  bytes: Buffer | string,
  overwrite = false,
): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes, { flush: true });
    if (overwrite) await rename(tmp, path);
    else {
      // Refuse before the rename; the exclusive open closes the race with another writer.
      const handle = await open(path, 'wx');
      await handle.close();
      await rename(tmp, path);
    }
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Options of {@link loadSheetPlan}. */
export interface LoadSheetOptions {
  /** Read as this sheet format instead of detecting it. */
  format?: SheetFormat;
  /** A CSV's tab when it has no Tab column. */
  tab?: string;
}

/** Loads a spreadsheet as a plan, as `loadPlan` does a JSON file: rules point at their first row. */
export async function loadSheetPlan(
  shown: string,
  absolute: string,
  options: LoadSheetOptions = {},
): Promise<{ loaded?: LoadedPlan; diagnostics: Diagnostic[] }> {
  const read = await readSheetFile(absolute, shown);
  if (!read.workbook) return { diagnostics: read.diagnostics };
  const result = sheetToPlan(read.workbook, {
    file: shown,
    ...(options.format !== undefined ? { format: options.format } : {}),
    ...(options.tab !== undefined ? { tab: options.tab } : {}),
  });
  const diagnostics = [...read.diagnostics, ...result.diagnostics];
  if (!result.plan) return { diagnostics };
  const source: PlanSourceText = { text: '', syntax: 'sheet', places: result.places };
  const sources = Object.create(null) as Record<string, PlanSourceText>;
  sources[shown] = source;
  const loaded: LoadedPlan = {
    plan: result.plan,
    format: 'spreadsheet',
    file: shown,
    ruleSources: result.plan.rules.map((_, i) => {
      const rulePointer = joinPointer('/rules', i);
      return {
        file: shown,
        pointer: joinPointer(rulePointer, 'jsonSchema'),
        rulePointer,
        fields: {
          type: joinPointer(rulePointer, 'type'),
          key: joinPointer(rulePointer, 'key'),
          version: joinPointer(rulePointer, 'version'),
        },
      };
    }),
    rulesPointer: '/rules',
    sources,
  };
  return { loaded, diagnostics };
}
