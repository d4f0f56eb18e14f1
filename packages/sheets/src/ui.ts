/** Showing pages: the sidebar (Check plan) and modal dialogs (everything else). */
import { page } from './html.js';
import type { Services } from './gas.js';

/** Shows `body` in the sidebar. */
export function showSidebar(s: Services, title: string, body: string): void {
  const out = s.htmlService.createHtmlOutput(page(title, body)).setTitle(title);
  s.spreadsheetApp.getUi().showSidebar(out);
}

/** Shows `body` in a modal dialog (replacing the one open, if any). */
export function showDialog(
  s: Services,
  title: string,
  body: string,
  width = 560,
  height = 480,
): void {
  const out = s.htmlService.createHtmlOutput(page(title, body)).setWidth(width).setHeight(height);
  s.spreadsheetApp.getUi().showModalDialog(out, title);
}

/** An alert with Yes and No; true for Yes. */
export function confirm(s: Services, title: string, prompt: string): boolean {
  const ui = s.spreadsheetApp.getUi();
  return ui.alert(title, prompt, ui.ButtonSet.YES_NO) === ui.Button.YES;
}

/** An alert with OK. */
export function tell(s: Services, title: string, prompt: string): void {
  const ui = s.spreadsheetApp.getUi();
  ui.alert(title, prompt, ui.ButtonSet.OK);
}
