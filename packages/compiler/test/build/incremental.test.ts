/**
 * Incremental builds: a rebuild reuses an unchanged rule's generated files from the last build (the
 * manifest records each rule's inputs hash and each file's hash), and its output is byte-identical to
 * a full build of the same plan into an empty folder, whatever changed in between.
 */
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { compile } from '../../src/compile.js';
import { OutputBuild } from '../../src/incremental/index.js';
import { GENERATED_BANNER } from '../../src/emit/index.js';
import { parseManifest, writeOutput } from '../../src/output/index.js';
import { parsePlanText } from '../../src/plan/index.js';
import { readTree, REPO, tempDir } from '../support/helpers.js';

type Plan = { rules: { type: string; key: string | null; jsonSchema: Record<string, unknown> }[] };

async function platen(argv: string[], cwd: string): Promise<void> {
  let stderr = '';
  const code = await runCli(argv, {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    interactive: false,
  });
  expect(code, stderr).toBe(0);
}

const example = (): Plan =>
  JSON.parse(readFileSync(join(REPO, 'fixtures/example/plan.json'), 'utf8')) as Plan;

/** Edits of the example plan, each applied on top of the original. */
const EDITS: [string, (plan: Plan) => void][] = [
  [
    'one event gains a property and a new description',
    (plan) => {
      const rule = plan.rules.find((r) => r.key === 'Product Viewed')!;
      const payload = (rule.jsonSchema.properties as Record<string, Record<string, unknown>>)
        .properties!;
      payload.properties = { ...(payload.properties as object), added: { type: 'string' } };
      rule.jsonSchema.description = 'Changed.';
    },
  ],
  [
    'the COMMON rule changes (every dev event module calls its validator)',
    (plan) => {
      plan.rules.find((r) => r.type === 'COMMON')!.jsonSchema.description = 'Common, changed.';
    },
  ],
  ['an event is removed', (plan) => void plan.rules.splice(0, 1)],
  ['the rules are reordered', (plan) => void plan.rules.reverse()],
];

const OUTPUTS: string[][] = [
  ['--mode', 'prod'],
  ['--mode', 'dev'],
  ['--mode', 'prod', '--language', 'javascript', '--module', 'cjs', '--sdk', 'analytics-node'],
];

