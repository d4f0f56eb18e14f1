/**
 * Differential test against json-schema-to-typescript (the oracle): for each hand-made payload
 * schema, Platen's properties type and the oracle's type must be mutually assignable, as checked by
 * tsc. Where the oracle is wrong, the case says so and checks only the direction that holds.
 */
import { compile } from 'json-schema-to-typescript';
import { describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../../src/compile-types.js';
import { emitClient } from '../../src/emit/index.js';
import type { Json } from '../../src/plan/types.js';
import { DEV, STRICT_OPTIONS, messageSchema, named, typeCheck } from '../support/emit.js';

interface Case {
  schema: Json;
  definitions?: Record<string, Json>;
  /** Set when the oracle is wrong: why, and which direction still holds. */
  oracleWrong?: { reason: string; check: 'platen-to-oracle' | 'oracle-to-platen' };
}

const obj = (
  properties: Record<string, Json>,
  required: string[] = [],
  extra: Record<string, Json> = {},
): Json => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  ...extra,
});

const cases: Array<[string, Case]> = [
  [
    'scalars',
    {
      schema: obj(
        {
          s: { type: 'string' },
          n: { type: 'number' },
          i: { type: 'integer' },
          b: { type: 'boolean' },
          z: { type: 'null' },
        },
        ['s', 'i'],
      ),
    },
  ],
  [
    'enums and consts',
    {
      schema: obj(
        {
          e: { enum: ['a', 'b'] },
          k: { enum: [1, 2, 3] },
          c: { const: 'x' },
          m: { enum: ['a', null] },
        },
        ['e'],
      ),
    },
  ],
  [
    'type arrays and nullable',
    { schema: obj({ t: { type: ['string', 'number'] }, n: { type: ['string', 'null'] } }) },
  ],
  [
    'nested closed objects',
    { schema: obj({ a: obj({ b: obj({ c: { type: 'string' } }, ['c']) }) }, ['a']) },
  ],
  [
    'implicit additionalProperties is exact',
    { schema: { type: 'object', properties: { a: { type: 'string' } } } },
  ],
  [
    'explicit additionalProperties true',
    { schema: obj({ a: { type: 'string' } }, [], { additionalProperties: true }) },
  ],
  ['map of numbers', { schema: { type: 'object', additionalProperties: { type: 'number' } } }],
  [
    'arrays',
    {
      schema: obj({
        l: { type: 'array', items: obj({ id: { type: 'string' } }, ['id']) },
        u: { type: 'array' },
      }),
    },
  ],
  [
    'tuple',
    {
      schema: obj({
        p: {
          type: 'array',
          items: [{ type: 'number' }, { type: 'string' }],
          minItems: 2,
          additionalItems: false,
        },
      }),
    },
  ],
  [
    'oneOf closed objects',
    {
      schema: obj(
        {
          pay: {
            oneOf: [
              obj({ card: { type: 'string' } }, ['card']),
              obj({ iban: { type: 'string' } }, ['iban']),
            ],
          },
        },
        ['pay'],
      ),
    },
  ],
  ['anyOf scalars', { schema: obj({ v: { anyOf: [{ type: 'string' }, { type: 'integer' }] } }) }],
  [
    'allOf of objects',
    {
      schema: { allOf: [obj({ a: { type: 'string' } }, ['a']), obj({ b: { type: 'number' } })] },
      oracleWrong: {
        reason:
          "both parts are closed, so each forbids the other's key and no object is valid (`a` is required, the second part forbids it); the oracle merges the parts as if they were open",
        check: 'platen-to-oracle',
      },
    },
  ],
  [
    'allOf of closed objects listing the same keys',
    {
      schema: {
        allOf: [
          obj({ a: { type: 'string' }, b: { type: 'number' } }, ['a']),
          obj({ a: { type: 'string' }, b: { type: 'number' } }, ['b']),
        ],
      },
    },
  ],
  [
    'formats stay strings',
    {
      schema: obj(
        { at: { type: 'string', format: 'date-time' }, id: { type: 'string', format: 'uuid' } },
        ['at'],
      ),
    },
  ],
  [
    'awkward keys',
    {
      schema: obj(
        {
          'a-b': { type: 'string' },
          '': { type: 'number' },
          default: { type: 'boolean' },
          '1st': { type: 'string' },
        },
        ['a-b'],
      ),
    },
  ],
  [
    'empty exact object',
    {
      schema: obj({}),
      oracleWrong: {
        reason:
          'the oracle writes an empty interface, which accepts any non-nullish value (42, "x", a variable holding { a: 1 }); the schema accepts only {}',
        check: 'platen-to-oracle',
      },
    },
  ],
  [
    'recursive $ref',
    {
      schema: obj({ root: { $ref: '#/definitions/node' } }, ['root']),
      definitions: {
        node: obj(
          {
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/definitions/node' } },
          },
          ['name'],
        ),
      },
    },
  ],
  [
    'additionalProperties schema beside declared properties',
    {
      schema: obj({ total: { type: 'number' } }, ['total'], {
        additionalProperties: { type: 'string' },
      }),
    },
  ],
  [
    'patternProperties',
    {
      schema: obj({}, [], { patternProperties: { '^x-': { type: 'string' } } }),
    },
  ],
];

