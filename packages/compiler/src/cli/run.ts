/** `runCli(argv, io)`: parses flags with yargs, runs one command, returns its exit code. Never throws. */
import yargs from 'yargs';
import { commands } from './commands/index.js';
import { EXIT, helpCommand, reportError, type CliIo } from './io.js';
import { PLATEN_VERSION } from '../version.js';
import { findConfigFile } from '../config/load.js';

/**
 * Plain `platen` (no command, only flags) builds when a config is here, as `typewriter` alone did;
 * without one, yargs keeps asking for a command. Help and version stay what they were.
 */
async function defaultCommand(argv: string[], io: CliIo): Promise<string[]> {
  if (!argv.every((a) => a.startsWith('-'))) return argv;
  if (argv.some((a) => ['--help', '-h', '--version'].includes(a))) return argv;
  const config = await findConfigFile(io.cwd);
  if (config === undefined) return argv;
  io.stderr(`platen: no command given; building from ${config} (platen --help lists commands)\n`);
  return ['build', ...argv];
}

/** Runs the CLI in-process. Every outcome, including a bug, becomes text on `io` and an exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    argv = await defaultCommand(argv, io);
  } catch (err) {
    return reportError(err, io, undefined);
  }
  let exitCode: number = EXIT.ok;
  // The subcommand named (its first word: `plans <action>` is `plans`), for the `--help` to point to.
  const names = new Set(commands.map((c) => [c.command].flat()[0]!.split(' ')[0]!));
  const first = argv.find((a) => !a.startsWith('-'));
  const command = first !== undefined && names.has(first) ? first : undefined;
  let usageMessage: string | undefined;
  const parser = yargs(argv)
    .scriptName('platen')
    .version(PLATEN_VERSION)
    .help()
    .strict()
    // Help is only laid out (cliui wraps every line: ~0.1 s CPU) when asked for; yargs builds it
    // before every command anyway, in case the handler shows it.
    .wrap(argv.some((a) => a === '--help' || a === '-h') ? 100 : null)
    .exitProcess(false)
    .demandCommand(1, 'Name a command: platen <command> --help lists them.')
    .fail((msg, err) => {
      usageMessage = msg ?? err?.message ?? 'invalid arguments';
    });
  for (const c of commands) {
    parser.command(
      c.command,
      c.describe,
      (y) => c.builder(y),
      async (args) => {
        // yargs still calls the handler after .fail() reported a usage error.
        if (usageMessage !== undefined) return;
        exitCode = await c.run(args as Record<string, unknown>, io);
      },
    );
  }
  try {
    let helpText = '';
    await parser.parseAsync(argv, {}, (_err, _argv, output) => {
      helpText = output;
    });
    if (usageMessage !== undefined) {
      io.stderr(`platen: ${usageMessage}\nRun '${helpCommand(command)}' for usage.\n`);
      return EXIT.usage;
    }
    if (helpText) io.stdout(helpText.endsWith('\n') ? helpText : helpText + '\n');
    return exitCode;
  } catch (err) {
    return reportError(err, io, command);
  }
}
