import type { Argv } from 'yargs';
import type { CliIo } from '../io.js';

/** One CLI command: yargs options plus a handler that returns the exit code. */
export interface CliCommand {
  command: string | string[];
  describe: string;
  builder: (y: Argv) => Argv<any>;
  run: (args: Record<string, unknown>, io: CliIo) => Promise<number>;
}
