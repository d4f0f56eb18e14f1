/**
 * `platen check`: load and validate a plan, print every diagnostic. Exit 0 clean, 1 with errors. Without
 * `--plan` it checks the config's plan (and format), as `platen build` would read it.
 */
import type { CliCommand } from './types.js';
import { relative } from 'node:path';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { loadConfig } from '../../config/index.js';
import { checkPlan } from '../../check.js';
import { renderHuman, renderJson } from '../../diagnostics/render.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/types.js';
import { PLAN_FORMATS, type PlanFormat } from '../../plan/types.js';

/** The plan (and forced format) to check: `--plan`, else the config's; a bad config's diagnostics. */
async function planToCheck(
  args: Record<string, unknown>,
  io: CliIo,
): Promise<{ plan: string; format?: PlanFormat } | Diagnostic[]> {
  if (typeof args.plan === 'string') {
    if (args.config !== undefined) throw new UsageError('Use either --config or --plan, not both.');
    return { plan: args.plan };
  }
  const config = await loadConfig(io.cwd, args.config as string | undefined);
  if (config === undefined) {
    throw new UsageError(
      'Missing --plan: pass --plan FILE, or run platen check where platen.config.json is.',
    );
  }
  if (config.options === undefined) return config.diagnostics;
  // Shown relative, as a --plan would be: diagnostics name the plan's files by this path.
  const plan = relative(io.cwd, config.options.plan) || config.options.plan;
  return { plan, ...(config.options.format ? { format: config.options.format } : {}) };
}

/** `platen check [--plan FILE | --config FILE] [--format F] [--json]`. */
export const checkCommand: CliCommand = {
  command: 'check',
  describe: 'Validate a tracking plan and print every problem found',
  builder: (y) =>
    y
      .option('plan', {
        type: 'string',
        describe: "Plan file or folder of JSON Schemas (default: the config file's plan)",
      })
      .option('config', {
        type: 'string',
        describe: 'Config file whose plan to check (default: platen.config.json or .yml here)',
      })
      // yargs rejects any other value as a usage error (exit 2).
      .option('format', {
        type: 'string',
        choices: PLAN_FORMATS,
        describe: 'Force the plan format instead of detecting it',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON document' }),
  run: async (args, io) => {
    const target = await planToCheck(args, io);
    if (Array.isArray(target)) {
      io.stdout(args.json ? renderJson(target) : renderHuman(target));
      return EXIT.failure;
    }
    const result = await checkPlan(target.plan, {
      cwd: io.cwd,
      format: (args.format as PlanFormat | undefined) ?? target.format,
    });
    io.stdout(args.json ? renderJson(result.diagnostics) : renderHuman(result.diagnostics));
    return hasErrors(result.diagnostics) ? EXIT.failure : EXIT.ok;
  },
};
