/** Check plan: the sheet's problems in the sidebar, each linking to its cell. */
import { action, closeButton, esc, list } from './html.js';
import type { Services } from './gas.js';
import { readSheetPlan, type Finding } from './sheet-plan.js';
import { showSidebar } from './ui.js';
import { parseCell } from './workbook.js';

/** One finding as a list item: severity, a link to the cell (when it has one), the message. */
export function findingHtml(f: Finding): string {
  const where = f.cell === undefined ? undefined : parseCell(f.cell);
  const link =
    where === undefined
      ? f.cell === undefined
        ? ''
        : `${esc(f.cell)}: `
      : `${action(f.cell!, 'platenGoToCell', [where.tab, where.row, where.column], { link: true })}: `;
  return `<span class="${f.severity}">${f.severity}</span> ${link}${esc(f.message)} <span class="info">(${esc(f.code)})</span>`;
}

/** A summary line: `2 errors, 1 warning`. */
export function countLine(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** The findings as HTML: a count, then the list. */
export function findingsHtml(findings: readonly Finding[]): string {
  return `<p>${esc(countLine(findings))}</p>${list(findings.map(findingHtml), 'No problems found.')}`;
}

/** Menu: Check plan. */
export function checkPlanFlow(s: Services): void {
  const sheet = readSheetPlan(s.spreadsheetApp.getActiveSpreadsheet());
  const rules = sheet.plan?.rules.length ?? 0;
  const head =
    sheet.plan === undefined ? '' : `<p>${rules} rule${rules === 1 ? '' : 's'} read.</p>`;
  showSidebar(
    s,
    'Platen: check plan',
    `${head}${findingsHtml(sheet.findings)}<div class="buttons">${action('Check again', 'platenCheckPlan')}${closeButton()}</div>`,
  );
}

/** From a finding's link: selects the cell. */
export function goToCell(s: Services, tab: unknown, row: unknown, column: unknown): void {
  if (typeof tab !== 'string' || !Number.isInteger(row) || !Number.isInteger(column)) return;
  const sheet = s.spreadsheetApp.getActiveSpreadsheet().getSheetByName(tab);
  if (sheet === null) return;
  const r = Math.min(Math.max(1, row as number), sheet.getMaxRows());
  const c = Math.min(Math.max(1, column as number), sheet.getMaxColumns());
  sheet.activate();
  sheet.getRange(r, c, 1, 1).activate();
}
