/**
 * A workbook as one table, for CSV (one tab per file): the Platen template's tabs stacked with a `Tab`
 * column first, or a foreign format's single tab as it is.
 */
import { INSTRUCTIONS_TAB, TAB_COLUMN } from './columns.js';
import type { CellValue, Workbook } from './model.js';

/**
 * One table of a workbook. With several data tabs (the Platen template), a `Tab` column names each
 * row's tab; with one tab (or `tab` given, that tab only), its rows as they are. The Instructions tab
 * is left out: a CSV has no room for it.
 */
export function workbookToTable(workbook: Workbook, tab?: string): CellValue[][] {
  const data = workbook.tabs.filter((t) => t.name !== INSTRUCTIONS_TAB);
  if (tab !== undefined) {
    const one = data.find((t) => t.name.toLowerCase() === tab.toLowerCase());
    return one ? one.rows.map((r) => [...r]) : [];
  }
  if (data.length === 1) return data[0]!.rows.map((r) => [...r]);
  const withRows = data.filter((t) => t.rows.length > 1);
  const header = data[0]?.rows[0] ?? [];
  const rows: CellValue[][] = [[TAB_COLUMN, ...header]];
  for (const t of withRows) for (const r of t.rows.slice(1)) rows.push([t.name, ...r]);
  return rows;
}

/** A table read from a CSV file as a workbook of one tab; its tab name is empty, so cells are named `F17`. */
export function tableToWorkbook(rows: CellValue[][]): Workbook {
  return { tabs: [{ name: '', rows }] };
}
