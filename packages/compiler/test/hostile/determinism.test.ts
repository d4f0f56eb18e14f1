/**
 * Determinism under hostile names, where many names collide on one identifier: shuffled object
 * keys, shuffled rule order, CRLF line endings and a BOM (as JSON and as YAML) give byte-identical
 * output. (test/build/determinism.test.ts covers ordinary plans; this adds collisions and encodings.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { runCli } from '../../src/cli/run.js';
import { parsePlanText } from '../../src/plan/index.js';
import type { Json } from '../../src/plan/types.js';
import { readTree, tempDir } from '../support/helpers.js';
import { rng } from '../support/agreement-instances.js';
import { DEV_OPTIONS } from '../support/hostile-client.js';
import { hostilePlan } from '../support/hostile-plan.js';

/**
 * Seeded deep shuffle of object keys; arrays keep their order, and so do the members of a
 * `properties` map (their order is the plan's documentation order, which types follow by design).
 */
function shuffleKeys(value: Json, random: () => number, keepOrder = false): Json {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (!keepOrder) keys.sort(() => random() - 0.5);
  const out: { [k: string]: Json } = {};
  for (const k of keys)
    Object.defineProperty(out, k, {
      value: shuffleKeys(value[k]!, random, k === 'properties'),
      enumerable: true,
    });
  return out;
}

const plan = hostilePlan(5, 120, false).loaded.plan as unknown as { rules: Json[] } & Record<
  string,
  Json
>;
const json = JSON.stringify(plan, null, 2);
const random = rng(11);
const shuffledRules = { ...plan, rules: [...plan.rules].sort(() => random() - 0.5) };

const VARIANTS: [string, { text: string; file: string }][] = [
  ['as written', { text: json, file: 'plan.json' }],
  [
    'shuffled keys',
    { text: JSON.stringify(shuffleKeys(plan as Json, random), null, 2), file: 'plan.json' },
  ],
  ['shuffled rules', { text: JSON.stringify(shuffledRules), file: 'plan.json' }],
  ['CRLF and a BOM', { text: '\ufeff' + json.replace(/\n/g, '\r\n'), file: 'plan.json' }],
  ['YAML', { text: stringify(plan), file: 'plan.yml' }],
  [
    'YAML, CRLF and a BOM',
    { text: '\ufeff' + stringify(plan).replace(/\n/g, '\r\n'), file: 'plan.yml' },
  ],
];

async function filesOf(text: string, file: string): Promise<Record<string, string>> {
  const { loaded, diagnostics } = parsePlanText(text, file);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const result = await compile(loaded!, { ...DEV_OPTIONS, prettier: false });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return Object.fromEntries(result.files.map((f) => [f.path, f.contents]));
}

describe('hostile plans compile to the same bytes whatever the order or encoding', () => {
  it('every variant gives byte-identical files', async () => {
    const want = await filesOf(json, 'plan.json');
    expect(Object.keys(want).length).toBeGreaterThan(120);
    for (const [name, { text, file }] of VARIANTS) {
      const got = await filesOf(text, file);
      expect(Object.keys(got), name).toEqual(Object.keys(want));
      for (const path of Object.keys(want))
        expect(got[path] === want[path], `${name}: ${path}`).toBe(true);
    }
  }, 120_000);

  it('platen build writes the same tree from a CRLF + BOM plan file', async () => {
    const root = tempDir('crlf');
    writeFileSync(join(root, 'a.json'), json);
    writeFileSync(join(root, 'b.json'), '\ufeff' + json.replace(/\n/g, '\r\n'));
    const io = { stdout: () => {}, stderr: () => {}, cwd: root, env: {}, interactive: false };
    expect(await runCli(['build', '--plan', 'a.json', '--out', 'a'], io)).toBe(0);
    expect(await runCli(['build', '--plan', 'b.json', '--out', 'b'], io)).toBe(0);
    expect(readTree(join(root, 'b'))).toEqual(readTree(join(root, 'a')));
    expect(readFileSync(join(root, 'b/platen.manifest.json'), 'utf8')).toContain('"hash"');
  }, 120_000);
});
