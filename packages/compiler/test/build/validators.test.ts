/** Precompiled validators, every format known, Segment's `labels` accepted (docs/decisions.md#precompiled-validators). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clearValidatorCache,
  compileCounts,
  compileValidators,
  seedValidatorCache,
} from '../../src/validators/index.js';
import type { Json, RuleType } from '../../src/plan/types.js';
import { moduleHeader } from '../../src/validators/recovered.js';
import { importBundled, namedIr, namedRule, tempDir, writeFiles } from '../support/helpers.js';

type Validate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; keyword: string }[] | null;
};
const BANNER = '// banner';

const track = (properties: Json, extra: Record<string, Json> = {}): Json => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  labels: { team: 'growth' },
  ...extra,
  properties: { context: {}, traits: {}, properties },
  required: ['properties'],
});

async function load(type: RuleType, schema: Json): Promise<Validate> {
  const { files, diagnostics } = await compileValidators(
    namedIr([namedRule(type, 'E', schema, 'e')]),
    {
      banner: BANNER,
    },
  );
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const dir = tempDir('validator');
  writeFiles(dir, files);
  return (await importBundled<{ validate: Validate }>(join(dir, 'validators/e.ts'))).validate;
}

const errorsOf = (v: Validate, data: unknown) =>
  v(data)
    ? []
    : (v.errors ?? []).map((e) => [
        e.instancePath,
        e.keyword,
        ...(process.env.DEBUG_V ? [JSON.stringify(e)] : []),
      ]);

const cases: [string, { type?: RuleType; schema: Json; payloads: [unknown, string[][]][] }][] = [
  [
    'formats work and labels are accepted',
    {
      schema: track({
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time' },
          mail: { type: 'string', format: 'email' },
        },
      }),
      payloads: [
        [{ at: '2024-01-02T03:04:05Z', mail: 'a@b.co' }, []],
        [
          { at: 'yesterday', mail: 'nope' },
          [
            ['/at', 'format'],
            ['/mail', 'format'],
          ],
        ],
      ],
    },
  ],
  [
    'absent additionalProperties reports unplanned keys; explicit true allows them',
    {
      schema: track({
        type: 'object',
        properties: {
          a: { type: 'integer' },
          o: { type: 'object', properties: {}, additionalProperties: true },
        },
        required: ['a'],
      }),
      payloads: [
        [{ a: 1, o: { x: 1 } }, []],
        [
          { a: 1.5, b: 2 },
          [
            ['', 'additionalProperties'],
            ['/a', 'type'],
          ],
        ],
        [{}, [['', 'required']]],
      ],
    },
  ],
  [
    'allOf of plain objects is closed over the union of their keys',
    {
      schema: track(
        {
          allOf: [
            { type: 'object', properties: { a: { type: 'string' } } },
            { $ref: '#/definitions/B' },
          ],
        },
        {
          definitions: {
            B: { type: 'object', properties: { b: { type: 'number' } }, required: ['b'] },
          },
        },
      ),
      payloads: [
        [{ a: 'x', b: 1 }, []],
        [{ a: 'x', b: 1, c: 2 }, [['', 'additionalProperties']]],
        [{ a: 'x' }, [['', 'required']]],
      ],
    },
  ],
  [
    '$ref into root definitions, recursive',
    {
      schema: track(
        { type: 'object', properties: { tree: { $ref: '#/definitions/Node' } } },
        {
          definitions: {
            Node: {
              type: 'object',
              properties: {
                name: { type: 'string', maxLength: 2 },
                children: { type: 'array', items: { $ref: '#/definitions/Node' } },
              },
            },
          },
        },
      ),
      payloads: [
        [{ tree: { name: 'ab', children: [{ name: 'c', children: [] }] } }, []],
        [{ tree: { children: [{ name: 'toolong' }] } }, [['/tree/children/0/name', 'maxLength']]],
      ],
    },
  ],
  [
    'draft-04 $schema and id, boolean exclusiveMinimum and type ["any"] are tolerated',
    {
      schema: track({
        $schema: 'http://json-schema.org/draft-04/schema#',
        id: 'http://example.com/p',
        type: 'object',
        properties: {
          n: { type: 'number', minimum: 0, exclusiveMinimum: true },
          x: { type: ['any'] },
        },
      }),
      payloads: [
        [{ n: 1, x: [1] }, []],
        [{ n: 0 }, [['/n', 'exclusiveMinimum']]],
      ],
    },
  ],
  [
    'hostile property names are data, not code',
    {
      // JSON.parse: in an object literal `__proto__` would set the prototype instead of naming a key.
      schema: track(
        JSON.parse(
          '{"type":"object","properties":{"__proto__":{"type":"string"},"schema1":{"enum":["validate0","\\"*/${x}`"]},"\\"\\u2028":{"const":"a"}}}',
        ),
      ),
      payloads: [
        [JSON.parse('{"__proto__":"p","schema1":"\\"*/${x}`","\\"\\u2028":"a"}'), []],
        [
          JSON.parse('{"__proto__":1,"schema1":"validate1"}'),
          [
            ['/__proto__', 'type'],
            ['/schema1', 'enum'],
          ],
        ],
      ],
    },
  ],
  [
    'a pattern only valid without the u flag still compiles',
    {
      schema: track({
        type: 'object',
        properties: { s: { type: 'string', pattern: '^[\\w\\_]+$' } },
      }),
      payloads: [
        [{ s: 'a_b' }, []],
        [{ s: 'a b' }, [['/s', 'pattern']]],
      ],
    },
  ],
  [
    'IDENTIFY validates traits',
    {
      type: 'IDENTIFY',
      schema: {
        type: 'object',
        properties: {
          traits: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
        },
      },
      payloads: [
        [{ email: 'a@b.co' }, []],
        [
          { email: 'x', age: 3 },
          [
            ['', 'additionalProperties'],
            ['/email', 'format'],
          ],
        ],
      ],
    },
  ],
  [
    'a key named only in required counts as planned in a closed object',
    {
      schema: track({
        type: 'object',
        properties: { x: { type: 'string' } },
        required: ['x', 'req-only'],
      }),
      payloads: [
        [{ x: 'a', 'req-only': 1 }, []],
        [{ x: 'a' }, [['', 'required']]],
        [{ x: 'a', 'req-only': 1, other: 2 }, [['', 'additionalProperties']]],
      ],
    },
  ],
  [
    'a definition that is an allOf part is closed where it is used directly',
    {
      schema: track(
        {
          type: 'object',
          properties: {
            m: {
              allOf: [
                { type: 'object', properties: { x: { type: 'string' } } },
                { $ref: '#/definitions/part' },
              ],
            },
            p: { $ref: '#/definitions/part', description: 'direct use' },
          },
        },
        { definitions: { part: { type: 'object', properties: { y: { type: 'string' } } } } },
      ),
      payloads: [
        [{ m: { x: 'a', y: 'b' }, p: { y: 'a' } }, []],
        [{ p: { y: 'a', x: 'unplanned' } }, [['/p', 'additionalProperties']]],
        [{ m: { z: 1 } }, [['/m', 'additionalProperties']]],
      ],
    },
  ],
  [
    'COMMON leaves the message open: SDKs add their own context fields',
    {
      type: 'COMMON',
      schema: {
        type: 'object',
        properties: {
          context: {
            type: 'object',
            properties: { app_build: { type: 'string' } },
            required: ['app_build'],
          },
        },
      },
      payloads: [
        [{ context: { app_build: '7', library: { name: 'sdk' } }, userId: 'u' }, []],
        [{ context: { app_build: 7 } }, [['/context/app_build', 'type']]],
      ],
    },
  ],
  [
    'a rule without a payload schema accepts anything',
    { schema: { type: 'object' }, payloads: [[{ any: 1 }, []]] },
  ],
];

