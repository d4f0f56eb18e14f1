/**
 * Issue 16, item 10: a read-only output folder. The build is refused before anything changes, with
 * the path and the permission needed; no `.platen-old` is left behind; a leftover one is removed.
 */
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';
import { readTree, REPO, tempDir } from '../support/helpers.js';

// chmod does not stop root (CI runs as root). There, `access` and `rm` are given the kernel's rules
// for an unprivileged user (a folder without its write bit can be neither written to nor emptied),
// so the same code paths meet the same EACCES; as any other user the real calls run.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  if (process.getuid?.() !== 0) return real;
  const denied = (syscall: string, path: string) =>
    Object.assign(new Error(`EACCES: permission denied, ${syscall} '${path}'`), {
      code: 'EACCES',
      syscall,
      path,
    });
  const readOnlyFolder = async (path: string): Promise<string | undefined> => {
    const st = await real.lstat(path).catch(() => undefined);
    if (st === undefined || !st.isDirectory()) return undefined;
    if ((st.mode & 0o200) === 0) return path;
    for (const name of await real.readdir(path)) {
      const found = await readOnlyFolder(join(path, name));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const access: typeof real.access = async (path, mode) => {
    await real.access(path, mode);
    const st = await real.lstat(path);
    if (mode !== undefined && (mode & real.constants.W_OK) !== 0 && (st.mode & 0o200) === 0)
      throw denied('access', String(path));
  };
  const rm: typeof real.rm = async (path, options) => {
    const readOnly = await readOnlyFolder(String(path));
    if (readOnly !== undefined) throw denied('rmdir', readOnly);
    return real.rm(path, options);
  };
  return { ...real, default: { ...real, access, rm }, access, rm };
});

const chmodded: string[] = [];
afterEach(() => {
  // A test may have removed (or be expected to remove) the folder it made read-only.
  for (const path of chmodded.splice(0)) if (existsSync(path)) chmodSync(path, 0o755);
});
function readOnly(path: string): void {
  chmodSync(path, 0o555);
  chmodded.push(path);
}

async function platen(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    interactive: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

function project(name: string): string {
  const dir = tempDir(name);
  copyFileSync(join(REPO, 'fixtures/example/plan.json'), join(dir, 'plan.json'));
  return dir;
}

const build = (cwd: string, mode: string) =>
  platen(['build', '--plan', 'plan.json', '--out', 'ro', '--mode', mode], cwd);

describe('a read-only output folder', () => {
  it.each([['ro'], ['ro/events']])(
    'with %s read-only, a build that changes files is refused before anything changes (exit 1)',
    async (folder) => {
      const cwd = project('ro-out');
      expect((await build(cwd, 'dev')).code).toBe(0);
      readOnly(join(cwd, folder));
      const before = readTree(join(cwd, 'ro'));
      // prod drops the validators: the output must change.
      const r = await build(cwd, 'prod');
      expect(r.stderr).not.toMatch(/internal error|bug/);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${join(cwd, folder)} is not writable`);
      expect(r.stderr).toContain('needs write permission');
      expect(readTree(join(cwd, 'ro'))).toEqual(before);
      expect(lstatSync(join(cwd, folder)).mode & 0o777).toBe(0o555);
      expect(existsSync(join(cwd, '.ro.platen-old'))).toBe(false);
      // Once writable again, the next build goes through.
      chmodSync(join(cwd, folder), 0o755);
      expect((await build(cwd, 'prod')).code).toBe(0);
    },
  );

  it('a leftover .platen-old with a read-only folder is removed by the next build', async () => {
    const cwd = project('ro-leftover');
    expect((await build(cwd, 'dev')).code).toBe(0);
    const old = join(cwd, '.ro.platen-old');
    mkdirSync(join(old, 'events'), { recursive: true });
    writeFileSync(join(old, 'events', 'a.ts'), 'x');
    readOnly(join(old, 'events'));
    const r = await build(cwd, 'prod');
    expect(r.stderr).not.toMatch(/internal error|bug/);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('removed the previous output left by a swap');
    expect(existsSync(old)).toBe(false);
    expect(Object.keys(readTree(join(cwd, 'ro'))).some((p) => p.startsWith('validators/'))).toBe(
      false,
    );
  });
});
