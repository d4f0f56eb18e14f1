/** Runs the CLI in-process and captures its output (shared by the check, CLI and plan-format tests). */
import { runCli } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';

/** The outcome of one in-process CLI run. */
export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `platen <argv>` in `cwd` and returns its exit code and output. */
export async function runCapture(argv: string[], cwd = process.cwd()): Promise<Captured> {
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

/** The repository's `fixtures/` folder. */
export const FIXTURES = new URL('../../../../fixtures/', import.meta.url).pathname;