describe('compileValidators', () => {
  it.each(cases)('%s', async (_name, { type, schema, payloads }) => {
    const before = JSON.stringify(schema);
    const validate = await load(type ?? 'TRACK', schema);
    for (const [payload, want] of payloads)
      expect(errorsOf(validate, payload).sort()).toEqual(want.sort());
    expect(JSON.stringify(schema)).toBe(before);
  });

  it('emits code that imports only named runtime helpers, never Ajv, eval or new Function', async () => {
    const schema = track({
      type: 'object',
      properties: {
        d: { type: 'string', format: 'date', pattern: '^2', maxLength: 10 },
        e: { enum: [{ a: 1 }] },
      },
    });
    const [file] = (
      await compileValidators(namedIr([namedRule('TRACK', 'E', schema, 'e')]), {
        banner: BANNER,
      })
    ).files;
    const lines = file!.contents.split('\n');
    expect([lines[0], lines[1], lines[3]]).toEqual([
      BANNER,
      '// @ts-nocheck',
      "import { closed, date, enq, fmt, maxl, pat, ty, validator } from '@platen/runtime/validation';",
    ]);
    expect(lines[2]).toMatch(/^\/\/ platen-validator [0-9a-f]{64} [0-9a-f]{16}$/);
    expect(file!.contents).not.toMatch(/ajv|require\(|eval\(|new Function|export default/);
    expect(file!.contents).toMatch(/^export const validate = \/\* @__PURE__ \*\/ validator\(/m);
  });

  it('compiles natively, and sends a rule the native generator declines (nullable) to Ajv', async () => {
    clearValidatorCache();
    const before = { ...compileCounts };
    const plain = namedRule(
      'TRACK',
      'P',
      track({ type: 'object', properties: { n: { type: 'string' } } }),
      'p',
    );
    const declined = namedRule(
      'TRACK',
      'D',
      track({ type: 'object', properties: { n: { type: 'string', nullable: true } } }),
      'd',
    );
    const { files, diagnostics } = await compileValidators(namedIr([plain, declined]), {
      banner: BANNER,
    });
    expect(diagnostics).toEqual([]);
    expect([compileCounts.native - before.native, compileCounts.ajv - before.ajv]).toEqual([1, 1]);
    const byPath = new Map(files.map((f) => [f.path, f.contents]));
    // Ajv's standalone code names its function validate0; the native module exports interpreted data.
    expect(byPath.get('validators/p.ts')).toContain(
      'export const validate = /* @__PURE__ */ validator(',
    );
    expect(byPath.get('validators/d.ts')).toMatch(/export const validate = validate\d+;/);
    const dir = tempDir('fallback');
    writeFiles(dir, files);
    const v = (await importBundled<{ validate: Validate }>(join(dir, 'validators/d.ts'))).validate;
    expect([v({ n: null }), v({ n: 'x' }), v({ n: 1 })]).toEqual([true, true, false]);
  });

  it('gives the same bytes for a rule whatever was compiled before it, cached or cold', async () => {
    const a = namedRule(
      'TRACK',
      'A',
      track({ type: 'object', properties: { x: { type: 'string', pattern: 'a' } } }),
      'a',
    );
    const b = namedRule(
      'TRACK',
      'B',
      track({
        type: 'object',
        properties: { y: { type: 'string', format: 'uuid', pattern: 'b' } },
      }),
      'b',
    );
    clearValidatorCache();
    const alone = (await compileValidators(namedIr([b]), { banner: BANNER })).files[0];
    clearValidatorCache();
    const after = (await compileValidators(namedIr([a, b]), { banner: BANNER })).files[1];
    const cached = (await compileValidators(namedIr([a, b]), { banner: BANNER })).files[1];
    expect(after).toEqual(alone);
    expect(cached).toEqual(alone);
  });

  it('reports an unknown format as a warning with its pointer, and a broken schema as an error', async () => {
    const unknown = namedRule(
      'TRACK',
      'U',
      track({ type: 'object', properties: { c: { type: 'string', format: 'currency' } } }),
      'u',
    );
    const broken = namedRule(
      'TRACK',
      'B',
      track({ type: 'object', properties: { c: { type: 'strin' } } }),
      'b',
    );
    const { files, diagnostics } = await compileValidators(namedIr([unknown, broken]), {
      banner: BANNER,
    });
    expect(files.map((f) => f.path)).toEqual(['validators/u.ts']);
    expect(diagnostics.map((d) => [d.code, d.severity, d.pointer])).toEqual([
      [
        'format-not-checked',
        'warning',
        '/rules/0/jsonSchema/properties/properties/properties/c/format',
      ],
      ['validator-compile-failed', 'error', '/rules/0/jsonSchema'],
    ]);
  });
});

describe('format table', () => {
  it('names exactly the checkers @platen/runtime/validation exports', async () => {
    const runtime = (await import('../../../runtime/src/validation/index.js')) as Record<
      string,
      unknown
    >;
    const { FORMAT_EXPORTS, NUMBER_FORMAT_EXPORTS } = await import('../../src/validators/index.js');
    expect(Object.keys(FORMAT_EXPORTS).sort()).toEqual(
      Object.keys(runtime.formats as object).sort(),
    );
    for (const name of [
      ...Object.values(FORMAT_EXPORTS),
      ...Object.values(NUMBER_FORMAT_EXPORTS),
      'equal',
      'ucs2length',
    ]) {
      expect([name, typeof runtime[name]]).toEqual([name, 'function']);
    }
  });
});

describe('reuse of a previous build (seedValidatorCache)', () => {
  const rule = () =>
    namedRule(
      'TRACK',
      'R',
      track({
        type: 'object',
        properties: { s: { type: 'string', format: 'uuid', pattern: '^[^\\u2028]+$' } },
      }),
      'r',
    );
  it('takes an intact module from the last build instead of compiling, and ignores an edited one', async () => {
    clearValidatorCache();
    const [file] = (await compileValidators(namedIr([rule()]), { banner: BANNER })).files;
    const [banner, noCheck, header, ...rest] = file!.contents.split('\n');
    const key = header!.split(' ')[2]!;
    // A module whose body hash matches is trusted: prove it is used by seeding a different body.
    const body = rest.join('\n').replace('validator([', 'validator(/* from disk */ [');
    expect(body).toContain('/* from disk */');
    const fromDisk = [banner, noCheck, moduleHeader(key, body, false), body].join('\n');
    clearValidatorCache();
    expect(seedValidatorCache([fromDisk])).toBe(1);
    expect(
      (await compileValidators(namedIr([rule()]), { banner: BANNER })).files[0]!.contents,
    ).toBe(fromDisk);
    clearValidatorCache();
    const edited = file!.contents.replace('validator([', 'validator(1, [');
    expect(edited).not.toBe(file!.contents);
    expect(
      seedValidatorCache([
        edited,
        'not a module',
        `${BANNER}\n// @ts-nocheck\n// platen-validator x`,
      ]),
    ).toBe(0);
    expect((await compileValidators(namedIr([rule()]), { banner: BANNER })).files[0]).toEqual(file);
  });
});
