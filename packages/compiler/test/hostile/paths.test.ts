/**
 * Paths, end to end through `platen build`: no event name can make Platen write outside the output
 * directory (parent segments, absolute and UNC paths, drive letters, device names), and a symlinked
 * output directory, folder or file is refused with a message (no stack), its target untouched.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';
import { unsafePathReason } from '../../src/output/paths.js';
import { readTree, tempDir } from '../support/helpers.js';

/** Runs the CLI in-process, capturing its output. */
async function platen(argv: string[], cwd: string) {
  let out = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    cwd,
    env: {},
    interactive: false,
  };
  return { code: await runCli(argv, io), out };
}

const EVIL_NAMES = [
  '../../x',
  '../../../../../../tmp/platen-pwned',
  '/etc/passwd',
  '/tmp/platen-pwned',
  'C:\\Windows\\evil',
  'C:evil',
  '\\\\server\\share\\evil',
  'x/../../../y',
  '..',
  '.',
  '~',
  '~/.bashrc',
  'CON',
  'nul',
  'aux.ts',
  'COM1',
  'lpt9.txt',
  'events/../..',
  'a\u0000b',
  'index',
  'types',
  'validators/x',
  'platen.manifest.json',
  'x'.repeat(300),
];

function planWith(keys: string[]): string {
  return JSON.stringify({
    id: 'tp_paths',
    name: 'Paths',
    type: 'LIVE',
    rules: keys.map((key) => ({
      type: 'TRACK',
      key,
      version: 1,
      jsonSchema: {
        type: 'object',
        properties: { properties: { type: 'object', properties: { a: { type: 'string' } } } },
      },
    })),
  });
}

describe('no plan content writes outside the output directory', () => {
  it('event names that look like paths, devices or generated files stay names', async () => {
    const root = tempDir('paths');
    writeFileSync(join(root, 'plan.json'), planWith(EVIL_NAMES));
    const r = await platen(['build', '--plan', 'plan.json', '--out', 'out'], root);
    expect(r.code, r.out).toBe(0);
    const tree = Object.keys(readTree(root));
    expect(tree.filter((p) => !p.startsWith('out/'))).toEqual(['plan.json']);
    for (const path of tree) expect(unsafePathReason(path), path).toBeUndefined();
    // One event module per name: nothing was merged into, or overwrote, another generated file.
    expect(tree.filter((p) => p.startsWith('out/events/'))).toHaveLength(EVIL_NAMES.length);
  });
});

const SYMLINKS: [string, (root: string, out: string) => string][] = [
  [
    'the output directory is a symlink',
    (root, out) => {
      mkdirSync(join(root, 'target'));
      rmSync(out, { recursive: true });
      symlinkSync(join(root, 'target'), out);
      return join(root, 'target');
    },
  ],
  [
    'a generated folder is a symlink',
    (root, out) => {
      mkdirSync(join(root, 'target'));
      rmSync(join(out, 'events'), { recursive: true });
      symlinkSync(join(root, 'target'), join(out, 'events'));
      return join(root, 'target');
    },
  ],
  [
    'a generated file is a symlink',
    (root, out) => {
      mkdirSync(join(root, 'target'));
      writeFileSync(join(root, 'target/secret'), 'secret\n');
      rmSync(join(out, 'index.ts'));
      symlinkSync(join(root, 'target/secret'), join(out, 'index.ts'));
      return join(root, 'target');
    },
  ],
];

describe('symlinks in the output are refused, their targets untouched', () => {
  it.each(SYMLINKS)('%s', async (_name, arrange) => {
    const root = tempDir('symlink');
    writeFileSync(join(root, 'plan.json'), planWith(['Signed Up']));
    const out = join(root, 'out');
    const first = await platen(['build', '--plan', 'plan.json', '--out', 'other'], root);
    expect(first.code, first.out).toBe(0);
    mkdirSync(out);
    // A real previous build, so the rebuild must replace files, not only create them.
    for (const [path, contents] of Object.entries(readTree(join(root, 'other')))) {
      mkdirSync(join(out, path, '..'), { recursive: true });
      writeFileSync(join(out, path), contents);
    }
    const target = arrange(root, out);
    const before = readTree(target);
    const r = await platen(['build', '--plan', 'plan.json', '--out', 'out'], root);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/symlink|symbolic link/i);
    expect(r.out).not.toMatch(/\n\s+at /);
    expect(readTree(target)).toEqual(before);
    if (Object.hasOwn(before, 'secret'))
      expect(readFileSync(join(target, 'secret'), 'utf8')).toBe('secret\n');
  });
});
