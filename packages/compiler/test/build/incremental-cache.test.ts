/**
 * The build cache (`output/cache.ts`): a rebuild takes every unchanged rule's IR diagnostics, nested
 * type names, `types.ts` declarations and validator from the last build, and only compiles the rules
 * that changed. Whatever the change, the output and the diagnostics equal a full build's, byte for
 * byte; a corrupt cache or a hand-edited generated file never shows in the output.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { normalizePlan } from '../../src/ir/index.js';
import { checkMetaSchema, type MetaProblem } from '../../src/plan/meta-schema.js';
import { ruleHash } from '../../src/ir/hash.js';
import { emptyCache, readCache, type BuildCache } from '../../src/incremental/cache.js';
import { Incremental } from '../../src/incremental/index.js';
import { buildOutputs } from '../../src/build.js';
import { resolveOptions } from '../../src/config/index.js';
import { irMemo } from '../../src/incremental/hooks.js';
import type { KnownRule } from '../../src/ir/index.js';
import type { Ir } from '../../src/ir/types.js';
import { parsePlanText } from '../../src/plan/index.js';
import { readTree, REPO, tempDir } from '../support/helpers.js';

type Schema = Record<string, unknown>;

/** An IR as data: each rule's body built, the incremental key left out. */
const plain = (ir: Ir) => ({
  ...ir,
  rules: ir.rules.map(({ body, irKey: _key, ...head }) => ({ ...head, body: body() })),
});
type Rule = { type: string; key: string | null; version: number; jsonSchema: Schema };
type Plan = { rules: Rule[] };

/** Runs the CLI in `cwd` with the cache in `cwd/cache`; returns stderr (the diagnostics). */
async function platen(argv: string[], cwd: string): Promise<string> {
  let stderr = '';
  const code = await runCli(argv, {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    cwd,
    env: { PLATEN_CACHE_DIR: join(cwd, 'cache') },
    interactive: false,
  });
  expect(code, stderr).toBe(0);
  return stderr;
}

const track = (key: string, properties: Schema, extra: Schema = {}): Rule => ({
  type: 'TRACK',
  key,
  version: 1,
  jsonSchema: {
    type: 'object',
    ...extra,
    properties: { properties: { type: 'object', properties, additionalProperties: false } },
    required: ['properties'],
  },
});

const object = (properties: Schema): Schema => ({ type: 'object', properties });

/**
 * The example plan plus rules that give warnings (an unknown format: the validator's; a property
 * without a type: the IR's) and nested names that collide (`Cart`'s `item.x` and `Cart Item`'s `x`
 * both want `CartItemX`).
 */
function basePlan(): Plan {
  const plan = JSON.parse(readFileSync(join(REPO, 'fixtures/example/plan.json'), 'utf8')) as Plan;
  plan.rules.push(
    track('Odd Event', { code: { type: 'string', format: 'not-a-format' }, loose: {} }),
    track('Cart', { item: object({ x: object({ n: { type: 'number' } }) }) }),
    track('Cart Item', { x: object({ m: { type: 'string' } }) }),
  );
  return plan;
}

const rule = (plan: Plan, key: string | null, type = 'TRACK'): Rule =>
  plan.rules.find((r) => r.key === key && r.type === type)!;
const propertiesOf = (r: Rule): Schema =>
  ((r.jsonSchema.properties as Schema).properties as Schema).properties as Schema;

