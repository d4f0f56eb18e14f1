/** `platen check`: load and validate a plan, print every diagnostic. */
import type { CliCommand } from './types.js';
import { EXIT } from '../io.js';

export const checkCommand: CliCommand = {
  command: 'check',
  describe: 'Validate a tracking plan and print every problem found',
  builder: (y) =>
    y
      .option('plan', { type: 'string', demandOption: true, describe: 'Plan file or folder of JSON Schemas' })
      .option('format', { type: 'string', describe: 'Force the plan format' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON document' }),
  run: async (_args, io) => {
    io.stdout('check: not wired yet\n');
    return EXIT.ok;
  },
};
