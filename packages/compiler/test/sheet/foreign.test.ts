/**
 * The formats people already have: Segment Protocols CSV, Amplitude Data CSV and Avo's CSV template
 * (fixtures/sheets, written from the published column lists) are detected from their header row and
 * imported; `--format` forces one; each is exported with a warning listing what it cannot express,
 * and what it can express comes back the same.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/check.js';
import { hasErrors } from '../../src/diagnostics/types.js';
import type { Json, Plan } from '../../src/plan/types.js';
import { readSheetFile, sheetFileBytes } from '../../src/sheet-io/index.js';
import {
  detectSheetFormat,
  planToSheet,
  sheetToPlan,
  type SheetFormat,
  type Workbook,
} from '../../src/sheet/index.js';
import { FOREIGN_HEADERS } from '../../src/sheet/columns.js';
import { runCapture } from '../support/capture.js';
import { REPO, tempDir } from '../support/helpers.js';
import { fileOf } from './files.js';
import { comparable } from './support.js';

const SHEETS = join(REPO, 'fixtures/sheets');
const FILES: [Exclude<SheetFormat, 'platen'>, string][] = [
  ['segment', 'segment-protocols.csv'],
  ['amplitude', 'amplitude-data.csv'],
  ['avo', 'avo-template.csv'],
];

async function imported(file: string) {
  const result = await checkPlan(join(SHEETS, file));
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.loaded!.plan;
}

type Obj = { [k: string]: Json };
const payloadOf = (
  plan: Plan,
  key: string | null,
  version = 1,
  at: 'properties' | 'traits' = 'properties',
) =>
  (
    (plan.rules.find((r) => r.key === key && r.version === version)!.jsonSchema as Obj)
      .properties as Obj
  )[at] as Obj;

describe('foreign sheet formats', () => {
  it.each(FILES)('%s is detected from its header row', async (format, file) => {
    const read = await readSheetFile(join(SHEETS, file), file);
    expect(detectSheetFormat(read.workbook!)).toBe(format);
    expect(read.workbook!.tabs[0]!.rows[0]).toEqual(FOREIGN_HEADERS[format]);
  });

  it('Segment Protocols CSV: ",null" optional, .$ array items, Date time, enums, labels, versions, every call type', async () => {
    const plan = await imported('segment-protocols.csv');
    expect(plan.rules.map((r) => [r.type, r.key, r.version])).toEqual([
      ['TRACK', 'Order Completed', 1],
      ['TRACK', 'Order Completed', 2],
      ['IDENTIFY', null, 1],
      ['PAGE', 'Pricing', 1],
    ]);
    const order = payloadOf(plan, 'Order Completed');
    expect(order.required).toEqual(['order_id', 'total', 'currency', 'placed_at', 'items']);
    const p = order.properties as Obj;
    expect(p.coupon).toEqual({ type: ['string', 'null'] });
    expect(p.currency).toEqual({ type: 'string', enum: ['USD', 'EUR', 'GBP'] });
    expect(p.placed_at).toEqual({
      type: 'string',
      format: 'date-time',
      description: 'When the order was placed.',
    });
    expect(p.items).toEqual({
      type: 'array',
      description: 'The products bought.',
      items: {
        type: 'object',
        properties: { sku: { type: 'string' }, quantity: { type: ['integer', 'null'] } },
        required: ['sku'],
      },
    });
    expect((p.shipping as Obj).properties).toEqual({
      method: { type: 'string', enum: ['ground', 'express'] },
    });
    const root = plan.rules[0]!.jsonSchema as Obj;
    expect(root.labels).toEqual({ team: 'growth', area: 'checkout' });
    expect(root.description).toBe('Fired when checkout succeeds.');
    expect(payloadOf(plan, null, 1, 'traits').required).toEqual(['email']);
  });

  it('Amplitude Data CSV: flat names, arrays, const, regex, min/max and lengths; REMOVE rows skipped', async () => {
    const plan = await imported('amplitude-data.csv');
    expect(plan.rules.map((r) => r.key)).toEqual(['Song Played', 'Song Skipped']);
    const p = payloadOf(plan, 'Song Played').properties as Obj;
    expect(p.song_id).toEqual({
      type: 'string',
      description: "The song's id.",
      pattern: '^[a-z0-9]{8}$',
      minLength: 8,
      maxLength: 8,
    });
    expect(p.duration_ms).toEqual({ type: 'integer', minimum: 0, maximum: 3600000 });
    expect(p.genres).toEqual({ type: 'array', items: { type: 'string' } });
    expect(p['app.version']).toMatchObject({ type: 'string' });
    expect(p.schema_version).toEqual({ type: 'integer', const: 2 });
    expect(payloadOf(plan, 'Song Played').required).toEqual([
      'song_id',
      'duration_ms',
      'schema_version',
    ]);
  });

  it("Avo's CSV template: int/float/bool, required and array flags, enumeration options, regex", async () => {
    const plan = await imported('avo-template.csv');
    const p = payloadOf(plan, 'Signup Started').properties as Obj;
    expect(p.signup_method).toEqual({
      type: 'string',
      description: 'How they sign up.',
      enum: ['email', 'google', 'apple'],
    });
    expect(p.referral_code).toEqual({ type: 'string', pattern: '^[A-Z]{6}$' });
    expect(p.step).toEqual({ type: 'integer' });
    expect(p.experiments).toEqual({ type: 'array', items: { type: 'string' } });
    expect((payloadOf(plan, 'Signup Completed').properties as Obj).plan_price).toEqual({
      type: 'number',
    });
  });

  it.each(FILES)(
    '%s: export and import again gives the same plan (no loss warning)',
    async (format, file) => {
      const plan = await imported(file);
      const { workbook, diagnostics } = planToSheet(plan, { format });
      expect(diagnostics.filter((d) => d.code === 'sheet-lossy-format')).toEqual([]);
      const path = fileOf(`again.csv`, await sheetFileBytes(workbook, 'csv'));
      const read = await readSheetFile(path, 'again.csv');
      const back = sheetToPlan(read.workbook as Workbook, { file: 'again.csv' });
      expect(hasErrors(back.diagnostics)).toBe(false);
      expect(back.format).toBe(format);
      expect(comparable(back.plan!, true)).toBe(comparable(plan, true));
    },
  );

  it.each(FILES)(
    '%s export of a richer plan warns, listing what the format cannot express',
    async (format) => {
      const result = await checkPlan(join(REPO, 'fixtures/cases/unions/plan.json'));
      const { diagnostics } = planToSheet(result.loaded!.plan, { format });
      const lossy = diagnostics.filter((d) => d.code === 'sheet-lossy-format');
      expect(lossy).toHaveLength(1);
      expect(lossy[0]!.severity).toBe('warning');
      expect(lossy[0]!.message).toMatch(
        new RegExp(
          `^The ${format} format cannot express \\d+ parts? of this plan, left out: .*(oneOf|anyOf)`,
        ),
      );
    },
  );

  it('--format forces a layout; a header that does not fit it is reported, and the CLI exports each format', async () => {
    const dir = tempDir('sheet-foreign');
    let r = await runCapture(
      [
        'sheet',
        'import',
        '--sheet',
        join(SHEETS, 'avo-template.csv'),
        '--out',
        'a.json',
        '--format',
        'segment',
      ],
      dir,
    );
    expect(r.code).toBe(1);
    r = await runCapture(
      [
        'sheet',
        'import',
        '--sheet',
        join(SHEETS, 'avo-template.csv'),
        '--out',
        'a.json',
        '--format',
        'avo',
      ],
      dir,
    );
    expect(r.code, r.stdout).toBe(0);
    r = await runCapture(
      [
        'sheet',
        'export',
        '--plan',
        join(REPO, 'fixtures/formats/rich/public-api.json'),
        '--out',
        'rich.csv',
        '--format',
        'amplitude',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /rich\.csv: warning\[sheet-lossy-format\]: The amplitude format cannot express/,
    );
  });
});
