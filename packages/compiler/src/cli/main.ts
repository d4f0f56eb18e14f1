/** Process entry point used by `bin/platen.js`. */
import { createInterface } from 'node:readline';
import { runCli } from './run.js';
import { Cancelled } from './io.js';

/**
 * Asks `question` on `output` and resolves with the line typed on `input`; rejects with
 * {@link Cancelled} on Ctrl-C (SIGINT at a terminal) or Ctrl-D (end of input) instead of an answer.
 */
export function promptOn(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  question: string,
  terminal = Boolean((input as { isTTY?: boolean }).isTTY),
): Promise<string> {
  const rl = createInterface({ input, output, terminal });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer);
    });
    // Without a listener readline only pauses on Ctrl-C, and the question would wait forever.
    rl.on('SIGINT', () => {
      output.write('\n');
      rl.close();
    });
    rl.on('close', () => {
      if (!answered) reject(new Cancelled());
    });
  });
}

/** Runs the CLI against the real process and sets the exit code. */
export async function main(argv: string[]): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  process.exitCode = await runCli(argv, {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    interactive,
    prompt: (question) => promptOn(process.stdin, process.stdout, question),
  });
}