/** Single-rule edits, each applied to the base plan. */
const EDITS: [string, (plan: Plan) => void][] = [
  ['description', (p) => void (rule(p, 'Product Viewed').jsonSchema.description = 'Changed.')],
  [
    'property added',
    (p) => void (propertiesOf(rule(p, 'Product Viewed')).added = { type: 'string' }),
  ],
  [
    'enum changed',
    (p) => void (propertiesOf(rule(p, 'Product Viewed')).currency = { enum: ['USD', 'JPY'] }),
  ],
  ['rule renamed', (p) => void (rule(p, 'Signed Up "Beta"').key = 'Signed Up Gamma')],
  // First in the file: every later rule's pointer moves.
  ['rule added', (p) => void p.rules.unshift(track('Wishlist Added', { sku: { type: 'string' } }))],
  ['rule removed', (p) => void p.rules.splice(p.rules.indexOf(rule(p, 'Product Viewed')), 1)],
  [
    'version added',
    (p) => {
      const v2 = rule(p, 'Order Completed');
      p.rules.push({ ...structuredClone(v2), version: 3 });
    },
  ],
  [
    'COMMON rule changed',
    (p) => void (rule(p, null, 'COMMON').jsonSchema.description = 'Common, changed.'),
  ],
  // `Cart Item` took `CartItemX2`; without `Cart` a full build names it `CartItemX`.
  ['a colliding rule removed', (p) => void p.rules.splice(p.rules.indexOf(rule(p, 'Cart')), 1)],
  // In place (no pointer moves): `Cart Item` is named `CartItemX` and recorded; on the way back
  // `Cart` takes that name first, so the recorded names must not be replayed.
  [
    'a colliding nested type removed',
    (p) => void (propertiesOf(rule(p, 'Cart')).item = { type: 'string' }),
  ],
  // `Cart` now claims `CartItemX2` too: `Cart Item`'s names move on.
  [
    'a nested name taken by another rule',
    (p) => void (propertiesOf(rule(p, 'Cart')).item_x2 = object({ q: { type: 'boolean' } })),
  ],
  ['a warning added', (p) => void (propertiesOf(rule(p, 'Cart')).w = { format: 'nope' })],
];

const OUTPUTS: string[][] = [
  ['--mode', 'dev'],
  ['--mode', 'prod'],
  ['--mode', 'dev', '--language', 'javascript', '--module', 'cjs', '--sdk', 'analytics-node'],
];

function setUp(prefix: string, edit: (plan: Plan) => void): string {
  const cwd = tempDir(prefix);
  writeFileSync(join(cwd, 'plan.json'), JSON.stringify(basePlan(), null, 2));
  const edited = basePlan();
  edit(edited);
  writeFileSync(join(cwd, 'edited.json'), JSON.stringify(edited, null, 2));
  return cwd;
}

const cacheFiles = (cwd: string): string[] =>
  existsSync(join(cwd, 'cache')) ? readdirSync(join(cwd, 'cache')) : [];

