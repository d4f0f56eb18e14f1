/**
 * Import plan from registry…: reads the remote plan and its rules, converts them with
 * `@platen/compiler/sheet` (as `platen sheet export` does) and fills the tabs, after asking when they
 * hold data. The plan's revision (or its rules' fingerprints) becomes the sheet's base, which the next
 * Send compares against.
 */
import { planToSheet } from '@platen/compiler/sheet';
import type { Plan } from '@platen/compiler';
import { fingerprints, writeBase } from './base.js';
import { rulesFromApi } from './changes.js';
import { findingsHtml } from './check-page.js';
import type { Services } from './gas.js';
import { closeButton, esc, list } from './html.js';
import { connect, showFailure } from './remote.js';
import { confirm, showDialog } from './ui.js';
import { oversizedCells, SHEETS_CELL_LIMIT, tabsWithData, writeWorkbook } from './workbook.js';

/** Menu: Import plan from registry…. */
export function importFlow(s: Services): void {
  const c = connect(s, 'import the plan');
  if (c === undefined) return;
  const info = c.client.getPlan(c.settings.planId);
  if (!info.ok) return showFailure(s, 'Import plan', info, c);
  const remote = c.client.listAllRules(c.settings.planId);
  if (!remote.ok) return showFailure(s, 'Import plan', remote, c);
  const p = info.data;
  const plan: Plan = {
    id: p.id,
    name: p.name ?? '',
    type: p.type,
    rules: rulesFromApi(remote.data.rules),
  };
  if (p.slug !== undefined) plan.slug = p.slug;
  if (p.description !== undefined) plan.description = p.description;
  const { workbook, diagnostics } = planToSheet(plan);
  const tooLong = oversizedCells(workbook);
  if (tooLong.length > 0) {
    showDialog(
      s,
      'Import plan',
      `<p class="error">Not imported: Google Sheets keeps at most ${SHEETS_CELL_LIMIT} characters in a cell, and these cells would hold more. Nothing was changed.</p>${list(tooLong.map(esc), '')}<div class="buttons">${closeButton()}</div>`,
    );
    return;
  }
  const spreadsheet = s.spreadsheetApp.getActiveSpreadsheet();
  const filled = tabsWithData(spreadsheet, workbook);
  const revision = remote.revision === null ? '' : ` (revision ${remote.revision})`;
  const what = `${plan.rules.length} rule${plan.rules.length === 1 ? '' : 's'} of ${JSON.stringify(plan.name || plan.id)}${revision}`;
  if (
    filled.length > 0 &&
    !confirm(
      s,
      'Import plan',
      `Replace the contents of the tabs ${filled.join(', ')} with the ${what}?`,
    )
  )
    return;
  writeWorkbook(s.spreadsheetApp, spreadsheet, workbook);
  s.spreadsheetApp.flush();
  writeBase(s.propertiesService.getDocumentProperties(), {
    apiUrl: c.settings.apiUrl,
    planId: c.settings.planId,
    revision: remote.revision,
    rules: fingerprints(remote.data.rules),
  });
  const findings = diagnostics.map((d) => {
    const f: {
      severity: 'error' | 'warning' | 'info';
      code: string;
      message: string;
      cell?: string;
    } = {
      severity: d.severity,
      code: d.code,
      message: d.message,
    };
    if (d.cell !== undefined) f.cell = d.cell;
    return f;
  });
  showDialog(
    s,
    'Imported',
    `<p>Imported the ${esc(what)}.</p>${findings.length === 0 ? '' : findingsHtml(findings)}<div class="buttons">${closeButton()}</div>`,
    520,
    findings.length === 0 ? 200 : 420,
  );
}
