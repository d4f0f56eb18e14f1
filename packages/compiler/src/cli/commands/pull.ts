/** `platen pull`. STUB until its issue lands: registered so that --help lists it. */
import type { CliCommand } from './types.js';
import { CliFailure } from '../io.js';

export const pullCommand: CliCommand = {
  command: 'pull',
  describe: '(pull: not available yet)',
  builder: (y) => y,
  run: async () => {
    throw new CliFailure('platen pull is not available in this version yet');
  },
};
