/** The output writer: path safety, ownership, symlinks, recovery, and `--check`. */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../../src/compile-types.js';
import { GENERATED_BANNER } from '../../src/emit/banner.js';
import {
  checkOutput,
  isFresh,
  OutputRefusal,
  recoverOutput,
  swapPaths,
  unsafePathReason,
  writeOutput,
} from '../../src/output/index.js';
import { readTree, tempDir } from '../support/helpers.js';

const gen = (path: string, body = 'export {};'): GeneratedFile => ({
  path,
  contents: `${GENERATED_BANNER}\n${body}\n`,
});
const CLIENT = [
  gen('index.ts'),
  gen('events/a.ts', 'export const a = 1;'),
  gen('events/b.ts', 'export const b = 2;'),
];

describe('unsafePathReason', () => {
  it.each([
    ['index.ts', undefined],
    ['events/signed-up-beta.ts', undefined],
    ['validators/x.ts', undefined],
    ['', 'the path is empty'],
    ['/etc/passwd', 'the path is absolute'],
    ['../outside.ts', 'the path has a "." or ".." segment'],
    ['events/../../x.ts', 'the path has a "." or ".." segment'],
    ['./x.ts', 'the path has a "." or ".." segment'],
    ['a//b.ts', 'the path has an empty segment'],
    ['a\u0000b.ts', 'the path contains a control character'],
    ['C:/x.ts', 'the path contains a character reserved on some file systems'],
    ['a\\b.ts', 'the path contains a character reserved on some file systems'],
    ['events/con.ts', '"con.ts" is a reserved device name'],
    ['NUL', '"NUL" is a reserved device name'],
    ['events/x. ', 'a segment ends with a dot or a space'],
    ['a'.repeat(256), 'a segment is longer than 255 bytes'],
  ])('%j → %j', (given, want) => {
    expect(unsafePathReason(given)).toBe(want);
  });
});

async function refusal(dir: string, files: GeneratedFile[]): Promise<OutputRefusal> {
  const err = await writeOutput(dir, files).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutputRefusal);
  return err as OutputRefusal;
}

describe('writeOutput', () => {
  it('writes, then leaves an unchanged output untouched, then removes what the plan dropped', async () => {
    const out = join(tempDir('write'), 'analytics');
    expect(await writeOutput(out, CLIENT)).toEqual({ changed: true, removed: [] });
    expect(readTree(out)).toEqual(Object.fromEntries(CLIENT.map((f) => [f.path, f.contents])));
    const mtime = statSync(join(out, 'index.ts')).mtimeMs;
    expect(await writeOutput(out, CLIENT)).toEqual({ changed: false, removed: [] });
    expect(statSync(join(out, 'index.ts')).mtimeMs).toBe(mtime);
    expect(await writeOutput(out, CLIENT.slice(0, 2))).toEqual({
      changed: true,
      removed: ['events/b.ts'],
    });
    expect(Object.keys(readTree(out)).sort()).toEqual(['events/a.ts', 'index.ts']);
  });

  it("keeps a person's files (same inode, same bytes) across rebuilds", async () => {
    const out = join(tempDir('person'), 'analytics');
    await writeOutput(out, CLIENT);
    mkdirSync(join(out, 'custom'));
    writeFileSync(join(out, 'custom/helpers.ts'), 'export const mine = true;\n');
    writeFileSync(join(out, 'events/notes.md'), 'my notes\n');
    const inode = statSync(join(out, 'custom/helpers.ts')).ino;
    await writeOutput(out, [gen('index.ts', 'export const changed = 1;'), ...CLIENT.slice(1)]);
    expect(readFileSync(join(out, 'custom/helpers.ts'), 'utf8')).toBe(
      'export const mine = true;\n',
    );
    expect(statSync(join(out, 'custom/helpers.ts')).ino).toBe(inode);
    expect(readFileSync(join(out, 'events/notes.md'), 'utf8')).toBe('my notes\n');
  });

  it('refuses to overwrite a file a person wrote, names it, and writes nothing', async () => {
    const out = join(tempDir('refuse'), 'analytics');
    await writeOutput(out, CLIENT);
    writeFileSync(join(out, 'events/b.ts'), '// mine, no banner\n');
    const before = readTree(out);
    const err = await refusal(out, [
      ...CLIENT.slice(0, 2),
      gen('events/b.ts', 'export const b = 3;'),
    ]);
    expect(err.file).toBe('events/b.ts');
    expect(err.message).toMatch(
      /Refusing to overwrite .*events\/b\.ts: it is a file Platen did not generate/,
    );
    expect(readTree(out)).toEqual(before);
  });

  it.each([
    [
      'the output directory is a symlink',
      (root: string, out: string) => {
        mkdirSync(join(root, 'real'));
        symlinkSync(join(root, 'real'), out);
      },
      (out: string) => out,
    ],
    [
      'a generated folder is a symlink',
      (root: string, out: string) => {
        mkdirSync(out);
        mkdirSync(join(root, 'elsewhere'));
        symlinkSync(join(root, 'elsewhere'), join(out, 'events'));
      },
      () => 'events',
    ],
    [
      'a generated file is a symlink',
      (root: string, out: string) => {
        mkdirSync(out);
        writeFileSync(join(root, 'secret'), 's');
        symlinkSync(join(root, 'secret'), join(out, 'index.ts'));
      },
      () => 'index.ts',
    ],
    [
      'the output directory is a project root',
      (_root: string, out: string) => {
        mkdirSync(out);
        writeFileSync(join(out, 'package.json'), '{}');
      },
      () => 'package.json',
    ],
  ])('refuses when %s, touching nothing', async (_name, arrange, blamed) => {
    const root = tempDir('symlink');
    const out = join(root, 'analytics');
    arrange(root, out);
    const before = readTree(root);
    const err = await refusal(out, CLIENT);
    expect(err.file).toBe(blamed(out));
    expect(readTree(root)).toEqual(before);
  });

  it('refuses a generated path that would escape the output directory', async () => {
    const root = tempDir('escape');
    const err = await refusal(join(root, 'out'), [gen('../evil.ts')]);
    expect(err.message).toMatch(/"\.\.\/evil\.ts"/);
    expect(existsSync(join(root, 'evil.ts'))).toBe(false);
  });

  it('takes over a lock left by a killed build', async () => {
    const out = join(tempDir('lock'), 'analytics');
    writeFileSync(swapPaths(out).lock, '999999999');
    expect((await writeOutput(out, CLIENT)).changed).toBe(true);
    expect(existsSync(swapPaths(out).lock)).toBe(false);
  });
});