describe('incremental builds through the cache', () => {
  it.each(EDITS.flatMap(([name, edit]) => OUTPUTS.map((flags) => [name, flags, edit] as const)))(
    '%s, %j: output and diagnostics equal a full build, both ways',
    async (name, flags, edit) => {
      const cwd = setUp('cache', edit);
      const build = (plan: string, out: string, more: string[] = []): Promise<string> =>
        platen(['build', '--plan', plan, '--out', out, ...flags, ...more], cwd);
      await build('plan.json', 'inc');
      expect(cacheFiles(cwd)).toHaveLength(1);
      for (const [plan, full] of [
        ['edited.json', 'full'],
        ['plan.json', 'full2'],
      ] as const) {
        // The same build without the cache, from the same last output (same manifest, so the
        // same names kept), and one into an empty folder.
        rmSync(join(cwd, 'ref'), { recursive: true, force: true });
        cpSync(join(cwd, 'inc'), join(cwd, 'ref'), { recursive: true });
        const incremental = await build(plan, 'inc');
        const uncached = await build(plan, 'ref', ['--no-cache']);
        const fresh = await build(plan, full, ['--no-cache']);
        expect(readTree(join(cwd, 'inc'))).toEqual(readTree(join(cwd, 'ref')));
        expect(incremental).toBe(uncached);
        expect(incremental).toBe(fresh);
        // A new latest version takes the kept name of the old one, which an empty folder has not.
        if (name !== 'version added')
          expect(readTree(join(cwd, 'inc'))).toEqual(readTree(join(cwd, full)));
      }
    },
  );

  it('the plan warns as expected (so the diagnostics compared above are not empty)', async () => {
    const cwd = setUp('cache-warnings', () => undefined);
    const stderr = await platen(['build', '--plan', 'plan.json', '--out', 'out'], cwd);
    expect(stderr).toContain('not-a-format');
    expect(stderr).toContain('untyped');
    const types = readFileSync(join(cwd, 'out/types.ts'), 'utf8');
    expect(types).toContain('interface CartItemX2 ');
  });

  it.each([
    ['its hash recorded in the cache too, shows: proof the cache is used', true],
    ['alone, is ignored: the rule is printed again', false],
  ])("an unchanged rule's declarations edited in types.ts, %s", async (_name, recorded) => {
    const cwd = setUp('cache-used', (p) => void (rule(p, 'Cart').jsonSchema.description = 'New.'));
    await platen(['build', '--plan', 'plan.json', '--out', 'out'], cwd);
    // Same length, so every recorded range still fits: `Cart Item`'s nested type renamed.
    const types = join(cwd, 'out/types.ts');
    const edited = readFileSync(types, 'utf8').replace(
      'interface CartItemX2 ',
      'interface ForgedName ',
    );
    writeFileSync(types, edited);
    if (recorded) {
      const file = join(cwd, 'cache', cacheFiles(cwd)[0]!);
      const text = readFileSync(file, 'utf8');
      const old = JSON.parse(text.slice(text.indexOf('\n') + 1)) as { typesFile: { hash: string } };
      const body = text
        .slice(text.indexOf('\n') + 1)
        .replace(old.typesFile.hash, createHash('sha256').update(edited).digest('hex'));
      const hash = createHash('sha256').update(body).digest('hex');
      writeFileSync(file, `platen-build-cache 1 ${hash}\n${body}`);
    }
    await platen(['build', '--plan', 'edited.json', '--out', 'out'], cwd);
    const after = readFileSync(types, 'utf8');
    expect(after.includes('interface ForgedName ')).toBe(recorded);
    expect(after.includes('interface CartItemX2 ')).toBe(!recorded);
  });

  it.each([
    ['one byte of the body changed', (t: string) => t.replace('CartItemX2', 'CartItemXX')],
    ['truncated', (t: string) => t.slice(0, t.length / 2)],
    ['not a cache', () => '{"types":{}}'],
    ['empty', () => ''],
  ])('a cache file %s is ignored: the rebuild equals a full build', async (_name, spoil) => {
    const cwd = setUp('cache-corrupt', (p) => void (rule(p, 'Cart').jsonSchema.description = 'N.'));
    await platen(['build', '--plan', 'plan.json', '--out', 'inc'], cwd);
    const file = join(cwd, 'cache', cacheFiles(cwd)[0]!);
    writeFileSync(file, spoil(readFileSync(file, 'utf8')));
    const incremental = await platen(['build', '--plan', 'edited.json', '--out', 'inc'], cwd);
    const fresh = await platen(
      ['build', '--plan', 'edited.json', '--out', 'full', '--no-cache'],
      cwd,
    );
    expect(readTree(join(cwd, 'inc'))).toEqual(readTree(join(cwd, 'full')));
    expect(incremental).toBe(fresh);
  });

  it('a hand-edited or deleted validator is compiled again, not taken from the cache', async () => {
    const cwd = setUp('cache-edited', (p) => void (rule(p, 'Cart').jsonSchema.description = 'N.'));
    await platen(['build', '--plan', 'plan.json', '--out', 'inc'], cwd);
    await platen(['build', '--plan', 'plan.json', '--out', 'full', '--no-cache'], cwd);
    const expected = readTree(join(cwd, 'full'));
    const validator = join(cwd, 'inc/validators/product-viewed.ts');
    writeFileSync(validator, readFileSync(validator, 'utf8').replace('validate', 'validateX'));
    const other = join(cwd, 'inc/validators/order-completed.ts');
    writeFileSync(other, readFileSync(other, 'utf8') + '// edited\n');
    await platen(['build', '--plan', 'plan.json', '--out', 'inc'], cwd);
    expect(readTree(join(cwd, 'inc'))).toEqual(expected);
  });

  it('--no-cache neither reads nor writes a cache', async () => {
    const cwd = setUp('cache-off', () => undefined);
    await platen(['build', '--plan', 'plan.json', '--out', 'out', '--no-cache'], cwd);
    expect(cacheFiles(cwd)).toEqual([]);
  });

  it('stale cache files (their output folder gone) are deleted once there are many', async () => {
    const cwd = setUp('cache-prune', () => undefined);
    const dir = join(cwd, 'cache');
    mkdirSync(dir, { recursive: true });
    const header = (output: string): string =>
      `platen-build-cache 1 ${'0'.repeat(64)} ${JSON.stringify(output)}\n{}`;
    for (let i = 0; i < 40; i++)
      writeFileSync(join(dir, `gone-${i}.json`), header(join(cwd, `gone-${i}`)));
    writeFileSync(join(dir, 'alive.json'), header(cwd));
    writeFileSync(join(dir, 'foreign.json'), '{"not":"a cache"}');
    await platen(['build', '--plan', 'plan.json', '--out', 'out'], cwd);
    const left = cacheFiles(cwd).sort();
    expect(left).toContain('alive.json');
    expect(left).toContain('foreign.json');
    expect(left.filter((n) => n.startsWith('gone-'))).toEqual([]);
    expect(left).toHaveLength(3);
  });

  it('each output folder has a cache file of its own', async () => {
    const cwd = setUp('cache-other', () => undefined);
    await platen(['build', '--plan', 'plan.json', '--out', 'a'], cwd);
    cpSync(join(cwd, 'a'), join(cwd, 'b'), { recursive: true });
    await platen(['build', '--plan', 'plan.json', '--out', 'b', '--mode', 'prod'], cwd);
    expect(cacheFiles(cwd)).toHaveLength(2);
  });
});

