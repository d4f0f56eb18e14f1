/** The Settings… dialog: API URL, plan id, token (a password field, never filled in). */
import { action, closeButton, esc, list } from './html.js';
import type { Services } from './gas.js';
import { SEGMENT_API_URL, saveSettings, settingsView, type SettingsForm } from './settings.js';
import { showDialog } from './ui.js';

/** Shows the Settings dialog, with `problems` (from a rejected save) and `note` above the form. */
export function showSettings(s: Services, problems: readonly string[] = [], note = ''): void {
  const view = settingsView(s.propertiesService);
  const body =
    (note === '' ? '' : `<p>${esc(note)}</p>`) +
    (problems.length === 0 ? '' : `<div class="error">${list(problems.map(esc), '')}</div>`) +
    `<form name="settings" onsubmit="return false">` +
    `<label>API URL (a Platen registry, or Segment's Public API ${esc(SEGMENT_API_URL)})` +
    `<input name="apiUrl" type="url" value="${esc(view.apiUrl)}"></label>` +
    `<label>Tracking plan id<input name="planId" value="${esc(view.planId)}"></label>` +
    `<label>Token (kept in your own user properties, never in the sheet)` +
    `<input name="token" type="password" autocomplete="off" value="" placeholder="${
      view.hasToken
        ? 'a token is saved for this URL: leave empty to keep it'
        : 'paste your API token'
    }"></label></form>` +
    `<div class="buttons">${action('Save', 'platenSaveSettings', [], { form: 'settings', primary: true })}` +
    `${view.hasToken ? action('Forget my token', 'platenForgetToken') : ''}${closeButton('Cancel')}</div>`;
  showDialog(s, 'Platen settings', body, 520, 400);
}

/** `google.script.run.platenSaveSettings(form)`: saves, or shows the dialog again with the problems. */
export function submitSettings(s: Services, form: SettingsForm): void {
  const problems = saveSettings(s.propertiesService, form ?? {});
  if (problems.length > 0) showSettings(s, problems);
  else showSettings(s, [], 'Saved.');
}
