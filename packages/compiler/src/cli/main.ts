/** Process entry point used by `bin/platen.js`. */
import { createInterface } from 'node:readline/promises';
import { runCli } from './run.js';

/** Runs the CLI against the real process and sets the exit code. */
export async function main(argv: string[]): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  process.exitCode = await runCli(argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    interactive,
    prompt: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  });
}
