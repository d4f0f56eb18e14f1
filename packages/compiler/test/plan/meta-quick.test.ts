/**
 * The quick meta-schema check (plan/meta-quick.ts) may only ever be stricter than the Ajv check of
 * the lenient meta-schema: whenever it says "valid", Ajv must agree. Tested on hand-picked shapes and
 * on thousands of seeded mutations of the fixtures' schemas.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quickMetaCheck } from '../../src/plan/meta-quick.js';
import { checkMetaSchema, LENIENT_META_SCHEMA, metaValidator } from '../../src/plan/meta-schema.js';

// The very validator `checkMetaSchema` uses (first-error mode), not a copy of its configuration.
const ajvValid = metaValidator(false);

describe('quickMetaCheck', () => {
  const cases: [string, { given: unknown; want: boolean }][] = [
    ['a boolean schema', { given: true, want: true }],
    [
      'an ordinary payload',
      {
        given: {
          type: 'object',
          properties: { a: { type: 'string', pattern: '^a$' } },
          required: ['a'],
        },
        want: true,
      },
    ],
    [
      'draft-04 flags and labels',
      { given: { id: 'x', exclusiveMinimum: true, labels: { a: 'b' } }, want: true },
    ],
    ['an array is no schema', { given: [], want: false }],
    ['type: 5', { given: { type: 5 }, want: false }],
    ['an empty type list', { given: { type: [] }, want: false }],
    ['a repeated type', { given: { type: ['string', 'string'] }, want: false }],
    ['required: "x"', { given: { required: 'x' }, want: false }],
    ['repeated required', { given: { required: ['a', 'a'] }, want: false }],
    ['properties: []', { given: { properties: [] }, want: false }],
    ['minimum: "1"', { given: { minimum: '1' }, want: false }],
    ['maxLength: -1', { given: { maxLength: -1 }, want: false }],
    ['maxLength: 1.5', { given: { maxLength: 1.5 }, want: false }],
    ['multipleOf: 0', { given: { multipleOf: 0 }, want: false }],
    ['an invalid pattern', { given: { pattern: '(' }, want: false }],
    ['a pattern invalid only with the u flag', { given: { pattern: '\\-' }, want: false }],
    [
      'an invalid patternProperties key',
      { given: { patternProperties: { '(': {} } }, want: false },
    ],
    [
      'a nested bad schema',
      { given: { properties: { a: { items: [{ type: 1 }] } } }, want: false },
    ],
    ['an empty anyOf', { given: { anyOf: [] }, want: false }],
    ['repeated enum members', { given: { enum: [1, 1] }, want: false }],
    ['object enum members (left to Ajv)', { given: { enum: [{ a: 1 }] }, want: false }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(quickMetaCheck(given)).toBe(want);
    if (want) expect(ajvValid(given)).toBe(true);
  });

  it('gives up (never throws) on a schema nested thousands of levels deep', () => {
    let deep: unknown = {};
    for (let i = 0; i < 20_000; i++) deep = { not: deep };
    expect(quickMetaCheck(deep)).toBe(false);
  });

  it('never accepts what Ajv rejects: seeded mutations of every fixture schema', () => {
    const schemas = fixtureSchemas(join(__dirname, '../../../../fixtures'));
    expect(schemas.length).toBeGreaterThan(20);
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const values: unknown[] = [
      5,
      -1,
      0,
      1.5,
      'x',
      '(',
      '',
      true,
      null,
      [],
      ['a', 'a'],
      ['a'],
      {},
      { type: 7 },
      [{}],
      [1, 1],
    ];
    let accepted = 0;
    let rejectedByAjv = 0;
    for (let round = 0; round < 4000; round++) {
      const base = schemas[round % schemas.length]!;
      const copy = structuredClone(base);
      const spots = objectsIn(copy);
      const target = spots[Math.floor(random() * spots.length)]!;
      const keys = [...Object.keys(target), ...Object.keys(LENIENT_META_SCHEMA.properties)];
      target[keys[Math.floor(random() * keys.length)]!] =
        values[Math.floor(random() * values.length)];
      const quick = quickMetaCheck(copy);
      const full = ajvValid(copy);
      if (quick) {
        accepted++;
        expect(full, JSON.stringify(copy)).toBe(true);
        expect(checkMetaSchema(copy)).toEqual([]);
      }
      if (!full) rejectedByAjv++;
    }
    // Both outcomes must occur, or the mutations tested nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(rejectedByAjv).toBeGreaterThan(100);
  });
});

/** Every rule's jsonSchema (object) in the JSON plans under `dir`. */
function fixtureSchemas(dir: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'node_modules' && name !== 'generated') walk(path);
      } else if (name.endsWith('.json')) {
        try {
          const value = JSON.parse(readFileSync(path, 'utf8')) as { rules?: unknown };
          for (const rule of Array.isArray(value.rules) ? value.rules : []) {
            const schema = (rule as { jsonSchema?: unknown }).jsonSchema;
            if (typeof schema === 'object' && schema !== null && !Array.isArray(schema))
              out.push(schema as Record<string, unknown>);
          }
        } catch {
          // Deliberately broken fixtures: not plans to draw schemas from.
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** Every plain object inside `value` (itself included). */
function objectsIn(value: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) {
      out.push(v as Record<string, unknown>);
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return out;
}
