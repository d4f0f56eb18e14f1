/**
 * Settings…: the API URL and plan id go to the document's properties, the token to the user's own
 * properties, keyed by the API URL; the token is never shown back, written to a cell or logged.
 */
import { describe, expect, it } from 'vitest';
import { loadAddon } from './support/addon.js';
import { actionNamed, formFields, pageText } from './support/html.js';
import { FakePropertiesService } from './support/gas/ui.js';

const TOKEN = 'sk_live_Settings-Token-0123456789';

function openSettings(addon: ReturnType<typeof loadAddon>) {
  addon.call('platenShowSettings');
  return addon.ui.lastPage();
}

describe('Settings…', () => {
  it('saves the URL and plan id per document and the token per user, and never shows the token', () => {
    const addon = loadAddon();
    const first = openSettings(addon);
    expect(formFields(first.html)).toEqual({
      apiUrl: 'https://api.segmentapis.com',
      planId: '',
      token: '',
    });
    const save = actionNamed(first.html, 'Save');
    expect(save).toMatchObject({ fn: 'platenSaveSettings', form: 'settings' });
    addon.call(save.fn, ...save.args, {
      apiUrl: 'http://127.0.0.1:9/api/ ',
      planId: ' tp_1 ',
      token: TOKEN,
    });

    expect(addon.properties.document.data).toEqual(
      new Map([
        ['platen.apiUrl', 'http://127.0.0.1:9/api'],
        ['platen.planId', 'tp_1'],
      ]),
    );
    expect(addon.properties.user.data).toEqual(
      new Map([['platen.token:http://127.0.0.1:9/api', TOKEN]]),
    );
    const after = addon.ui.lastPage();
    expect(pageText(after.html)).toContain('Saved.');
    expect(formFields(after.html)).toEqual({
      apiUrl: 'http://127.0.0.1:9/api',
      planId: 'tp_1',
      token: '',
    });
    expect(after.html).toContain('a token is saved for this URL');
    for (const shown of addon.ui.shown) expect(JSON.stringify(shown)).not.toContain(TOKEN);
    expect(addon.logs.lines.join('\n')).not.toContain(TOKEN);
    expect(addon.spreadsheet.sheets.every((s) => s.cells.size === 0)).toBe(true);
  });

  it('an empty token field keeps the saved token; Forget my token removes it', () => {
    const addon = loadAddon();
    addon.call('platenSaveSettings', { apiUrl: 'https://r.example', planId: 'tp_1', token: TOKEN });
    addon.call('platenSaveSettings', { apiUrl: 'https://r.example', planId: 'tp_2', token: '' });
    expect(addon.properties.user.getProperty('platen.token:https://r.example')).toBe(TOKEN);
    const forget = actionNamed(addon.ui.lastPage().html, 'Forget my token');
    addon.call(forget.fn, ...forget.args);
    expect(addon.properties.user.getKeys()).toEqual([]);
    expect(addon.ui.lastPage().html).toContain('paste your API token');
  });

  it('rejects a bad form, naming each field, and saves nothing', () => {
    const addon = loadAddon();
    addon.call('platenSaveSettings', {
      apiUrl: 'javascript:alert(1)',
      planId: '',
      token: 'two words',
    });
    const text = pageText(addon.ui.lastPage().html);
    expect(text).toContain('API URL: give an http(s) URL');
    expect(text).toContain('Plan id: give the tracking plan id');
    expect(text).toContain('Token: a token holds no spaces');
    expect(addon.properties.document.getKeys()).toEqual([]);
    expect(addon.properties.user.getKeys()).toEqual([]);
  });

  it('a token saved for one API URL is not offered to another URL an editor puts in the document', () => {
    const document = new FakePropertiesService().document;
    const alice = loadAddon({ properties: new FakePropertiesService(undefined, document) });
    alice.call('platenSaveSettings', {
      apiUrl: 'https://registry.example',
      planId: 'tp_1',
      token: TOKEN,
    });
    // Mallory, another editor, points the document at a server of hers.
    const mallory = loadAddon({ properties: new FakePropertiesService(undefined, document) });
    mallory.call('platenSaveSettings', {
      apiUrl: 'https://evil.example',
      planId: 'tp_1',
      token: 'mallory-token',
    });
    // Alice opens the settings: no token for the document's URL now.
    const page = openSettings(alice);
    expect(formFields(page.html).apiUrl).toBe('https://evil.example');
    expect(page.html).toContain('paste your API token');
    expect(page.html).not.toContain(TOKEN);
  });

  it('Send and Import without a plan id or token open Settings saying what is missing, and call nothing', () => {
    const addon = loadAddon();
    addon.call('platenSendToRegistry');
    expect(pageText(addon.ui.lastPage().html)).toContain(
      'To send the plan, Platen needs the plan id and a token for https://api.segmentapis.com.',
    );
    addon.call('platenSaveSettings', { apiUrl: 'https://r.example', planId: 'tp_1', token: '' });
    addon.call('platenImportFromRegistry');
    expect(pageText(addon.ui.lastPage().html)).toContain(
      'To import the plan, Platen needs a token for https://r.example.',
    );
    expect(addon.urlFetch.sent).toEqual([]);
  });
});