/** How many rules of `planFile` the IR stage, given `cache`, knows (body deferred) and must normalize. */
function knownRules(cache: BuildCache, planFile: string): { known: number; normalized: number } {
  const { loaded } = parsePlanText(readFileSync(planFile, 'utf8'), 'plan.json');
  const memo = irMemo(cache, emptyCache());
  const counts = { known: 0, normalized: 0 };
  normalizePlan(loaded!, {
    ...memo,
    known: (key) => {
      const hit = memo.known(key);
      counts[hit === undefined ? 'normalized' : 'known']++;
      return hit;
    },
  });
  return counts;
}

describe('what a rebuild normalizes', () => {
  const edit = (p: Plan) => void (rule(p, 'Cart').jsonSchema.description = 'Changed.');

  it('after a build, the cache file lets the next build normalize only the edited rule', async () => {
    const cwd = setUp('cache-known', edit);
    await platen(['build', '--plan', 'plan.json', '--out', 'out'], cwd);
    const [file] = cacheFiles(cwd);
    const cache = readCache(join(cwd, 'cache', file!));
    expect(knownRules(cache, join(cwd, 'edited.json'))).toEqual({
      known: basePlan().rules.length - 1,
      normalized: 1,
    });
  });

  it('so does the memory of a watch process, build after build', async () => {
    const cwd = setUp('memory-known', edit);
    const env = { PLATEN_CACHE_DIR: join(cwd, 'cache') };
    const incremental = new Incremental({ env, memory: true });
    const options = resolveOptions({
      plan: join(cwd, 'p.json'),
      outputs: [{ path: join(cwd, 'out') }],
    });
    // The plan file edited in place, as in `platen build --watch`: the second build comes from memory.
    for (const plan of ['plan.json', 'edited.json']) {
      cpSync(join(cwd, plan), join(cwd, 'p.json'));
      const report = await buildOutputs(options, { cwd, action: 'write', incremental });
      expect(report.ok).toBe(true);
    }
    incremental.save();
    const [file] = cacheFiles(cwd);
    const cache = readCache(join(cwd, 'cache', file!));
    expect(knownRules(cache, join(cwd, 'plan.json'))).toEqual({
      known: basePlan().rules.length - 1,
      normalized: 1,
    });
  });
});

