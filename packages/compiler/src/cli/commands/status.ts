/**
 * `platen status [--project tsconfig.json] [--config FILE] [--json] [--fail-on unplanned|uncovered]`:
 * which planned events the app's code calls, and where. The analysis (`status/`, which needs ts-morph
 * and TypeScript) is loaded only when this command runs, so no other command pays for it.
 */
import type { CliCommand } from './types.js';
import { CliFailure, EXIT } from '../io.js';

/** What `--fail-on` can fail on. */
const FAIL_ON = ['unplanned', 'uncovered'] as const;

/** `platen status`. */
export const statusCommand: CliCommand = {
  command: 'status',
  describe:
    'Find the calls of the generated client in the code: coverage, unplanned and unknown names',
  builder: (y) =>
    y
      .option('project', {
        type: 'string',
        default: 'tsconfig.json',
        describe: "The app's tsconfig",
      })
      .option('config', {
        type: 'string',
        describe:
          'Config whose outputs are the clients (default: platen.config.json here or beside the tsconfig)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON document' })
      .option('fail-on', {
        type: 'string',
        array: true,
        choices: FAIL_ON,
        describe: 'Exit 1 when a call names an unplanned event, or a planned event is never called',
      })
      .example('$0 status', 'report on ./tsconfig.json')
      .example('$0 status --json --fail-on unplanned', 'for CI'),
  run: async (args, io) => {
    let status: typeof import('../../status/index.js');
    try {
      status = await import('../../status/index.js');
    } catch (err) {
      // ts-morph is a dependency of @platen/compiler: missing, the install is broken.
      const message = err instanceof Error ? err.message : String(err);
      throw new CliFailure(
        `cannot load the status analysis (ts-morph): ${message}\nReinstall: npm i -D @platen/compiler`,
      );
    }
    let report;
    try {
      report = await status.analyzeStatus({
        cwd: io.cwd,
        project: String(args.project),
        ...(typeof args.config === 'string' ? { config: args.config } : {}),
      });
    } catch (err) {
      if (err instanceof status.StatusInputError) throw new CliFailure(err.message);
      throw err;
    }
    io.stdout(args.json ? status.renderStatusJson(report) : status.renderStatusHuman(report));
    const failOn = new Set((args.failOn as string[] | undefined) ?? []);
    const failed =
      (failOn.has('unplanned') && report.unplanned.length > 0) ||
      (failOn.has('uncovered') && report.uncovered.length > 0);
    return failed ? EXIT.failure : EXIT.ok;
  },
};
