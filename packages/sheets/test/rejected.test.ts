/**
 * A plan the registry refuses (422) though the sheet reads cleanly: nothing is written, and each
 * problem the registry names by JSON pointer is placed on its cell in the sidebar, with a link.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadAddon } from './support/addon.js';
import { click, configure, lastText, remoteRules, seedPlan } from './support/flows.js';
import { actions } from './support/html.js';
import { startChildRegistry, type ChildRegistry } from './support/registry.js';

let registry: ChildRegistry;
beforeAll(async () => {
  registry = await startChildRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

it('a 422 names the cell of each rejected rule, and nothing is written', async () => {
  const planId = await seedPlan(registry, []);
  const addon = loadAddon();
  configure(addon, registry.url, planId, registry.writeToken);
  // An event name holding a lone surrogate (text pasted from a broken source): the sheet reads it,
  // the registry refuses to store a key that is not valid Unicode.
  addon.spreadsheet
    .tab('Track')
    .getRange(1, 1, 4, 3)
    .setValues([
      ['Event', 'Property', 'Type'],
      ['Order Completed', 'revenue', 'number'],
      ['Broken \ud800 name', 'x', 'string'],
      ['', 'y', 'string'],
    ]);
  addon.call('platenSendToRegistry');
  click(addon, 'Send');
  const page = addon.ui.lastPage();
  expect(page.kind).toBe('sidebar');
  expect(lastText(addon)).toContain('refused the plan (422); nothing was written');
  expect(lastText(addon)).toContain('lone surrogate');
  const link = actions(page.html).find((a) => a.fn === 'platenGoToCell');
  expect(link).toMatchObject({ label: 'Track!A3', args: ['Track', 3, 1] });
  expect(await remoteRules(registry, planId)).toEqual([]);
});
