/**
 * The pages the add-on shows, run in real Chromium with `google.script.run` and `google.script.host`
 * standing in for Apps Script's client API: a click calls the server function the page names, with the
 * right arguments (a form's fields included), and plan text never runs as markup.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../compiler/test/support/browser.js';
import { loadAddon } from './support/addon.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Apps Script's client API, recording each call: google.script.run.withSuccessHandler(…)[fn](…args). */
const CLIENT_API = `
window.calls = [];
window.hostClosed = 0;
(function () {
  // Like Apps Script's: the call goes out, and its success handler runs later, once the server returns.
  function runner(onSuccess) {
    return new Proxy({}, {
      get: function (_, name) {
        if (name === 'withSuccessHandler') return function (fn) { return runner(fn); };
        if (name === 'withFailureHandler' || name === 'withUserObject')
          return function () { return runner(onSuccess); };
        return function () {
          window.calls.push({ fn: name, args: Array.prototype.slice.call(arguments) });
          if (onSuccess) setTimeout(function () { onSuccess(); }, 0);
        };
      },
    });
  }
  window.google = { script: { run: runner(), host: { close: function () { window.hostClosed++; } } } };
})();`;

async function open(html: string): Promise<Page> {
  const page = await browser.newPage();
  // Apps Script serves the page with its client API already defined: first in <head>, here too.
  await page.setContent(html.replace('<head>', `<head><script>${CLIENT_API}</script>`));
  return page;
}

describe('pages in Chromium', () => {
  it('a finding links to its cell; plan text is shown as text, never run', async () => {
    const addon = loadAddon();
    addon.spreadsheet
      .tab('Track')
      .getRange(1, 1, 2, 3)
      .setValues([
        ['Event', 'Property', 'Type'],
        ['<img src=x onerror="window.pwned=1">', 'p', '<b>strng</b>'],
      ]);
    addon.call('platenCheckPlan');
    const page = await open(addon.ui.lastPage().html);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await page.locator('body').innerText()).toContain('<b>strng</b>');
    await page.getByRole('link', { name: 'Track!C2' }).click();
    expect(await page.evaluate('window.calls')).toEqual([
      { fn: 'platenGoToCell', args: ['Track', 2, 3] },
    ]);
    // What the click asks for, the script does: the cell is selected.
    const [call] = (await page.evaluate('window.calls')) as { fn: string; args: unknown[] }[];
    addon.call(call!.fn, ...call!.args);
    expect(addon.spreadsheet.activeRange?.getA1Notation()).toBe('C2');
    await page.close();
  });

  it('Settings: Save sends the form, Cancel closes the dialog', async () => {
    const addon = loadAddon();
    addon.call('platenShowSettings');
    const page = await open(addon.ui.lastPage().html);
    await page.locator('input[name=apiUrl]').fill('https://registry.example/');
    await page.locator('input[name=planId]').fill('tp_42');
    await page.locator('input[name=token]').fill('tok-0123456789');
    expect(await page.locator('input[name=token]').getAttribute('type')).toBe('password');
    await page.getByRole('button', { name: 'Save' }).click();
    const calls = (await page.evaluate('window.calls')) as { fn: string; args: unknown[] }[];
    expect(calls).toEqual([
      {
        fn: 'platenSaveSettings',
        args: [{ apiUrl: 'https://registry.example/', planId: 'tp_42', token: 'tok-0123456789' }],
      },
    ]);
    addon.call(calls[0]!.fn, ...calls[0]!.args);
    expect(addon.properties.document.getProperty('platen.planId')).toBe('tp_42');
    expect(addon.properties.user.getProperty('platen.token:https://registry.example')).toBe(
      'tok-0123456789',
    );
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.evaluate('window.hostClosed')).toBe(1);
    await page.close();
  });
});