describe('recoverOutput', () => {
  const OLD = { 'index.ts': 'old\n' };
  const NEW = { 'index.ts': 'new\n' };
  const put = (dir: string, tree: Record<string, string>) => {
    mkdirSync(dir, { recursive: true });
    for (const [p, c] of Object.entries(tree)) writeFileSync(join(dir, p), c);
  };
  it.each([
    ['killed while building', { dir: OLD, building: NEW }, OLD, 'discarded an unfinished build'],
    [
      'killed between the swap renames',
      { ready: NEW, old: OLD },
      NEW,
      'finished an interrupted swap',
    ],
    [
      'killed after marking ready, before the swap',
      { dir: OLD, ready: NEW },
      OLD,
      'discarded a finished build that was never swapped in',
    ],
    [
      'killed while removing the old output',
      { dir: NEW, old: OLD },
      NEW,
      'removed the previous output left by a swap',
    ],
    ['nothing to recover', { dir: OLD }, OLD, undefined],
  ] as const)('%s', async (_name, given, want, said) => {
    const out = join(tempDir('recover'), 'analytics');
    const p = swapPaths(out);
    if ('dir' in given) put(out, given.dir);
    if ('building' in given) put(p.building, given.building);
    if ('ready' in given) put(p.ready, given.ready);
    if ('old' in given) put(p.old, given.old);
    expect(await recoverOutput(out)).toBe(said);
    expect(readTree(out)).toEqual(want);
    for (const leftover of [p.building, p.ready, p.old]) expect(existsSync(leftover)).toBe(false);
  });
});

describe('checkOutput', () => {
  it('reports missing, stale and extra files and an interrupted build; writes nothing', async () => {
    const out = join(tempDir('check'), 'analytics');
    expect(isFresh(await checkOutput(out, CLIENT))).toBe(false);
    await writeOutput(out, CLIENT);
    expect(await checkOutput(out, CLIENT)).toEqual({
      missing: [],
      stale: [],
      extra: [],
      interrupted: false,
    });
    writeFileSync(join(out, 'events/a.ts'), `${GENERATED_BANNER}\nedited\n`);
    const before = readTree(out);
    const diff = await checkOutput(out, [CLIENT[0]!, CLIENT[1]!, gen('events/c.ts')]);
    expect(diff).toEqual({
      missing: ['events/c.ts'],
      stale: ['events/a.ts'],
      extra: ['events/b.ts'],
      interrupted: false,
    });
    mkdirSync(swapPaths(out).ready);
    expect((await checkOutput(out, CLIENT)).interrupted).toBe(true);
    expect(readTree(out)).toEqual(before);
    expect(lstatSync(swapPaths(out).ready).isDirectory()).toBe(true);
  });
});
