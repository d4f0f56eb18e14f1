/**
 * Issue 16, item 16 (messages): counts in the right number, an empty plan's message that agrees with
 * what is written, and usage errors that point to the subcommand's `--help`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { readTree, REPO, tempDir } from '../support/helpers.js';

async function platen(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    interactive: false,
  });
  return { code, stdout, stderr };
}

/** A project whose plan.json holds the example plan's first `count` rules. */
function project(name: string, count: number): string {
  const dir = tempDir(name);
  const plan = JSON.parse(readFileSync(join(REPO, 'fixtures/example/plan.json'), 'utf8')) as {
    rules: unknown[];
  };
  writeFileSync(
    join(dir, 'plan.json'),
    JSON.stringify({ ...plan, rules: plan.rules.slice(0, count) }),
  );
  return dir;
}

describe('build lines', () => {
  it('say "1 event", not "1 events"', async () => {
    const r = await platen(['build', '--plan', 'plan.json', '--out', 'out'], project('one', 1));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^platen: out: \d+ files, 1 event, dev, /);
  });

  it('an empty plan says the client is generated without event functions, and that is what is written', async () => {
    const cwd = project('empty', 0);
    const r = await platen(['build', '--plan', 'plan.json', '--out', 'out'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('nothing will be generated');
    expect(r.stderr).toContain(
      'the client is generated without event functions, only the files every client has',
    );
    const files = Object.keys(readTree(join(cwd, 'out')));
    expect(r.stdout).toMatch(new RegExp(`^platen: out: ${files.length} files, 0 events, dev, `));
    expect(files.some((f) => f.startsWith('events/'))).toBe(false);
  });
});

describe("usage errors point to the subcommand's --help", () => {
  it.each([
    [['build', '--plan', 'plan.json'], 'platen build --help'],
    [['build', '--no-such-flag'], 'platen build --help'],
    [['plans', 'nope'], 'platen plans --help'],
    [['check', '--plan', 'a.json', '--format', 'nope'], 'platen check --help'],
    [[], 'platen --help'],
    [['no-such-command'], 'platen --help'],
  ])('%j → %s', async (argv, help) => {
    const r = await platen(argv, tempDir('usage'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`\\nRun '${help}' for usage\\.\\n$`));
  });
});
