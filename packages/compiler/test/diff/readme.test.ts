/**
 * Issue 17, acceptance 1: the README's `platen diff` example is what `platen diff` prints for the two
 * plans in fixtures/diff/, run from the repository root.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { REPO } from '../support/helpers.js';

it("the README's platen diff example is the command's output", async () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const command = 'platen diff --from fixtures/diff/plan-v1.json --to fixtures/diff/plan-v2.json';
  const at = readme.indexOf('```sh\n' + command + '\n```');
  expect(at).toBeGreaterThan(0);
  const block = /```text\n([\s\S]*?)```/.exec(readme.slice(at))![1];
  let stdout = '';
  const code = await runCli(command.split(' ').slice(1), {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stdout += t),
    cwd: REPO,
    env: {},
    interactive: false,
  });
  expect(code).toBe(0);
  expect(stdout).toBe(block);
});
