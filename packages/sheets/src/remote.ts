/** Connecting to the API the settings name, and telling people what went wrong when a call fails. */
import { SyncApiClient, type ApiFailure } from './api.js';
import type { Services } from './gas.js';
import { closeButton, esc } from './html.js';
import { missingSettings, readSettings, type Settings } from './settings.js';
import { showSettings } from './settings-page.js';
import { showDialog } from './ui.js';

/** A client for the configured API, with the settings it was made from. */
export interface Connection {
  settings: Settings & { token: string };
  client: SyncApiClient;
}

/** The connection, or undefined after showing the Settings dialog with what is missing. */
export function connect(s: Services, doing: string): Connection | undefined {
  const settings = readSettings(s.propertiesService);
  const missing = missingSettings(settings);
  if (missing.length > 0 || settings.token === undefined) {
    showSettings(s, [], `To ${doing}, Platen needs ${missing.join(' and ')}.`);
    return undefined;
  }
  return {
    settings: { ...settings, token: settings.token },
    client: new SyncApiClient(settings.apiUrl, settings.token, s.urlFetchApp),
  };
}

/** A sentence for a failed call (the message is already free of the token). */
export function failureText(f: ApiFailure, c: Connection): string {
  const where = `${c.settings.apiUrl} (plan ${JSON.stringify(c.settings.planId)})`;
  if (f.status === 0) return `Could not talk to ${where}: ${f.message}`;
  if (f.status === 401) return `${where} refused the token (401: ${f.message}). Check Settings….`;
  if (f.status === 403) return `The token may not do this at ${where} (403: ${f.message}).`;
  if (f.status === 404)
    return `${where} has no such tracking plan (404: ${f.message}). Check the plan id in Settings….`;
  return `${where} answered ${f.status}: ${f.message}`;
}

/** Shows a failed call in a dialog. */
export function showFailure(s: Services, title: string, f: ApiFailure, c: Connection): void {
  showDialog(
    s,
    title,
    `<p class="error">${esc(failureText(f, c))}</p><div class="buttons">${closeButton()}</div>`,
    520,
    240,
  );
}
