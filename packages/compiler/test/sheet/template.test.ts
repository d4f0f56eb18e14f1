/**
 * The Platen template as written (tabs, headers, frozen header rows, Type/Nullable/Required
 * drop-downs, header notes, Instructions) and as read: a table of hand-filled rows and the schema
 * each gives (inheritance, dotted paths, `.$`, type shortcuts, Nullable and `| null`, typed allowed
 * values, JSON arrays, Min/Max by type, the JSON Schema column).
 */
import { Workbook as ExcelWorkbook } from '@cj-tech-master/excelts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/plan/types.js';
import {
  PLATEN_COLUMNS,
  PLATEN_TABS,
  sheetToPlan,
  templateWorkbook,
  type CellValue,
} from '../../src/sheet/index.js';
import { runCapture } from '../support/capture.js';
import { tempDir } from '../support/helpers.js';

const HEADER = PLATEN_COLUMNS.filter((c) => !c.optional).map((c) => c.header);

describe('the written template', () => {
  it('has the tabs, headers, frozen rows, drop-downs and notes the issue lists', async () => {
    const dir = tempDir('sheet-template');
    const r = await runCapture(['sheet', 'template', '--out', 'plan.xlsx'], dir);
    expect(r.code).toBe(0);
    const wb = new ExcelWorkbook();
    await wb.xlsx.load(readFileSync(join(dir, 'plan.xlsx')));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Track',
      'Identify',
      'Group',
      'Page',
      'Screen',
      'Common',
      'Instructions',
    ]);
    expect(HEADER).toEqual([
      'Event',
      'Description',
      'Version',
      'Labels',
      'Deprecated',
      'Property',
      'Description',
      'Type',
      'Nullable',
      'Required',
      'Allowed values',
      'Pattern',
      'Min',
      'Max',
      'Examples',
      'JSON Schema',
    ]);
    for (const { name } of PLATEN_TABS) {
      const ws = wb.getWorksheet(name)!;
      expect((ws.getRow(1).values as CellValue[]).slice(1)).toEqual(HEADER);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      for (let c = 1; c <= HEADER.length; c++)
        expect(String(ws.getRow(1).getCell(c).note ?? '')).not.toBe('');
      const type = ws.getCell('H2').dataValidation as
        { type?: string; formulae?: string[] } | undefined;
      expect(type).toMatchObject({ type: 'list' });
      expect(type?.formulae?.[0]).toContain(
        'string,integer,number,boolean,object,array,null,any,date-time,date,email,uri,uuid',
      );
      expect(ws.getCell('J500').dataValidation).toMatchObject({
        type: 'list',
        formulae: ['"yes,no"'],
      });
    }
    const instructions = wb.getWorksheet('Instructions')!;
    expect(instructions.getCell('A1').value).toBe('Plan field');
    expect(r.stdout).toContain('wrote plan.xlsx');
    expect((await runCapture(['check', '--plan', 'plan.xlsx'], dir)).code).toBe(0);
  });
});

type Obj = { [k: string]: Json };
/** Reads Track rows given as named cells; the second Description is written `Property description`. */
function read(rows: Record<string, CellValue>[]) {
  const wb = templateWorkbook();
  wb.tabs[0]!.rows.push(
    ...rows.map((cells) =>
      HEADER.map(
        (h, i) =>
          cells[
            h === 'Description' && i > HEADER.indexOf('Property') ? 'Property description' : h
          ] ?? null,
      ),
    ),
  );
  return sheetToPlan(wb, { file: 'plan.xlsx' });
}
const payload = (rule: { jsonSchema: Json }) =>
  ((rule.jsonSchema as Obj).properties as Obj).properties as Obj;

