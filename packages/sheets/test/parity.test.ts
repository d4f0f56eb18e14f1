/**
 * The add-on and the CLI read a sheet the same way: "Send to registry" of a live sheet stores the same
 * plan as `platen sheet import` of that sheet's XLSX export (what File › Download › .xlsx gives: the
 * cells' values, tab by tab). Both run `@platen/compiler/sheet`; this proves nothing on either side
 * (cell reading, the bundle, the XLSX adapter) makes them differ.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue, Workbook } from '@platen/compiler/sheet';
import { writeXlsx } from '../../compiler/src/sheet-io/xlsx.js';
import { loadAddon, type Addon } from './support/addon.js';
import {
  click,
  configure,
  exampleRules,
  lastText,
  remoteRules,
  seedPlan,
} from './support/flows.js';
import type { FakeSpreadsheet } from './support/gas/spreadsheet.js';
import {
  platen,
  REPO,
  startChildRegistry,
  tempDir,
  type ChildRegistry,
} from './support/registry.js';

let registry: ChildRegistry;
let dir: string;
beforeAll(async () => {
  registry = await startChildRegistry();
  dir = tempDir('sheets-parity');
});
afterAll(async () => {
  await registry?.stop();
});

/** The live spreadsheet as its XLSX download holds it: every tab's used range, cell values as typed. */
function xlsxExport(spreadsheet: FakeSpreadsheet): Workbook {
  return {
    tabs: spreadsheet.getSheets().map((sheet) => ({
      name: sheet.getName(),
      rows: sheet
        .dump()
        .map((row) =>
          row.map((v): CellValue =>
            v === ''
              ? null
              : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
                ? v
                : String(v),
          ),
        ),
      frozenRows: sheet.getFrozenRows(),
    })),
  };
}

/** `platen sheet import` of the sheet's XLSX export: the rules of the plan file it writes. */
async function cliImport(addon: Addon, name: string): Promise<unknown[]> {
  mkdirSync(dir, { recursive: true });
  const xlsx = join(dir, `${name}.xlsx`);
  const out = join(dir, `${name}.json`);
  writeFileSync(xlsx, await writeXlsx(xlsxExport(addon.spreadsheet)));
  platen(['sheet', 'import', '--sheet', xlsx, '--out', out], REPO);
  const plan = JSON.parse(readFileSync(out, 'utf8')) as {
    rules: { type: string; key?: string | null; version: number; jsonSchema: unknown }[];
  };
  return plan.rules
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
}

/** JSON with sorted keys, for comparing plans whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : v,
  );
}

/** Sends the live sheet to a fresh plan; returns the rules the registry then holds. */
async function sendToFreshPlan(addon: Addon): Promise<unknown[]> {
  const planId = await seedPlan(registry, [], 'Parity');
  configure(addon, registry.url, planId, registry.writeToken);
  addon.call('platenSendToRegistry');
  click(addon, 'Send');
  expect(lastText(addon)).toContain('Sent');
  return remoteRules(registry, planId);
}

describe('Send to registry ≡ platen sheet import of the XLSX export', () => {
  it('for a plan imported into the sheet and then edited by hand', async () => {
    const planId = await seedPlan(registry, exampleRules());
    const addon = loadAddon();
    configure(addon, registry.url, planId, registry.writeToken);
    addon.call('platenImportFromRegistry');
    // Edits a person makes: a new event with nested, enum and array properties, typed in as text.
    const track = addon.spreadsheet.getSheetByName('Track')!;
    const header = track.dump()[0] as string[];
    const at = (name: string) => header.indexOf(name);
    const row = (cells: Record<string, string>) => header.map((h) => cells[h] ?? '');
    const start = track.getLastRow() + 1;
    const added = [
      row({
        Event: 'Cart Shared',
        Description: 'Shared a cart',
        Version: '1',
        Property: 'share_via',
        Type: 'string',
        Required: 'yes',
        'Allowed values': 'email\nlink',
      }),
      row({ Property: 'address.city', Type: 'string' }),
      row({ Property: 'items', Type: 'array' }),
      row({ Property: 'items.$.sku', Type: 'string', Required: 'yes' }),
      row({ Property: 'items.$.quantity', Type: 'integer', Min: '1' }),
    ];
    expect(at('Event')).toBe(0);
    track.getRange(start, 1, added.length, header.length).setValues(added);

    const cli = await cliImport(addon, 'edited');
    const sent = await sendToFreshPlan(addon);
    expect(sent.length).toBe(exampleRules().length + 1);
    expect(canonical(sent)).toBe(canonical(cli));
  });

  it('for a sheet typed from scratch, with values Sheets turns into numbers and booleans', async () => {
    const addon = loadAddon();
    const track = addon.spreadsheet.tab('Track');
    // Typed into cells without plain-text format: "2" and "0" become numbers, "TRUE" a boolean.
    track.getRange(1, 1, 5, 8).setValues([
      ['Event', 'Description', 'Version', 'Property', 'Type', 'Required', 'Min', 'Allowed values'],
      ['Signed Up', 'A new account', '2', 'plan', 'string', 'TRUE', '', 'free\npro'],
      ['', '', '', 'seats', 'integer', 'FALSE', '0', ''],
      ['Logged Out', '', '1', '', '', '', '', ''],
      ['Order Completed', '', '1', 'total', 'number | null', 'yes', '', ''],
    ]);
    expect(track.getRange(2, 3, 1, 1).getValues()[0]![0]).toBe(2);
    expect(track.getRange(2, 6, 1, 1).getValues()[0]![0]).toBe(true);

    const cli = await cliImport(addon, 'scratch');
    const sent = await sendToFreshPlan(addon);
    expect(sent.length).toBe(3);
    expect(canonical(sent)).toBe(canonical(cli));
  });
});