describe('incremental builds', () => {
  it.each(EDITS.flatMap(([name, edit]) => OUTPUTS.map((flags) => [name, flags, edit] as const)))(
    '%s, %j: the rebuild equals a full build',
    async (_name, flags, edit) => {
      const cwd = tempDir('incremental');
      copyFileSync(join(REPO, 'fixtures/example/plan.json'), join(cwd, 'plan.json'));
      const edited = example();
      edit(edited);
      writeFileSync(join(cwd, 'edited.json'), JSON.stringify(edited, null, 2));
      await platen(['build', '--plan', 'plan.json', '--out', 'inc', ...flags], cwd);
      await platen(['build', '--plan', 'edited.json', '--out', 'inc', ...flags], cwd);
      await platen(['build', '--plan', 'edited.json', '--out', 'full', ...flags], cwd);
      expect(readTree(join(cwd, 'inc'))).toEqual(readTree(join(cwd, 'full')));
      // And back again: the files reused this time come from the edited build.
      await platen(['build', '--plan', 'plan.json', '--out', 'inc', ...flags], cwd);
      await platen(['build', '--plan', 'plan.json', '--out', 'full2', ...flags], cwd);
      expect(readTree(join(cwd, 'inc'))).toEqual(readTree(join(cwd, 'full2')));
    },
  );

  it('a different SDK or language in the same folder reuses nothing it should not', async () => {
    const cwd = tempDir('incremental-options');
    copyFileSync(join(REPO, 'fixtures/example/plan.json'), join(cwd, 'plan.json'));
    const base = ['build', '--plan', 'plan.json', '--mode', 'prod'];
    await platen([...base, '--out', 'inc'], cwd);
    await platen([...base, '--out', 'inc', '--sdk', 'analytics-node'], cwd);
    await platen([...base, '--out', 'full', '--sdk', 'analytics-node'], cwd);
    expect(readTree(join(cwd, 'inc'))).toEqual(readTree(join(cwd, 'full')));
  });

  it('a generated file edited on disk is generated again, not reused', async () => {
    const cwd = tempDir('incremental-edited');
    copyFileSync(join(REPO, 'fixtures/example/plan.json'), join(cwd, 'plan.json'));
    const args = ['build', '--plan', 'plan.json', '--out', 'out', '--mode', 'prod'];
    await platen(args, cwd);
    const before = readTree(join(cwd, 'out'));
    const path = join(cwd, 'out/events/product-viewed.ts');
    // Still starts with the banner, so it still counts as generated; only its hash gives it away.
    writeFileSync(path, readFileSync(path, 'utf8').replace('productViewed(', 'productViewedX('));
    await platen(args, cwd);
    expect(readTree(join(cwd, 'out'))).toEqual(before);
  });

  it('reuses every unchanged event file, reading only those, and records what it reused', async () => {
    const text = readFileSync(join(REPO, 'fixtures/example/plan.json'), 'utf8');
    const options = { language: 'typescript', sdk: 'analytics-next', mode: 'prod' } as const;
    const { loaded } = parsePlanText(text, 'plan.json');
    const first = await compile(loaded!, options);
    const disk = new Map(first.files.map((f) => [f.path, f.contents]));
    const previous = parseManifest(disk.get('platen.manifest.json')!)!;

    const edited = example();
    EDITS[0]![1](edited);
    const { loaded: next } = parsePlanText(JSON.stringify(edited), 'plan.json');
    const reads: string[] = [];
    const read = (path: string): string | undefined => (reads.push(path), disk.get(path));
    const incremental = await compile(next!, options, {
      incremental: new OutputBuild({ manifest: previous, read }),
    });
    const full = await compile(next!, options, { previous });
    expect(incremental.files).toEqual(full.files);
    const events = first.files.filter((f) => f.path.startsWith('events/')).map((f) => f.path);
    // The manifest records the hash of every event file, each under a rule with an inputs hash.
    const recorded = previous.rules.flatMap((r) =>
      r.inputs === undefined ? [] : Object.keys(r.files ?? {}),
    );
    expect(recorded.sort()).toEqual([...events].sort());
    // Every event file but the edited one was offered for reuse (and verified by hash).
    expect(reads.sort()).toEqual(events.filter((p) => p !== 'events/product-viewed.ts').sort());
    // A file whose text differs from the recorded hash is emitted anew.
    const tampered = (path: string): string | undefined =>
      disk.has(path) ? disk.get(path)! + '// edited\n' : undefined;
    const again = await compile(next!, options, {
      incremental: new OutputBuild({ manifest: previous, read: tampered }),
    });
    expect(again.files).toEqual(full.files);
  });

  it('links reused files into the new output instead of writing them', async () => {
    const cwd = tempDir('incremental-links');
    copyFileSync(join(REPO, 'fixtures/example/plan.json'), join(cwd, 'plan.json'));
    const edited = example();
    EDITS[0]![1](edited);
    writeFileSync(join(cwd, 'edited.json'), JSON.stringify(edited, null, 2));
    const args = ['--out', 'out', '--mode', 'prod'];
    await platen(['build', '--plan', 'plan.json', ...args], cwd);
    const inode = (p: string): number => statSync(join(cwd, 'out', p)).ino;
    const kept = inode('events/order-completed.ts');
    const changed = inode('events/product-viewed.ts');
    await platen(['build', '--plan', 'edited.json', ...args], cwd);
    expect(inode('events/order-completed.ts')).toBe(kept);
    expect(inode('events/product-viewed.ts')).not.toBe(changed);
  });

  it('writes, never links, when another build changed the output since it was read', async () => {
    const dir = join(tempDir('incremental-race'), 'out');
    const banner = GENERATED_BANNER;
    const file = (contents: string) => [{ path: 'a.ts', contents: `${banner}\n${contents}\n` }];
    await writeOutput(dir, file('first'));
    const stale = '{"generatedBy":"platen","note":"the manifest this build read"}';
    await writeOutput(dir, file('second'), { unchanged: new Set(['a.ts']), manifest: stale });
    expect(readFileSync(join(dir, 'a.ts'), 'utf8')).toBe(`${banner}\nsecond\n`);
  });

  it('reads reuse fields from a manifest only when well-formed', () => {
    const entry = {
      type: 'TRACK',
      key: 'E',
      version: 1,
      function: 'e',
      propertiesType: 'EProperties',
      file: 'events/e.ts',
    };
    const parse = (extra: object) =>
      parseManifest(JSON.stringify({ generatedBy: 'platen', rules: [{ ...entry, ...extra }] }))!
        .rules[0];
    expect(parse({ inputs: 'abc', files: { 'events/e.ts': 'f00' } })).toEqual({
      ...entry,
      inputs: 'abc',
      files: { 'events/e.ts': 'f00' },
    });
    expect(parse({ inputs: 5, files: { 'events/e.ts': 7 } })).toEqual(entry);
    expect(parse({ files: ['events/e.ts'] })).toEqual(entry);
  });
});
