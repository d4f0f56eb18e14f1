/**
 * `platen status` on bad input: a clear message naming the file (and line), exit 1 (exit 2 for a bad
 * flag), never a stack trace or an "internal error".
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { REPO, tempDir } from '../support/helpers.js';

const APP = join(REPO, 'fixtures/status-app');

/** The scratch copies this file made, removed when it ends. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

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

/** The fixture app, not built (no client). */
function unbuilt(name: string): string {
  const dir = tempDir(`status-err-${name}`);
  made.push(dir);
  cpSync(APP, dir, { recursive: true });
  return dir;
}

function expectUserError(r: { code: number; stdout: string; stderr: string }, message: RegExp) {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/^platen: /);
  expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(1);
}

describe('platen status refuses bad input with a message and exit 1', () => {
  let dir: string;
  beforeAll(() => {
    dir = unbuilt('base');
  });

  it('a missing tsconfig is named', async () => {
    expectUserError(
      await platen(['status', '--project', 'app/tsconfig.json'], dir),
      /app\/tsconfig\.json: no such file \(pass the app's tsconfig with --project\)/,
    );
  });

  it('a folder given as the tsconfig is named', async () => {
    expectUserError(await platen(['status', '--project', 'src'], dir), /src is a folder/);
  });

  it('a tsconfig that is not JSON is named with its line', async () => {
    const d = unbuilt('syntax');
    writeFileSync(
      join(d, 'tsconfig.json'),
      '{\n  "compilerOptions": {\n    "strict": true,,\n  }\n}\n',
    );
    expectUserError(
      await platen(['status'], d),
      /tsconfig\.json cannot be read: tsconfig\.json:3:\d+: /,
    );
  });

  it('a tsconfig with a bad option lists the error with file:line:col', async () => {
    const d = unbuilt('option');
    writeFileSync(
      join(d, 'tsconfig.json'),
      '{\n  "compilerOptions": {\n    "module": "bogus"\n  },\n  "include": ["src"]\n}\n',
    );
    expectUserError(
      await platen(['status'], d),
      /tsconfig\.json has errors:\n {2}tsconfig\.json:3:15: Argument for '--module' option must be/,
    );
  });

  it('a tsconfig that selects no file says so', async () => {
    const d = unbuilt('empty');
    writeFileSync(join(d, 'tsconfig.json'), '{ "include": ["nothing-here"] }\n');
    expectUserError(await platen(['status'], d), /tsconfig\.json selects no source file/);
  });

  it('a config whose output was never built: run platen build', async () => {
    expectUserError(
      await platen(['status'], dir),
      /no generated client in src\/analytics \(the config's output has no platen\.manifest\.json\): run platen build first/,
    );
  });

  it('no config and no manifest anywhere: no generated client found', async () => {
    const d = unbuilt('no-client');
    rmSync(join(d, 'platen.config.json'));
    expectUserError(await platen(['status'], d), /no generated client found/);
  });

  it('a broken config is reported with its diagnostics', async () => {
    const d = unbuilt('bad-config');
    writeFileSync(join(d, 'platen.config.json'), '{ "plan": "plan.json", "outputs": [] }\n');
    expectUserError(await platen(['status'], d), /the config has errors:\n.*outputs/);
  });

  it('--config naming a missing file is named', async () => {
    expectUserError(
      await platen(['status', '--config', 'nope.json'], dir),
      /the config has errors:\n.*nope\.json.*could not be read/,
    );
  });

  it('an unknown --fail-on value is a usage error (exit 2)', async () => {
    mkdirSync(join(dir, 'x'), { recursive: true });
    const r = await platen(['status', '--fail-on', 'everything'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fail-on/);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  });
});
