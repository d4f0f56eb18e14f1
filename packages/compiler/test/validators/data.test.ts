/**
 * What the interpreted validator modules are made of: data only (no code of their own), names
 * from the plan only inside string literals, `__proto__` keys kept as data, and a bundle of one
 * validator that carries only the keyword handlers and format checkers that validator names.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/plan/types.js';
import { compileNative } from '../../src/validators/native/index.js';
import { prepareSchema } from '../../src/validators/prepare.js';
import { importLine } from '../../src/validators/standalone.js';
import { bundle, tempDir } from '../support/helpers.js';
import { errorKeys, loadNative, pair, track } from '../support/differential.js';

function moduleOf(schema: Json): { code: string; imports: string[] } {
  const prepared = prepareSchema(schema, 'TRACK', 'platen:rule');
  const module = compileNative(prepared.root, prepared.payload);
  if (!module) throw new Error('declined');
  return module;
}

// Text that only the named runtime export's code contains (error keywords, params, grammar parts).
const MARKERS: Record<string, string> = {
  closed: 'additionalProperties',
  ty: '"type"',
  uniq: 'uniqueItems',
  one: 'passingSchemas',
  any: '"anyOf"',
  cond: 'failingKeyword',
  deps: 'depsCount',
  names: 'propertyNames',
  mul: 'multipleOf',
  cont: 'minContains',
  pat: '"pattern"',
  maxl: 'maxLength',
  email: '[a-z0-9!#$%&',
  uuid: 'urn:uuid:',
  uri: '[+#./;?&=,!@|]',
  dateTime: '(\\d\\d):(\\d\\d)',
  equal: 'valueOf',
};

/** Bundles (minified, tree-shaken) an app that imports and calls one generated validator. */
async function bundled(schema: Json): Promise<{ text: string; imports: string[] }> {
  const { code, imports } = moduleOf(schema);
  const dir = tempDir('tree-shaking');
  writeFileSync(join(dir, 'v.js'), importLine(imports) + code);
  writeFileSync(
    join(dir, 'app.js'),
    "import { validate } from './v.js';\nconsole.log(validate({}));\n",
  );
  const result = await bundle(join(dir, 'app.js'), { minify: true, treeShaking: true });
  return { text: result.outputFiles![0]!.text, imports };
}

describe('interpreted validator modules', () => {
  it('are data: one pure call of the runtime interpreter, no functions, eval or object keys of their own', () => {
    const { code } = moduleOf(
      track(
        {
          type: 'object',
          properties: {
            a: { type: 'string', pattern: '^a', format: 'email' },
            b: { anyOf: [{ type: 'number', multipleOf: 2 }, { $ref: '#/definitions/n' }] },
            c: { if: { minimum: 1 }, then: { maximum: 5 }, else: { const: [1, [2]] } },
          },
          required: ['a'],
        },
        { n: { type: 'array', items: { $ref: '#/definitions/n' }, uniqueItems: true } },
      ),
    );
    expect(code).toMatch(/^export const validate = \/\* @__PURE__ \*\/ validator\(/m);
    expect(code.split('export ')).toHaveLength(2);
    // Outside string literals there is no code: no arrow, function, eval, Function or object literal key.
    const outside = code.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(outside).not.toMatch(/=>|function|eval|Function|\bnew\b|[{]/);
    // The recursive definition refers to itself by index, not by a cyclic literal.
    expect(code).toContain('[ty,"array",uniq,0,items,[ref,0]]');
  });

  it.each([
    ['a closed object of strings', { type: 'object', properties: { a: { type: 'string' } } }],
    [
      'an email and a pattern',
      { type: 'object', properties: { a: { type: 'string', format: 'email', pattern: '^a' } } },
    ],
    [
      'oneOf, uniqueItems and a uuid',
      {
        type: 'object',
        properties: {
          a: { oneOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] },
          b: { type: 'array', uniqueItems: true },
        },
      },
    ],
  ] as [string, Json][])(
    'a bundle of one validator (%s) carries only the handlers and formats it names',
    async (_name, payload) => {
      const { text, imports } = await bundled(track(payload));
      const used = new Set(imports);
      for (const [name, marker] of Object.entries(MARKERS)) {
        // `closed` reports additionalProperties; `equal` comes with uniqueItems of any items.
        const present = used.has(name) || (name === 'equal' && used.has('uniq'));
        expect([name, text.includes(marker)]).toEqual([name, present]);
      }
      expect(text).not.toMatch(/new Function|eval\(/);
    },
  );

  it('a bundle of one small validator is small (interpreter and handlers included)', async () => {
    const { text } = await bundled(
      track({
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1 },
          n: { type: 'integer', minimum: 0 },
          tags: { type: 'array', items: { type: 'string' } },
        },
        required: ['id'],
      }),
    );
    expect(gzipSync(text).length).toBeLessThan(1200);
  });

  it('keep `__proto__` and `constructor` keys as data (enum, const, properties, required, dependencies)', () => {
    const proto = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}') as Json;
    // Written as JSON text: a `__proto__` key in a JavaScript object literal would set a prototype.
    const payload = JSON.parse(`{
      "type": "object",
      "properties": {
        "c": { "const": ${JSON.stringify(proto)} },
        "e": { "enum": [${JSON.stringify(proto)}, "x"] },
        "constructor": { "type": "string" },
        "__proto__": { "type": "number" }
      },
      "required": ["constructor", "__proto__"],
      "dependencies": { "constructor": ["c"], "__proto__": ["e"] }
    }`) as Json;
    expect(Object.hasOwn(payload as object, 'type')).toBe(true);
    const schema = track(payload);
    const { code, imports } = moduleOf(schema);
    // A `"__proto__":` key would set a prototype in an object literal: it only occurs inside JSON.parse text.
    expect(code.replace(/JSON\.parse\("(?:[^"\\]|\\.)*"\)/g, '')).not.toMatch(/__proto__"\s*:/);
    const validate = loadNative(code, imports);
    const good = JSON.parse(
      '{"c": {"__proto__": {"x": 1}, "constructor": 2}, "e": "x", "constructor": "k", "__proto__": 1}',
    ) as unknown;
    expect([validate(good), validate.errors]).toEqual([true, null]);
    const bad = JSON.parse('{"c": {"x": 1}, "e": {"__proto__": {}}, "constructor": 1}') as unknown;
    expect(validate(bad)).toBe(false);
    // Ajv reads `data.constructor` through the prototype; both agree on null-prototype copies.
    const { ajv } = pair(schema);
    for (const instance of [good, bad, {}]) {
      const copy = Object.assign(Object.create(null) as object, structuredClone(instance));
      expect(errorKeys(validate, structuredClone(instance))).toEqual(errorKeys(ajv, copy));
    }
    // An inherited `constructor` is no property of a payload.
    expect(validate({ c: proto })).toBe(false);
    expect(validate.errors!.map((e) => [e.keyword, e.params.missingProperty])).toContainEqual([
      'required',
      'constructor',
    ]);
  });
});
