/**
 * Runs the built add-on (dist/Code.js, what `clasp push` deploys) in a bare `vm` context holding only
 * the Apps Script globals it uses, each a fake from ./gas: no `require`, no `process`, no timers, no
 * `fetch`/`URL`, as in Apps Script's V8 runtime.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { Scopes } from './gas/scopes.js';
import { FakeSpreadsheet, FakeSpreadsheetApp } from './gas/spreadsheet.js';
import { FakeHtmlService, FakeLogs, FakePropertiesService, FakeUi } from './gas/ui.js';
import { FakeUrlFetchApp } from './gas/url-fetch.js';

/** The package folder. */
export const PACKAGE = fileURLToPath(new URL('../../', import.meta.url));
/** The built script and manifest. */
export const BUNDLE = `${PACKAGE}dist/Code.js`;
export const MANIFEST = `${PACKAGE}dist/appsscript.json`;

/** The bundle's text (run `pnpm build` first; the root `pnpm test` does). */
export function bundleText(): string {
  return readFileSync(BUNDLE, 'utf8');
}

/** The manifest's OAuth scopes. */
export function manifestScopes(): string[] {
  return (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { oauthScopes: string[] }).oauthScopes;
}

/** A loaded add-on and the fakes around it. */
export interface Addon {
  context: vm.Context;
  spreadsheet: FakeSpreadsheet;
  ui: FakeUi;
  properties: FakePropertiesService;
  urlFetch: FakeUrlFetchApp;
  logs: FakeLogs;
  /** Calls a global function of the script, as a menu item, trigger or `google.script.run` does. */
  call(name: string, ...args: unknown[]): unknown;
}

/** Options: share a spreadsheet or property stores between two loads (two people, one document). */
export interface AddonOptions {
  spreadsheet?: FakeSpreadsheet;
  properties?: FakePropertiesService;
  scopes?: string[];
}

/** Loads the bundle into a fresh context (each call is a fresh script execution, as in Apps Script). */
export function loadAddon(options: AddonOptions = {}): Addon {
  const scopes = new Scopes(options.scopes ?? manifestScopes());
  const spreadsheet = options.spreadsheet ?? new FakeSpreadsheet();
  const ui = new FakeUi(scopes);
  const properties = options.properties ?? new FakePropertiesService();
  const urlFetch = new FakeUrlFetchApp(scopes);
  const logs = new FakeLogs();
  const context = vm.createContext({
    SpreadsheetApp: new FakeSpreadsheetApp(spreadsheet, ui, scopes),
    UrlFetchApp: urlFetch,
    PropertiesService: properties,
    HtmlService: new FakeHtmlService(),
    Logger: logs.logger,
    console: logs.console,
  });
  spreadsheet.realmDate = vm.runInContext('Date', context) as DateConstructor;
  vm.runInContext(bundleText(), context, { filename: 'Code.js' });
  return {
    context,
    spreadsheet,
    ui,
    properties,
    urlFetch,
    logs,
    call(name, ...args) {
      const fn = (context as Record<string, unknown>)[name];
      if (typeof fn !== 'function')
        throw new Error(`test: the script has no global function ${name}`);
      // Arguments cross into the script's realm as JSON, as google.script.run sends them.
      const copied = vm.runInContext('JSON.parse', context)(JSON.stringify(args)) as unknown[];
      return (fn as (...a: unknown[]) => unknown)(...copied);
    },
  };
}
