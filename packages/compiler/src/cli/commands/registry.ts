/** `platen registry`. STUB until its issue lands: registered so that --help lists it. */
import type { CliCommand } from './types.js';
import { CliFailure } from '../io.js';

export const registryCommand: CliCommand = {
  command: 'registry',
  describe: '(registry: not available yet)',
  builder: (y) => y,
  run: async () => {
    throw new CliFailure('platen registry is not available in this version yet');
  },
};
