/** The CLI's only window on the world, so commands run in-process in tests exactly as from a shell. */
import { dirname } from 'node:path';
import { PLATEN_VERSION } from '../version.js';

/** Streams, working directory and environment of one CLI invocation. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** True when a person can answer questions (stdin and stdout are terminals). */
  interactive: boolean;
  /**
   * Asks a question on a terminal; only called when `interactive`. Rejects with {@link Cancelled}
   * when the person presses Ctrl-C or Ctrl-D instead of answering.
   */
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
  /** The person cancelled at a prompt (Ctrl-C or Ctrl-D): 128 + SIGINT, as shells report Ctrl-C. */
  cancelled: 130,
} as const;

/** Rejected by a prompt the person left with Ctrl-C or Ctrl-D; the command ends with exit 130. */
export class Cancelled extends Error {
  override name = 'Cancelled';
  constructor() {
    super('cancelled');
  }
}

/** The error codes of a file operation the operating system did not allow. */
const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * The message for a file operation refused by the operating system (`EACCES`, `EPERM`, `EROFS`),
 * naming the path and the permission needed; `undefined` for any other error.
 */
export function permissionMessage(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!(err instanceof Error) || typeof e?.code !== 'string' || !DENIED.has(e.code))
    return undefined;
  const path = e.path;
  const operation = `${e.syscall ?? 'access'}${path === undefined ? '' : ` ${path}`}`;
  if (e.code === 'EROFS')
    return `cannot ${operation}: the file system is read-only (EROFS); choose a folder on a writable disk.`;
  let needed: string;
  if (path === undefined) needed = 'permission for this operation';
  else if (e.syscall === 'scandir' || e.syscall === 'opendir' || e.syscall === 'read')
    needed = `read permission on ${path}`;
  else if (e.syscall === 'open' || e.syscall === 'stat' || e.syscall === 'lstat')
    // open cannot tell a file it may not read from one it may not create: name both.
    needed = `read permission on ${path}, or write permission on the folder ${dirname(path)} to create it`;
  else if (e.syscall === 'rmdir')
    // Removing a folder means removing its entries first: the folder itself must be writable too.
    needed = `write permission on ${path} and on its folder ${dirname(path)}`;
  else needed = `write permission on the folder ${dirname(path)}`;
  return (
    `permission denied (${e.code}): cannot ${operation}.\n` +
    `Platen needs ${needed}: change the folder's permissions or owner, or choose another folder.`
  );
}

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

/** The command whose `--help` a usage error points to: `platen <command>`, else `platen` alone. */
export function helpCommand(command?: string): string {
  return command === undefined ? 'platen --help' : `platen ${command} --help`;
}

/**
 * Asks a yes/no question at a terminal; `verb` names what happens on yes (`push`, `delete`). Without
 * a terminal, refuses (exit 1) and says to pass `--yes`: nothing irreversible happens unasked.
 */
export async function confirm(io: CliIo, question: string, verb: string): Promise<boolean> {
  if (!io.interactive || !io.prompt) {
    throw new CliFailure(
      `refusing to ${verb} without confirmation: no terminal to ask on; pass --yes to ${verb} anyway`,
    );
  }
  const answer = (await io.prompt(question)).trim().toLowerCase();
  return answer === 'y' || answer === 'yes';
}

/**
 * Prints a command's error (usage, expected failure or a bug) and returns its exit code. A usage
 * error points to the `--help` of `command` (the subcommand run), when known.
 */
export function reportError(err: unknown, io: CliIo, command?: string): number {
  if (err instanceof UsageError) {
    io.stderr(`platen: ${err.message}\nRun '${helpCommand(command)}' for usage.\n`);
    return EXIT.usage;
  }
  if (err instanceof CliFailure) {
    io.stderr(`platen: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof Cancelled) {
    io.stderr('platen: cancelled\n');
    return EXIT.cancelled;
  }
  // A folder the user may not write to is their setup, not a bug in Platen.
  const denied = permissionMessage(err);
  if (denied !== undefined) {
    io.stderr(`platen: ${denied}\n`);
    return EXIT.failure;
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