/** The rule schema for a case: the payload at `properties.properties`, definitions at the root. */
function ruleSchema(c: Case): Json {
  const schema = messageSchema(c.schema) as Record<string, Json>;
  return c.definitions === undefined ? schema : { ...schema, definitions: c.definitions };
}

describe('differential: Platen types vs json-schema-to-typescript', () => {
  it('every hand-made payload type is mutually assignable with the oracle’s (except documented oracle bugs)', async () => {
    const ir = named(cases.map(([name, c]) => ({ key: name, jsonSchema: ruleSchema(c) })));
    const files: GeneratedFile[] = emitClient(ir, DEV).filter(
      (f) => !f.path.startsWith('events/') && f.path !== 'track.ts' && f.path !== 'index.ts',
    );
    const lines: string[] = [
      "import type * as P from './types.js';",
      'type Assignable<A, B> = [A] extends [B] ? true : false;',
    ];
    for (const [index, [name, c]] of cases.entries()) {
      const oracleSchema = {
        ...(c.schema as object),
        ...(c.definitions === undefined ? {} : { definitions: c.definitions }),
      };
      const oracle = await compile(oracleSchema as never, 'Oracle', {
        bannerComment: '',
        additionalProperties: false,
        format: false,
        unknownAny: true,
      });
      files.push({ path: `oracle/${index}.ts`, contents: oracle });
      const platen = ir.rules.find((r) => r.rule.key === name)!.names.propertiesType;
      lines.push(`import type { Oracle as O${index} } from './oracle/${index}.js';`);
      const check = c.oracleWrong?.check;
      // One line per direction, named by the case, so a diagnostic points at the case.
      if (check !== 'oracle-to-platen')
        lines.push(
          `export const p2o_${index}: Assignable<P.${platen}, O${index}> = true; // ${name}`,
        );
      if (check !== 'platen-to-oracle')
        lines.push(
          `export const o2p_${index}: Assignable<O${index}, P.${platen}> = true; // ${name}`,
        );
    }
    files.push({ path: 'check.ts', contents: lines.join('\n') + '\n' });
    const diagnostics = typeCheck(files, STRICT_OPTIONS);
    const failed = diagnostics
      .filter((d) => d.startsWith('check.ts:'))
      .map((d) => lines[Number(d.split(':')[1]) - 1]?.split('// ')[1]);
    expect(failed).toEqual([]);
    // Platen's own files compile; the oracle's may not (documented cases).
    expect(diagnostics.filter((d) => d.startsWith('types.ts'))).toEqual([]);
  });
});