describe('deferred IR rule bodies', () => {
  it('a rule known to the cache has its body built on first call, the same as eager', () => {
    const { loaded } = parsePlanText(JSON.stringify(basePlan()), 'plan.json');
    const eager = normalizePlan(loaded!);
    const recorded = new Map<string, KnownRule>();
    const first = normalizePlan(loaded!, {
      known: () => undefined,
      record: (key, known) => void recorded.set(key, known),
    });
    expect(plain(first)).toEqual(plain(eager));
    expect(first.rules.every((r) => typeof r.irKey === 'string')).toBe(true);
    expect(recorded.size).toBe(eager.rules.length);
    const lazy = normalizePlan(loaded!, {
      known: (key) => recorded.get(key),
      record: () => undefined,
    });
    // Diagnostics come from the record (the file name given anew), the IR from the schema.
    expect(lazy.diagnostics).toEqual(eager.diagnostics);
    expect(lazy.diagnostics.length).toBeGreaterThan(0);
    expect(plain(lazy)).toEqual(plain(eager));
    // Built once: every call gives the same body.
    expect(lazy.rules[0]!.body()).toBe(lazy.rules[0]!.body());
  });

  it('the file of a known rule is the current one, not the recorded one', () => {
    const text = JSON.stringify(basePlan());
    const recorded = new Map<string, KnownRule>();
    normalizePlan(parsePlanText(text, 'old.json').loaded!, {
      known: () => undefined,
      record: (key, known) => void recorded.set(key, known),
    });
    const now = normalizePlan(parsePlanText(text, 'new.json').loaded!, {
      known: (key) => recorded.get(key),
      record: () => undefined,
    });
    expect(now.diagnostics.length).toBeGreaterThan(0);
    expect(now.diagnostics.every((d) => d.file === 'new.json')).toBe(true);
  });

  it('a rule whose text a watch build kept is not hashed again, and hashes as before', () => {
    const plan = basePlan();
    const { loaded } = parsePlanText(JSON.stringify(plan), 'plan.json');
    const first = emptyCache();
    const next = emptyCache();
    const memo = irMemo(first, next);
    let hashed = 0;
    const counting = (rule: unknown): string => {
      hashed++;
      return ruleHash(rule);
    };
    const rules = loaded!.plan.rules;
    const hashes = rules.map((rule) => memo.ruleHash!(rule, counting));
    expect(hashed).toBe(rules.length);
    expect(hashes).toEqual(rules.map((rule) => ruleHash(rule)));
    expect(next.texts?.size).toBe(new Set(rules.map((r) => JSON.stringify(r))).size);
    // The next build of the process: the same texts are found, a changed rule is hashed anew.
    const edited = JSON.parse(JSON.stringify(rules)) as typeof rules;
    (edited[0] as { description?: string }).description = 'changed by the test';
    const after = emptyCache();
    hashed = 0;
    const again = edited.map((rule) => irMemo(next, after).ruleHash!(rule, counting));
    expect(hashed).toBe(1);
    expect(again).toEqual(edited.map((rule) => ruleHash(rule)));
    expect(again[0]).not.toBe(hashes[0]);
    expect([...after.hashes.values()].sort()).toEqual([...new Set(again)].sort());
  });

  it('a rule whose text a watch build kept is not meta-checked again, with the same problems', () => {
    const plan = basePlan();
    (rule(plan, 'Odd Event').jsonSchema as { minProperties?: unknown }).minProperties = -1;
    const { loaded } = parsePlanText(JSON.stringify(plan), 'plan.json');
    const rules = loaded!.plan.rules;
    let checked = 0;
    const check = (schema: unknown): MetaProblem[] => {
      checked++;
      return checkMetaSchema(schema);
    };
    const first = emptyCache();
    const memo = irMemo(emptyCache(), first);
    const problems = rules.map((r) => memo.metaProblems!(r, r.jsonSchema, check));
    expect(checked).toBe(rules.length);
    expect(problems).toEqual(rules.map((r) => checkMetaSchema(r.jsonSchema)));
    expect(problems.some((p) => p.length > 0)).toBe(true);
    // The next build: only the edited rule is checked; the others' problems are the same.
    const edited = JSON.parse(JSON.stringify(rules)) as typeof rules;
    const odd = edited.findIndex((r) => r.key === 'Odd Event');
    (edited[odd]!.jsonSchema as { minProperties?: unknown }).minProperties = 2;
    checked = 0;
    const again = irMemo(first, emptyCache());
    const after = edited.map((r) => again.metaProblems!(r, r.jsonSchema, check));
    expect(checked).toBe(1);
    expect(after).toEqual(edited.map((r) => checkMetaSchema(r.jsonSchema)));
    expect(after[odd]).not.toEqual(problems[odd]);
  });
});
