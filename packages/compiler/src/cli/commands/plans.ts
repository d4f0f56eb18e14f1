/** `platen plans`. STUB until its issue lands: registered so that --help lists it. */
import type { CliCommand } from './types.js';
import { CliFailure } from '../io.js';

export const plansCommand: CliCommand = {
  command: 'plans',
  describe: '(plans: not available yet)',
  builder: (y) => y,
  run: async () => {
    throw new CliFailure('platen plans is not available in this version yet');
  },
};
