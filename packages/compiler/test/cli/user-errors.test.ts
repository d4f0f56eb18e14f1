/**
 * Issue 16, item 11: ordinary conditions (a folder the user may not write to, Ctrl-C or Ctrl-D at a
 * prompt, `--out /`) are user errors with a clear message and a non-3 exit code, never "a bug".
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { promptOn } from '../../src/cli/main.js';
import { Cancelled, reportError, type CliIo } from '../../src/cli/io.js';
import { REPO, tempDir } from '../support/helpers.js';

// chmod does not stop root (CI runs as root): there the operating system's refusal is injected
// into the one call that meets it, so the same code path (an EACCES from fs) is exercised.
const isRoot = process.getuid?.() === 0;
const denied = vi.hoisted(() => ({ prefix: undefined as string | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof real.writeFile = async (path, ...rest) => {
    if (denied.prefix !== undefined && String(path).startsWith(denied.prefix))
      throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), {
        code: 'EACCES',
        errno: -13,
        syscall: 'open',
        path: String(path),
      });
    return real.writeFile(path, ...rest);
  };
  return { ...real, default: { ...real, writeFile }, writeFile };
});
afterEach(() => {
  denied.prefix = undefined;
});

async function platen(argv: string[], cwd: string, extra: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    interactive: false,
    ...extra,
  });
  return { code, stdout, stderr };
}

function project(name: string): string {
  const dir = tempDir(name);
  copyFileSync(join(REPO, 'fixtures/example/plan.json'), join(dir, 'plan.json'));
  return dir;
}

describe('permission denied is a user error (exit 1), naming the path and the permission', () => {
  it('a read-only parent folder: the lock cannot be created', async () => {
    const cwd = project('ro-parent');
    const parent = join(cwd, 'ro');
    mkdirSync(parent);
    if (isRoot) denied.prefix = join(parent, '.out.platen-lock');
    else chmodSync(parent, 0o555);
    try {
      const r = await platen(['build', '--plan', 'plan.json', '--out', 'ro/out'], cwd);
      expect(r.stderr).not.toMatch(/internal error|bug/);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cannot open ${join(parent, '.out.platen-lock')}`);
      expect(r.stderr).toContain(`write permission on the folder ${parent}`);
      expect(existsSync(join(parent, 'out'))).toBe(false);
    } finally {
      chmodSync(parent, 0o755);
    }
  });

  it.each([
    ['EACCES', 'rmdir', '/p/.o.platen-old/events', 'write permission on /p/.o.platen-old/events'],
    ['EPERM', 'unlink', '/p/o/a.ts', 'write permission on the folder /p/o'],
    ['EACCES', 'scandir', '/p/o', 'read permission on /p/o'],
    ['EROFS', 'mkdir', '/p/o', 'the file system is read-only'],
  ])('reportError: %s on %s', (code, syscall, path, needed) => {
    let stderr = '';
    const io = { stdout: () => {}, stderr: (t: string) => (stderr += t), cwd: '/', env: {} };
    const err = Object.assign(new Error(`${code}: no, ${syscall} '${path}'`), {
      code,
      syscall,
      path,
    });
    expect(reportError(err, { ...io, interactive: false })).toBe(1);
    expect(stderr).not.toMatch(/internal error|bug/);
    expect(stderr).toContain(path);
    expect(stderr).toContain(needed);
  });
});

describe('Ctrl-C or Ctrl-D at a prompt says "cancelled" and exits 130', () => {
  const cancelled = { interactive: true, prompt: () => Promise.reject(new Cancelled()) };

  it('init', async () => {
    const cwd = tempDir('init-cancel');
    const r = await platen(['init'], cwd, cancelled);
    expect([r.code, r.stderr]).toEqual([130, 'platen: cancelled\n']);
    expect(existsSync(join(cwd, 'platen.config.json'))).toBe(false);
  });

  it('push', async () => {
    const cwd = project('push-cancel');
    const r = await platen(
      ['push', 'plan.json', '--create', '--name', 'N', '--api-url', 'http://127.0.0.1:9'],
      cwd,
      { ...cancelled, env: { PLATEN_TOKEN: 't' } },
    );
    expect([r.code, r.stderr]).toEqual([130, 'platen: cancelled\n']);
  });

  it('the terminal prompt rejects with Cancelled on Ctrl-C and on Ctrl-D, and resolves an answer', async () => {
    const ask = (typed: (input: PassThrough) => void, terminal: boolean) => {
      const input = new PassThrough();
      const answer = promptOn(input, new PassThrough(), 'Push? ', terminal);
      typed(input);
      return answer;
    };
    await expect(ask((i) => i.write('\x03'), true)).rejects.toBeInstanceOf(Cancelled);
    await expect(ask((i) => i.write('\x04'), true)).rejects.toBeInstanceOf(Cancelled);
    await expect(ask((i) => i.end(), false)).rejects.toBeInstanceOf(Cancelled);
    await expect(ask((i) => i.write('yes\n'), false)).resolves.toBe('yes');
  });
});

describe('--out /', () => {
  it('is refused at once (exit 1) instead of scanning the whole file system', async () => {
    const cwd = project('out-root');
    const r = await platen(['build', '--plan', 'plan.json', '--out', '/'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Refusing to write to \/: it is the root of the file system/);
  });

  it('a folder holding the working directory is refused too', async () => {
    const cwd = project('out-parent');
    mkdirSync(join(cwd, 'sub'));
    // The plan lies elsewhere: only the working directory inside the output is at stake.
    const plan = join(REPO, 'fixtures/example/plan.json');
    const r = await platen(['build', '--plan', plan, '--out', '..'], join(cwd, 'sub'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds the working directory or the plan/);
    expect(existsSync(join(cwd, 'platen.manifest.json'))).toBe(false);
  });
});
