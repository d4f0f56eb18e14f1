/**
 * Issue 16, item 4: one depth limit for every stage. `check` passed a `const` thousands of arrays
 * deep that `build` then overflowed the stack on (`sortedCopy`); now `check` refuses anything past
 * MAX_JSON_DEPTH, naming the rule and the place, and everything at the limit builds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { checkPlan } from '../../src/check.js';
import { MAX_DEPTH, MAX_JSON_DEPTH } from '../../src/depth.js';
import { tempDir } from '../support/helpers.js';

type Keyword = 'const' | 'enum' | 'default' | 'examples';

/**
 * The text of a one-rule plan whose schema nests exactly `depth` objects/arrays (the schema itself
 * being level 1), the deepest ones in property `x`'s `keyword` value: arrays (`[[…]]`) or objects
 * (`{"a":{"a":…}}`). Written as text, since JSON.stringify itself overflows on the deepest cases.
 */
function deepPlanText(depth: number, keyword: Keyword, kind: 'array' | 'object'): string {
  // jsonSchema, properties, properties (the payload), properties, x: five levels before the value;
  // enum and examples wrap it in one more array.
  const wrapped = keyword === 'enum' || keyword === 'examples';
  const levels = depth - 5 - (wrapped ? 1 : 0);
  const [open, close] = kind === 'array' ? ['[', ']'] : ['{"a":', '}'];
  let value = open.repeat(levels) + '1' + close.repeat(levels);
  if (wrapped) value = `[${value}]`;
  const schema = `{"properties":{"properties":{"type":"object","properties":{"x":{"${keyword}":${value}}}}}}`;
  return `{"id":"tp","name":"t","type":"LIVE","rules":[{"type":"TRACK","key":"Deep","version":1,"jsonSchema":${schema}}]}`;
}

function write(text: string): string {
  const dir = tempDir('depth');
  writeFileSync(join(dir, 'plan.json'), text);
  return dir;
}

const cases = (['const', 'enum', 'default', 'examples'] as const).flatMap((keyword) =>
  (['array', 'object'] as const).map((kind) => ({ keyword, kind })),
);

describe('one depth limit (item 4)', () => {
  it.each(cases)(
    '$keyword of nested $kind: check refuses MAX_JSON_DEPTH + 1, build reports it without overflowing',
    async ({ keyword, kind }) => {
      const dir = write(deepPlanText(MAX_JSON_DEPTH + 1, keyword, kind));
      const { diagnostics } = await checkPlan('plan.json', { cwd: dir });
      const errors = diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.code)).toEqual(['schema-too-deep']);
      expect(errors[0]!.rule).toEqual({ type: 'TRACK', key: 'Deep', version: 1 });
      expect(errors[0]!.pointer).toMatch(
        new RegExp(`^/rules/0/jsonSchema/properties/properties/properties/x/${keyword}/`),
      );
      const built = await build('plan.json', { cwd: dir, prettier: false });
      expect(built.diagnostics.map((d) => d.code)).toContain('schema-too-deep');
      expect(built.files).toEqual([]);
    },
  );

  it.each(cases)(
    '$keyword of nested $kind at MAX_JSON_DEPTH passes check and builds',
    async ({ keyword, kind }) => {
      const dir = write(deepPlanText(MAX_JSON_DEPTH, keyword, kind));
      const { diagnostics } = await checkPlan('plan.json', { cwd: dir });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const built = await build('plan.json', { cwd: dir, prettier: false });
      expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(built.files.map((f) => f.path)).toContain('index.ts');
    },
  );

  it.each([2_568, 5_000, 100_000])(
    'a const %i arrays deep: one schema-too-deep error, in check and build',
    async (levels) => {
      const dir = write(deepPlanText(levels, 'const', 'array'));
      const { diagnostics } = await checkPlan('plan.json', { cwd: dir });
      expect(diagnostics.map((d) => d.code)).toEqual(['schema-too-deep']);
      const built = await build('plan.json', { cwd: dir, prettier: false });
      expect(built.diagnostics.map((d) => d.code)).toEqual(['schema-too-deep']);
    },
  );

  it('the JSON limit never cuts a schema the IR accepts: MAX_DEPTH schema levels build, one more is schema-too-deep', async () => {
    /** A payload of `levels` nested objects, each holding the next as property `n`; with the rule's root and the leaf, `levels + 2` schema levels. */
    const nested = (levels: number) => {
      let schema = '{"type":"string"}';
      for (let i = 0; i < levels; i++)
        schema = `{"type":"object","properties":{"n":${schema}},"required":["n"]}`;
      return `{"id":"tp","name":"t","type":"LIVE","rules":[{"type":"TRACK","key":"Nested","version":1,"jsonSchema":{"properties":{"properties":${schema}}}}]}`;
    };
    const dir = write(nested(MAX_DEPTH - 1));
    expect((await checkPlan('plan.json', { cwd: dir })).diagnostics).toEqual([]);
    const built = await build('plan.json', { cwd: dir, prettier: false });
    expect(built.diagnostics).toEqual([]);
    expect(built.files.map((f) => f.path)).toContain('index.ts');
    const deeper = write(nested(MAX_DEPTH));
    const { diagnostics } = await checkPlan('plan.json', { cwd: deeper });
    expect(diagnostics.map((d) => d.code)).toEqual(['schema-too-deep']);
  });
});
