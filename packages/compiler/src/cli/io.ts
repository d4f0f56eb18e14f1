/** The CLI's only window on the world, so commands run in-process in tests exactly as from a shell. */
import { PLATEN_VERSION } from '../version.js';

/** Streams, working directory and environment of one CLI invocation. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** True when a person can answer questions (stdin and stdout are terminals). */
  interactive: boolean;
  /** Asks a question on a terminal; only called when `interactive`. */
  prompt?: (question: string) => Promise<string>;
  /**
   * Ends a long-running command (`build --watch`) cleanly when aborted; without it, such a command
   * stops on SIGINT or SIGTERM.
   */
  signal?: AbortSignal;
}

/** Exit codes: the CLI's contract with shells and CI. */
export const EXIT = {
  ok: 0,
  /** The plan (or config, or request) has errors; `build --check` found stale files. */
  failure: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** A bug in Platen. */
  internal: 3,
} as const;

/** Thrown by commands for a usage problem (bad flag value); turned into exit 2 with the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Thrown by commands for an expected failure with a message already fit for a person; exit 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/** Prints a command's error (usage, expected failure or a bug) and returns its exit code. */
export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof UsageError) {
    io.stderr(`platen: ${err.message}\nRun 'platen --help' for usage.\n`);
    return EXIT.usage;
  }
  if (err instanceof CliFailure) {
    io.stderr(`platen: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(
    `platen: internal error: ${message}\n` +
      `This is a bug in Platen ${PLATEN_VERSION}, not in your plan. Please report it with the command you ran\n` +
      `and, if you can, the plan file; run again with PLATEN_DEBUG=1 to print the stack trace.\n`,
  );
  if (io.env.PLATEN_DEBUG && err instanceof Error && err.stack) io.stderr(err.stack + '\n');
  return EXIT.internal;
}
