/** `platen push`. STUB until its issue lands: registered so that --help lists it. */
import type { CliCommand } from './types.js';
import { CliFailure } from '../io.js';

export const pushCommand: CliCommand = {
  command: 'push',
  describe: '(push: not available yet)',
  builder: (y) => y,
  run: async () => {
    throw new CliFailure('platen push is not available in this version yet');
  },
};
