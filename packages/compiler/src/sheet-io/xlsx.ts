/**
 * .xlsx in and out, through ExcelTS (`@cj-tech-master/excelts`, loaded only when a spreadsheet is read
 * or written, so JSON plans never pay for it). Reading runs the zip bomb and row checks first; cells
 * come out as a spreadsheet shows them: a formula as its cached value (never evaluated), a date as an
 * ISO date, a merged range's value on its first cell only.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import { sheetDiagnostic } from '../sheet/codes.js';
import { cellAddress, type CellValue, type Workbook } from '../sheet/index.js';
import { checkXlsx } from './zip.js';

type ExcelTs = typeof import('@cj-tech-master/excelts');
let excelts: Promise<ExcelTs> | undefined;
/** The XLSX library, imported on first use. */
function library(): Promise<ExcelTs> {
  return (excelts ??= import('@cj-tech-master/excelts'));
}

/** Every workbook Platen writes has this date, so the same plan gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

function isoDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** A cell's value as text, number or boolean; formulas give their cached result. */
function plain(
  value: unknown,
  note: (code: 'date' | 'formula', detail: string) => void,
): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (value instanceof Date) {
    const text = isoDate(value);
    note('date', text);
    return text;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return (v.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('');
    if ('formula' in v || 'sharedFormula' in v) {
      note('formula', String(v.formula ?? v.sharedFormula));
      return plain(v.result, note);
    }
    if ('error' in v) return String(v.error);
    if ('text' in v) return plain(v.text, note);
  }
  return String(value as string);
}

/** Reads an .xlsx file's bytes into the workbook model, with notes about dates, formulas and merges. */
export async function readXlsx(
  buf: Buffer,
  file: string,
): Promise<{ workbook: Workbook; diagnostics: Diagnostic[] }> {
  checkXlsx(buf);
  const { Workbook: ExcelWorkbook } = await library();
  const wb = new ExcelWorkbook();
  await wb.xlsx.load(buf);
  const diagnostics: Diagnostic[] = [];
  const workbook: Workbook = { tabs: [] };
  wb.eachSheet((ws) => {
    const rows: CellValue[][] = [];
    const merges = new Set<string>();
    ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: true }, (cell, colNumber) => {
        const at = cellAddress(ws.name, rowNumber - 1, colNumber - 1);
        if (cell.isMerged && cell.master !== cell) {
          // Only the first cell of a merged range holds its value: the rest read blank (inherit).
          const master = cell.master.address;
          if (!merges.has(master)) {
            merges.add(master);
            diagnostics.push(
              sheetDiagnostic(
                'sheet-merged-cell',
                `Cells merged with ${master}: the value is read from ${master} only; the cells below inherit it.`,
                {
                  file,
                  cell: cellAddress(
                    ws.name,
                    Number(cell.master.row) - 1,
                    Number(cell.master.col) - 1,
                  ),
                },
              ),
            );
          }
          cells[colNumber - 1] = null;
          return;
        }
        cells[colNumber - 1] = plain(cell.value, (code, detail) =>
          diagnostics.push(
            code === 'date'
              ? sheetDiagnostic(
                  'sheet-date-cell',
                  `This cell holds a date the spreadsheet converted; it is read as ${detail}. Format the column as text to keep what you typed.`,
                  { file, cell: at },
                )
              : sheetDiagnostic(
                  'sheet-formula-cell',
                  `This cell holds the formula =${detail}; its cached value is read, the formula is never run.`,
                  { file, cell: at },
                ),
          ),
        );
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= null;
      rows[rowNumber - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    workbook.tabs.push({ name: ws.name, rows });
  });
  return { workbook, diagnostics };
}

/** Writes the workbook model as .xlsx bytes: frozen headers, column notes and drop-downs, widths. */
export async function writeXlsx(workbook: Workbook): Promise<Buffer> {
  const { Workbook: ExcelWorkbook } = await library();
  const wb = new ExcelWorkbook();
  wb.creator = 'Platen';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  for (const tab of workbook.tabs) {
    const frozen = tab.frozenRows ?? 0;
    const ws = wb.addWorksheet(
      tab.name,
      frozen > 0 ? { views: [{ state: 'frozen', ySplit: frozen }] } : {},
    );
    tab.rows.forEach((row, r) => {
      const excelRow = ws.getRow(r + 1);
      row.forEach((value, c) => {
        // Text is always written as text: a cell starting with "=" is never a formula.
        if (value !== null) excelRow.getCell(c + 1).value = value;
      });
    });
    const last = Math.max(tab.rows.length, 1000);
    for (const hint of tab.columns ?? []) {
      const column = ws.getColumn(hint.index + 1);
      if (hint.width !== undefined) column.width = hint.width;
      if (hint.note !== undefined && tab.rows.length > 0)
        ws.getRow(1).getCell(hint.index + 1).note = hint.note;
      if (hint.choices !== undefined) {
        const letter = column.letter;
        ws.dataValidations.add(`${letter}2:${letter}${last}`, {
          type: 'list',
          allowBlank: true,
          showErrorMessage: false,
          formulae: [`"${hint.choices.join(',')}"`],
        });
      }
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
