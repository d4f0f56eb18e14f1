/** `platen build`. STUB until its issue lands: registered so that --help lists it. */
import type { CliCommand } from './types.js';
import { CliFailure } from '../io.js';

export const buildCommand: CliCommand = {
  command: 'build',
  describe: '(build: not available yet)',
  builder: (y) => y,
  run: async () => {
    throw new CliFailure('platen build is not available in this version yet');
  },
};
