/** `platen check`: load and validate a plan, print every diagnostic. Exit 0 clean, 1 with errors. */
import type { CliCommand } from './types.js';
import { EXIT } from '../io.js';
import { checkPlan } from '../../check.js';
import { renderHuman, renderJson } from '../../diagnostics/render.js';
import { hasErrors } from '../../diagnostics/types.js';
import { PLAN_FORMATS, type PlanFormat } from '../../plan/types.js';

/** `platen check --plan FILE [--format F] [--json]`. */
export const checkCommand: CliCommand = {
  command: 'check',
  describe: 'Validate a tracking plan and print every problem found',
  builder: (y) =>
    y
      .option('plan', {
        type: 'string',
        demandOption: true,
        describe: 'Plan file or folder of JSON Schemas',
      })
      // yargs rejects any other value as a usage error (exit 2).
      .option('format', {
        type: 'string',
        choices: PLAN_FORMATS,
        describe: 'Force the plan format instead of detecting it',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON document' }),
  run: async (args, io) => {
    const result = await checkPlan(String(args.plan), {
      cwd: io.cwd,
      format: args.format as PlanFormat | undefined,
    });
    io.stdout(args.json ? renderJson(result.diagnostics) : renderHuman(result.diagnostics));
    return hasErrors(result.diagnostics) ? EXIT.failure : EXIT.ok;
  },
};
