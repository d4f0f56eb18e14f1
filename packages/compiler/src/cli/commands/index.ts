/** Every CLI command, in the order `platen --help` lists them. One line per command file. */
import type { CliCommand } from './types.js';
import { checkCommand } from './check.js';

export const commands: CliCommand[] = [checkCommand];
