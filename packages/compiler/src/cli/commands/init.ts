/** `platen init`. STUB until its issue lands: registered so that --help lists it. */
import type { CliCommand } from './types.js';
import { CliFailure } from '../io.js';

export const initCommand: CliCommand = {
  command: 'init',
  describe: '(init: not available yet)',
  builder: (y) => y,
  run: async () => {
    throw new CliFailure('platen init is not available in this version yet');
  },
};
