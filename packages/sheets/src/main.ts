/**
 * The Platen add-on's entry points: every export becomes a global function of the deployed script
 * (scripts/bundle.mjs), which Apps Script calls by name from the menu, a trigger or `google.script.run`.
 * Each one is a thin shell over a flow module, and reports an unexpected failure as a short alert:
 * never a stack, never the token.
 */
import { services, type Services } from './gas.js';
import { forgetToken, type SettingsForm } from './settings.js';
import { showSettings, submitSettings } from './settings-page.js';
import { tell } from './ui.js';
import { checkPlanFlow, goToCell } from './check-page.js';
import { importFlow } from './pull.js';
import { confirmSendFlow, sendPreviewFlow } from './send.js';

/** The menu: caption → the global function it calls ('' for a separator). */
const MENU: readonly (readonly [string, string])[] = [
  ['Check plan', 'platenCheckPlan'],
  ['Send to registry…', 'platenSendToRegistry'],
  ['Import plan from registry…', 'platenImportFromRegistry'],
  ['', ''],
  ['Settings…', 'platenShowSettings'],
];

/** Runs a flow; an unexpected error becomes an alert (flows report expected problems themselves). */
function guard(name: string, flow: (s: Services) => void): void {
  const s = services();
  try {
    flow(s);
  } catch (err) {
    const message = (err as { message?: unknown } | null)?.message;
    tell(s, 'Platen', `${name} failed: ${typeof message === 'string' ? message : String(err)}`);
  }
}

/** Simple trigger: adds the Platen menu when the spreadsheet opens. */
export function onOpen(): void {
  const menu = services().spreadsheetApp.getUi().createMenu('Platen');
  for (const [caption, fn] of MENU) {
    if (caption === '') menu.addSeparator();
    else menu.addItem(caption, fn);
  }
  menu.addToUi();
}

/** Add-on install trigger: the same menu at once, without reopening the spreadsheet. */
export function onInstall(): void {
  onOpen();
}

/** Menu: Settings…. */
export function platenShowSettings(): void {
  guard('Settings', (s) => showSettings(s));
}

/** From the Settings dialog: saves the form. */
export function platenSaveSettings(form: SettingsForm): void {
  guard('Saving the settings', (s) => submitSettings(s, form));
}

/** From the Settings dialog: forgets this user's token for the current API URL. */
export function platenForgetToken(): void {
  guard('Forgetting the token', (s) => {
    forgetToken(s.propertiesService);
    showSettings(s, [], 'Your token for this API URL is forgotten.');
  });
}

/** Menu: Check plan. */
export function platenCheckPlan(): void {
  guard('Check plan', (s) => checkPlanFlow(s));
}

/** From a finding's link in the sidebar: selects its cell. */
export function platenGoToCell(tab: unknown, row: unknown, column: unknown): void {
  guard('Going to the cell', (s) => goToCell(s, tab, row, column));
}

/** Menu: Send to registry…. */
export function platenSendToRegistry(): void {
  guard('Send to registry', (s) => sendPreviewFlow(s));
}

/** From the Send preview: sends (or overwrites, when the person chose to). */
export function platenConfirmSend(): void {
  guard('Send to registry', (s) => confirmSendFlow(s));
}

/** Menu: Import plan from registry…. */
export function platenImportFromRegistry(): void {
  guard('Import plan', (s) => importFlow(s));
}
