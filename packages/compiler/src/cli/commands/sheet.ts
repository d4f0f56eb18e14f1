/**
 * `platen sheet import|export|template`: spreadsheets (.xlsx, .csv) as tracking plans. `import` checks
 * a sheet and writes a canonical plan file; `export` writes a plan as a sheet (the Platen template, or
 * Segment's, Amplitude's or Avo's CSV layout, with a warning listing what that layout cannot say);
 * `template` writes the empty template. An existing file is never replaced without `--force`, and
 * every file is written atomically.
 */
import { relative, resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import { canonicalPlanText } from '../../api/plan-file.js';
import { checkPlan } from '../../check.js';
import { renderHuman } from '../../diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/types.js';
import { loadPlan } from '../../plan/index.js';
import {
  planToSheet,
  SHEET_FORMATS,
  templateWorkbook,
  type SheetFormat,
  type Workbook,
} from '../../sheet/index.js';

const ACTIONS = ['import', 'export', 'template'] as const;

function needString(args: Record<string, unknown>, flag: string, action: string): string {
  const value = args[flag];
  if (typeof value !== 'string' || value === '')
    throw new UsageError(`platen sheet ${action} needs --${flag}`);
  return value;
}

/** Writes `bytes` to `out`, refusing to replace a file unless `force`. */
async function writeOut(
  out: string,
  bytes: Buffer | string,
  force: boolean,
  io: CliIo,
): Promise<void> {
  const { writeFileSafely } = await import('../../sheet-io/index.js');
  try {
    await writeFileSafely(resolve(io.cwd, out), bytes, force);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST')
      throw new CliFailure(
        `${out} already exists: pass --force to replace it (nothing was written).`,
      );
    throw new CliFailure(`could not write ${out}: ${(err as Error).message}`);
  }
}

/** Prints diagnostics (when any) the way `check` does. */
function report(io: CliIo, diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length > 0) io.stdout(renderHuman(diagnostics));
}

async function workbookFile(
  out: string,
  workbook: Workbook,
  tab: string | undefined,
): Promise<Buffer> {
  const { sheetFileBytes, sheetKindOf } = await import('../../sheet-io/index.js');
  const kind = sheetKindOf(out);
  if (kind === undefined) throw new UsageError(`--out must name an .xlsx or .csv file, not ${out}`);
  return sheetFileBytes(workbook, kind, tab);
}

async function runImport(args: Record<string, unknown>, io: CliIo): Promise<number> {
  const sheet = needString(args, 'sheet', 'import');
  const out = needString(args, 'out', 'import');
  const { sheetKindOf } = await import('../../sheet-io/index.js');
  if (sheetKindOf(sheet) === undefined)
    throw new UsageError(`--sheet must name an .xlsx or .csv file, not ${sheet}`);
  const result = await checkPlan(sheet, {
    cwd: io.cwd,
    format: 'spreadsheet',
    sheet: {
      ...(args.format !== undefined ? { format: args.format as SheetFormat } : {}),
      ...(typeof args.tab === 'string' ? { tab: args.tab } : {}),
    },
  });
  report(io, result.diagnostics);
  if (!result.loaded || hasErrors(result.diagnostics)) {
    io.stderr(`platen sheet import: ${sheet} has errors; ${out} was not written.\n`);
    return EXIT.failure;
  }
  await writeOut(out, canonicalPlanText(result.loaded.plan), args.force === true, io);
  io.stdout(`wrote ${out} (${result.loaded.plan.rules.length} rules)\n`);
  return EXIT.ok;
}

async function runExport(args: Record<string, unknown>, io: CliIo): Promise<number> {
  const planPath = needString(args, 'plan', 'export');
  const out = needString(args, 'out', 'export');
  const loaded = await loadPlan(planPath, { cwd: io.cwd });
  if (!loaded.loaded || hasErrors(loaded.diagnostics)) {
    report(io, loaded.diagnostics);
    io.stderr(`platen sheet export: ${planPath} could not be read; ${out} was not written.\n`);
    return EXIT.failure;
  }
  const format = (args.format as SheetFormat | undefined) ?? 'platen';
  const { workbook, diagnostics } = planToSheet(loaded.loaded.plan, { format });
  const shown = diagnostics.map((d) => ({ ...d, file: d.file ?? out }));
  const bytes = await workbookFile(
    out,
    workbook,
    typeof args.tab === 'string' ? args.tab : undefined,
  );
  await writeOut(out, bytes, args.force === true, io);
  report(io, [...loaded.diagnostics, ...shown]);
  io.stdout(`wrote ${out} (${format} layout, ${loaded.loaded.plan.rules.length} rules)\n`);
  return EXIT.ok;
}

async function runTemplate(args: Record<string, unknown>, io: CliIo): Promise<number> {
  const out = needString(args, 'out', 'template');
  const bytes = await workbookFile(
    out,
    templateWorkbook(),
    typeof args.tab === 'string' ? args.tab : undefined,
  );
  await writeOut(out, bytes, args.force === true, io);
  io.stdout(
    `wrote ${out}: fill it in, then run platen check --plan ${relative(io.cwd, resolve(io.cwd, out))}\n`,
  );
  return EXIT.ok;
}

/** `platen sheet import --sheet F --out plan.json`, `export --plan P --out F`, `template --out F`. */
export const sheetCommand: CliCommand = {
  command: 'sheet <action>',
  describe:
    'Spreadsheets (.xlsx, .csv) as plans: import a sheet, export a plan, write the template',
  builder: (y) =>
    y
      .positional('action', {
        type: 'string',
        choices: ACTIONS,
        describe: 'import, export or template',
      })
      .option('sheet', { type: 'string', describe: 'import: the .xlsx or .csv file to read' })
      .option('plan', {
        type: 'string',
        describe: 'export: the plan to write as a sheet (any plan format)',
      })
      .option('out', {
        type: 'string',
        describe: 'The file to write: plan.json (import), F.xlsx or F.csv',
      })
      .option('format', {
        type: 'string',
        choices: SHEET_FORMATS,
        describe:
          'Sheet layout: platen (default on export; detected on import), segment, amplitude, avo',
      })
      .option('tab', {
        type: 'string',
        describe:
          'CSV: the tab of rows without a Tab column (import), or the one tab to write (export)',
      })
      .option('force', { type: 'boolean', default: false, describe: 'Replace --out if it exists' }),
  run: async (args, io) => {
    switch (args.action as (typeof ACTIONS)[number]) {
      case 'import':
        return runImport(args, io);
      case 'export':
        return runExport(args, io);
      case 'template':
        return runTemplate(args, io);
    }
  },
};