describe('reading the template', () => {
  const cases: [string, { given: Record<string, CellValue>[]; want: Json }][] = [
    [
      'a string',
      { given: [{ Event: 'E', Property: 'a', Type: 'string' }], want: { a: { type: 'string' } } },
    ],
    [
      'Type is case-insensitive and trimmed',
      {
        given: [{ Event: 'E', Property: 'a', Type: ' Integer ' }],
        want: { a: { type: 'integer' } },
      },
    ],
    [
      'a shortcut is a string of that format',
      {
        given: [{ Event: 'E', Property: 'a', Type: 'email' }],
        want: { a: { type: 'string', format: 'email' } },
      },
    ],
    [
      'Nullable yes',
      {
        given: [{ Event: 'E', Property: 'a', Type: 'uuid', Nullable: 'yes' }],
        want: { a: { type: ['string', 'null'], format: 'uuid' } },
      },
    ],
    [
      '| null',
      {
        given: [{ Event: 'E', Property: 'a', Type: 'number | null' }],
        want: { a: { type: ['number', 'null'] } },
      },
    ],
    ['any', { given: [{ Event: 'E', Property: 'a', Type: 'any' }], want: { a: {} } }],
    [
      'a one-element type array',
      {
        given: [{ Event: 'E', Property: 'a', Type: '["string"]' }],
        want: { a: { type: ['string'] } },
      },
    ],
    [
      'allowed values one per line, typed by Type',
      {
        given: [{ Event: 'E', Property: 'a', Type: 'integer', 'Allowed values': '1\n2\n3' }],
        want: { a: { type: 'integer', enum: [1, 2, 3] } },
      },
    ],
    [
      'allowed values as a JSON array',
      {
        given: [{ Event: 'E', Property: 'a', 'Allowed values': '["a,b", "c\\nd", 1, null]' }],
        want: { a: { enum: ['a,b', 'c\nd', 1, null] } },
      },
    ],
    [
      'Min/Max on a string are lengths',
      {
        given: [{ Event: 'E', Property: 'a', Type: 'string', Min: 1, Max: 5, Pattern: '^x' }],
        want: { a: { type: 'string', minLength: 1, maxLength: 5, pattern: '^x' } },
      },
    ],
    [
      'Min/Max on an array are item counts',
      {
        given: [{ Event: 'E', Property: 'a', Type: 'array', Min: 1 }],
        want: { a: { type: 'array', minItems: 1 } },
      },
    ],
    [
      'examples',
      {
        given: [{ Event: 'E', Property: 'a', Type: 'number', Examples: '1.5\n2' }],
        want: { a: { type: 'number', examples: [1.5, 2] } },
      },
    ],
    [
      'dotted paths and .$ array items',
      {
        given: [
          { Event: 'E', Property: 'address', Type: 'object', Required: 'yes' },
          { Property: 'address.city', Type: 'string', Required: 'yes' },
          { Property: 'items', Type: 'array' },
          { Property: 'items.$', Type: 'object' },
          { Property: 'items.$.sku', Type: 'string', Required: 'yes' },
        ],
        want: {
          address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          items: {
            type: 'array',
            items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
          },
        },
      },
    ],
    [
      'a parent without a row of its own is an object',
      {
        given: [{ Event: 'E', Property: 'a.b', Type: 'boolean' }],
        want: { a: { type: 'object', properties: { b: { type: 'boolean' } } } },
      },
    ],
    [
      'a name holding a dot, as a JSON array of names',
      {
        given: [{ Event: 'E', Property: '["a.b"]', Type: 'string' }],
        want: { 'a.b': { type: 'string' } },
      },
    ],
    [
      'the JSON Schema column adds keywords the columns cannot say',
      {
        given: [
          {
            Event: 'E',
            Property: 'a',
            Type: 'string',
            'JSON Schema': '{"oneOf":[{"format":"email"},{"format":"uri"}]}',
          },
        ],
        want: { a: { type: 'string', oneOf: [{ format: 'email' }, { format: 'uri' }] } },
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    const r = read(given);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(payload(r.plan!.rules[0]!).properties).toEqual(want);
  });

  it('event cells sit on the first row and blank cells below inherit them; Version starts a rule', () => {
    const r = read([
      {
        Event: 'Order Completed',
        Description: 'Done.',
        Version: 1,
        Labels: 'team: growth',
        Property: 'a',
        Type: 'string',
        Required: 'yes',
      },
      { Property: 'b', Type: 'string' },
      { Version: 2, Property: 'a', Type: 'integer' },
      { Event: 'Order Completed', Version: 2, Property: 'c', Type: 'string' },
      { Event: 'Signed Up' },
      { Property: 'x', Type: 'boolean' },
      { Property: '', 'JSON Schema': '{"additionalProperties": false}' },
    ]);
    expect(r.diagnostics).toEqual([]);
    const rules = r.plan!.rules;
    expect(rules.map((x) => [x.key, x.version])).toEqual([
      ['Order Completed', 1],
      ['Order Completed', 2],
      ['Signed Up', 1],
    ]);
    expect(rules[0]!.jsonSchema).toMatchObject({
      description: 'Done.',
      labels: { team: 'growth' },
      required: ['properties'],
    });
    expect(payload(rules[0]!)).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      required: ['a'],
    });
    expect(Object.keys(payload(rules[1]!).properties as Obj)).toEqual(['a', 'c']);
    expect(payload(rules[2]!)).toEqual({
      type: 'object',
      properties: { x: { type: 'boolean' } },
      additionalProperties: false,
    });
  });

  it('conflicting event cells and cells without a Property are errors on their cells', () => {
    const r = read([
      { Event: 'E', Description: 'One.', Property: 'a' },
      { Event: 'E', Description: 'Two.', Property: 'b' },
      { Type: 'string' },
    ]);
    expect(r.diagnostics.map((d) => `${d.cell} ${d.code}`)).toEqual([
      'Track!B3 sheet-conflict',
      'Track!H4 sheet-orphan-cells',
    ]);
  });
});
