/**
 * The token lives only in the user's properties and in the Authorization header of requests: never in
 * a cell or note, a page or alert, the document's properties, or the logs, whatever flow ran.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadAddon } from './support/addon.js';
import { click, configure, exampleRules, seedPlan } from './support/flows.js';
import { startChildRegistry, type ChildRegistry } from './support/registry.js';

let registry: ChildRegistry;
beforeAll(async () => {
  registry = await startChildRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

it('no cell, note, page, log line or document property ever holds the token', async () => {
  const planId = await seedPlan(registry, exampleRules());
  const token = registry.writeToken;
  const addon = loadAddon();
  configure(addon, registry.url, planId, token);
  addon.call('onOpen');
  addon.call('platenImportFromRegistry');
  addon.call('platenCheckPlan');
  const track = addon.spreadsheet.getSheetByName('Track')!;
  track.getRange(2, 2, 1, 1).setValues([['edited']]);
  addon.call('platenSendToRegistry');
  click(addon, 'Send');
  addon.ui.answers.push('YES');
  addon.call('platenImportFromRegistry');
  addon.call('platenShowSettings');
  // A failing call too: an unknown plan (its error message comes from the server).
  configure(addon, registry.url, 'tp_unknown', token);
  addon.call('platenSendToRegistry');

  const everything: string[] = [];
  for (const sheet of addon.spreadsheet.sheets)
    for (const cell of sheet.cells.values())
      everything.push(String(cell.value), cell.note ?? '', cell.formula ?? '');
  for (const shown of addon.ui.shown) everything.push(JSON.stringify(shown));
  everything.push(...addon.logs.lines);
  for (const [k, v] of addon.properties.document.data) everything.push(k, v);
  for (const text of everything) expect(text).not.toContain(token);
  expect(everything.length).toBeGreaterThan(100);

  // Where it is: the user's own properties, and the bearer header of each request.
  expect(
    [...addon.properties.user.data.entries()].filter(([, v]) => v === token).map(([k]) => k),
  ).toEqual([`platen.token:${registry.url}`]);
  expect(addon.urlFetch.sent.length).toBeGreaterThan(5);
  for (const request of addon.urlFetch.sent) {
    expect(request.headers.Authorization).toBe(`Bearer ${token}`);
    expect(request.url).not.toContain(token);
    expect(request.body ?? '').not.toContain(token);
  }
});
