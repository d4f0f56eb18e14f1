import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PLATEN_VERSION } from '../../src/version.js';
import { runCapture } from '../support/capture.js';

describe('cli shell', () => {
  it.each([
    ['unknown command', ['frobnicate'], 2, /Unknown argument: frobnicate/],
    ['no command', [], 2, /Name a command/],
    ['missing --plan with no config', ['check'], 2, /Missing --plan/],
  ])('%s exits with a usage error and no stack', async (_n, argv, code, message) => {
    const r = await runCapture(argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help listing the commands', async () => {
    const r = await runCapture(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/platen check/);
    expect(r.stdout).toMatch(/platen build/);
  });

  it('version matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(PLATEN_VERSION).toBe(pkg.version);
  });
});
