/**
 * The menu's remote flows against a real `platen registry` on loopback: Import fills the tabs, Check
 * reads them back clean, Send previews the changes (breaking ones marked) and writes only on confirm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAddon } from './support/addon.js';
import {
  click,
  configure,
  exampleRules,
  lastText,
  remoteRules,
  seedPlan,
} from './support/flows.js';
import { actions } from './support/html.js';
import { startChildRegistry, type ChildRegistry } from './support/registry.js';

let registry: ChildRegistry;
beforeAll(async () => {
  registry = await startChildRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

describe('Import, Check, Send against a real registry', () => {
  it('imports a plan into the tabs, checks clean, and a send right after changes nothing', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const before = await remoteRules(registry, planId);
    const addon = loadAddon();
    configure(addon, registry.url, planId, registry.writeToken);
    addon.call('platenImportFromRegistry');
    expect(lastText(addon)).toContain(`Imported the ${before.length} rules of "Web"`);
    const track = addon.spreadsheet.getSheetByName('Track')!;
    expect(track.getFrozenRows()).toBe(1);
    const header = track.dump()[0] as string[];
    expect(header.slice(0, 3)).toEqual(['Event', 'Description', 'Version']);
    // The hostile key arrives as text, byte for byte.
    expect(track.dump().some((row) => row[0] === 'Signed Up "Beta"')).toBe(true);
    // Drop-downs under the Type header, and the header's note.
    const typeColumn = header.indexOf('Type') + 1;
    expect(
      track.getRange(2, typeColumn, 1, 1).getDataValidation()?.getCriteriaValues()[0],
    ).toContain('string');
    expect(track.getRange(1, typeColumn, 1, 1).getNotes()[0]![0]).not.toBe('');

    addon.call('platenCheckPlan');
    const check = addon.ui.lastPage();
    expect(check.kind).toBe('sidebar');
    expect(lastText(addon)).toContain('0 errors');

    addon.call('platenSendToRegistry');
    expect(lastText(addon)).toContain('No changes.');
    expect(actions(addon.ui.lastPage().html).map((a) => a.label)).not.toContain('Send');
    expect(await remoteRules(registry, planId)).toEqual(before);
  });

  it('Send previews the change, marks it breaking, and writes only when confirmed', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const addon = loadAddon();
    configure(addon, registry.url, planId, registry.writeToken);
    addon.call('platenImportFromRegistry');
    const track = addon.spreadsheet.getSheetByName('Track')!;
    const rows = track.dump();
    const header = rows[0] as string[];
    const prop = header.indexOf('Property');
    const type = header.indexOf('Type');
    const r = rows.findIndex((row) => row[prop] === 'revenue');
    expect(r).toBeGreaterThan(0);
    // A person changes revenue's type from number to string.
    track.getRange(r + 1, type + 1, 1, 1).setValues([['string']]);
    const untouched = await remoteRules(registry, planId);

    addon.call('platenSendToRegistry');
    const preview = lastText(addon);
    expect(preview).toContain('What sending changes');
    expect(preview).toMatch(/changed TRACK "Order Completed"/);
    expect(preview).toContain('BREAKING');
    expect(preview).toContain('/revenue');
    // Nothing is written by the preview.
    expect(await remoteRules(registry, planId)).toEqual(untouched);

    click(addon, 'Send');
    expect(lastText(addon)).toMatch(/Sent \d+ rules to tracking plan/);
    const after = (await remoteRules(registry, planId)) as {
      key: string | null;
      jsonSchema: any;
    }[];
    const changed = after
      .filter((x) => x.key === 'Order Completed')
      .map((x) => x.jsonSchema.properties.properties.properties.revenue?.type);
    expect(changed).toContain('string');
    // And the sheet is in sync again: a new preview has nothing to send.
    addon.call('platenSendToRegistry');
    expect(lastText(addon)).toContain('No changes.');
  });

  it('Check plan lists a bad cell with a link that selects it', () => {
    const addon = loadAddon();
    const track = addon.spreadsheet.tab('Track');
    track.getRange(1, 1, 3, 3).setValues([
      ['Event', 'Property', 'Type'],
      ['Order Completed', 'revenue', 'strng'],
      ['', 'currency', 'string'],
    ]);
    addon.call('platenCheckPlan');
    const page = addon.ui.lastPage();
    expect(page.kind).toBe('sidebar');
    expect(lastText(addon)).toContain('unknown type "strng"');
    const link = actions(page.html).find((a) => a.fn === 'platenGoToCell');
    expect(link).toMatchObject({ label: 'Track!C2', args: ['Track', 2, 3] });
    addon.call(link!.fn, ...link!.args);
    expect(addon.spreadsheet.activeRange?.getA1Notation()).toBe('C2');
    expect(addon.spreadsheet.activeSheet?.getName()).toBe('Track');
  });

  it('refuses to send a sheet with errors, and says why, without calling the API', async () => {
    const addon = loadAddon();
    configure(addon, registry.url, 'tp_whatever', registry.writeToken);
    addon.spreadsheet
      .tab('Track')
      .getRange(1, 1, 2, 3)
      .setValues([
        ['Event', 'Property', 'Type'],
        ['A', 'b', 'strng'],
      ]);
    addon.call('platenSendToRegistry');
    expect(lastText(addon)).toContain('nothing was sent');
    expect(addon.urlFetch.sent).toEqual([]);
  });

  it('reports a wrong token and an unknown plan in words, never with the token', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const addon = loadAddon();
    configure(addon, registry.url, planId, 'not-the-token-0123456789');
    addon.call('platenImportFromRegistry');
    expect(lastText(addon)).toContain('refused the token (401');
    configure(addon, registry.url, 'tp_missing', registry.writeToken);
    addon.call('platenImportFromRegistry');
    expect(lastText(addon)).toContain('has no such tracking plan (404');
    for (const shown of addon.ui.shown) {
      expect(JSON.stringify(shown)).not.toContain(registry.writeToken);
      expect(JSON.stringify(shown)).not.toContain('not-the-token-0123456789');
    }
  });
});
