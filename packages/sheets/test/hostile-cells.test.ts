/**
 * Names and values that a spreadsheet would take for something else — `=formulas`, `007`, `TRUE`,
 * `1e5`, ISO dates, a leading `'` — survive Import plan → the live sheet → Send to registry unchanged:
 * the add-on writes plain-text cells, so Sheets parses none of them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadAddon } from './support/addon.js';
import { click, configure, lastText, remoteRules, seedPlan } from './support/flows.js';
import { startChildRegistry, type ChildRegistry } from './support/registry.js';

let registry: ChildRegistry;
beforeAll(async () => {
  registry = await startChildRegistry();
});
afterAll(async () => {
  await registry?.stop();
});

function track(
  key: string,
  properties: Record<string, unknown>,
  required: string[] = [],
  description?: string,
) {
  return {
    type: 'TRACK',
    key,
    version: 1,
    jsonSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      ...(description === undefined ? {} : { description }),
      properties: {
        properties: { type: 'object', properties, ...(required.length ? { required } : {}) },
      },
      ...(required.length ? { required: ['properties'] } : {}),
    },
  };
}

const HOSTILE = [
  track(
    '=HYPERLINK("http://x","click")',
    {
      '007': {
        type: 'string',
        enum: ['007', '=1+1', 'TRUE', '1e5', "'quoted", '2024-01-31', '  spaced  '],
      },
      TRUE: { type: 'boolean' },
      '=SUM(A1:A2)': { type: 'number', minimum: 0.1, maximum: 1e21 },
    },
    ['007'],
  ),
  track("'leading quote", { '-1': { type: 'integer', enum: [7, 8] } }),
  track('123', { '+44': { type: 'string', description: 'a line\nand another' } }),
  track(
    'Signed Up "Beta" </script>&amp;',
    { 'a.b': { type: 'string' } },
    [],
    '<b>not bold</b>\n=not a formula',
  ),
  {
    type: 'PAGE',
    key: '2024-01-31',
    version: 1,
    jsonSchema: {
      type: 'object',
      properties: { properties: { type: 'object', properties: { FALSE: { type: 'string' } } } },
    },
  },
];

/** Sorted by identity, without timestamps, keys sorted: for exact comparison. */
function canonical(rules: unknown[]): string {
  const sorted = (
    rules as { type: string; key?: string | null; version: number; jsonSchema: unknown }[]
  )
    .map((r) => ({
      type: r.type,
      key: r.key ?? null,
      version: r.version,
      jsonSchema: r.jsonSchema,
    }))
    .sort((a, b) =>
      JSON.stringify([a.type, a.key, a.version]) < JSON.stringify([b.type, b.key, b.version])
        ? -1
        : 1,
    );
  return JSON.stringify(sorted, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

it('import then send keeps every hostile name and value byte for byte', async () => {
  const planId = await seedPlan(registry, HOSTILE);
  const before = await remoteRules(registry, planId);
  const addon = loadAddon();
  configure(addon, registry.url, planId, registry.writeToken);
  addon.call('platenImportFromRegistry');
  // Every cell the add-on wrote holds text, as written: no formula, no number, no boolean, no date.
  const sheet = addon.spreadsheet.getSheetByName('Track')!;
  const cells = [...sheet.cells.values()];
  expect(cells.some((c) => c.formula !== undefined)).toBe(false);
  const values = sheet.dump().flat();
  expect(values).toContain('=HYPERLINK("http://x","click")');
  expect(values).toContain('007');
  expect(values).toContain("'leading quote");
  expect(values).toContain('123');

  addon.call('platenSendToRegistry');
  expect(lastText(addon)).toContain('No changes.');
  // Force a write of everything: add one event on the Screen tab, then send.
  const screen = addon.spreadsheet.getSheetByName('Screen')!;
  const header = screen.dump()[0] as string[];
  screen
    .getRange(2, 1, 1, header.length)
    .setValues([header.map((h) => (h === 'Event' ? 'Home' : h === 'Version' ? '1' : ''))]);
  addon.call('platenSendToRegistry');
  click(addon, 'Send');
  const after = await remoteRules(registry, planId);
  expect(after.length).toBe(before.length + 1);
  const kept = (after as { type: string }[]).filter((r) => r.type !== 'SCREEN');
  expect(canonical(kept)).toBe(canonical(before));
});
