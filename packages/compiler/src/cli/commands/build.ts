/**
 * `platen build`: plan → generated client(s), written atomically. Options come from
 * `platen.config.json`/`.yml` (or `--config`), or from `--plan` and `--out`. `--check` writes
 * nothing and exits 1 when the output on disk is not what would be generated.
 */
import type { CliCommand } from './types.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { pullBeforeBuild, withPullOptions } from './plans-build-pull.js';
import { buildOutputs, resolveBuildOptions } from './build-outputs.js';
import { FORMAT_CHOICES, OUTPUT_CHOICES } from '../../config/index.js';
import { renderHuman } from '../../diagnostics/render.js';

async function run(args: Record<string, unknown>, io: CliIo): Promise<number> {
  if (args.watch === true) {
    if (args.check === true) throw new UsageError('--watch and --check do not go together.');
    if (args.pull === true)
      throw new UsageError('--watch builds from the local plan file: run platen pull first.');
    const { watchBuild } = await import('./build-watch.js');
    return watchBuild(args, io);
  }
  const options = await resolveBuildOptions(args, io);
  if (Array.isArray(options)) {
    io.stderr(renderHuman(options));
    return EXIT.failure;
  }
  await pullBeforeBuild(args, options.plan, options.format, io, options.api);
  return buildOutputs(options, args, io);
}

export const buildCommand: CliCommand = {
  command: 'build',
  describe: 'Generate the typed analytics client(s) from a tracking plan',
  builder: (y) =>
    withPullOptions(y)
      .option('config', {
        type: 'string',
        describe: 'Config file (default: platen.config.json or .yml here)',
      })
      .option('plan', {
        type: 'string',
        describe: 'Plan file or folder of JSON Schemas (instead of a config)',
      })
      .option('out', { type: 'string', describe: 'Output directory (with --plan)' })
      .option('format', {
        type: 'string',
        choices: FORMAT_CHOICES,
        describe: 'Force the plan format',
      })
      .option('language', {
        type: 'string',
        choices: OUTPUT_CHOICES.language.choices,
        describe: `${OUTPUT_CHOICES.language.describe} (default ${OUTPUT_CHOICES.language.default})`,
      })
      .option('sdk', {
        type: 'string',
        choices: OUTPUT_CHOICES.sdk.choices,
        describe: `${OUTPUT_CHOICES.sdk.describe} (default ${OUTPUT_CHOICES.sdk.default})`,
      })
      .option('mode', {
        type: 'string',
        choices: OUTPUT_CHOICES.mode.choices,
        describe: `${OUTPUT_CHOICES.mode.describe} (default ${OUTPUT_CHOICES.mode.default})`,
      })
      .option('module', {
        type: 'string',
        choices: OUTPUT_CHOICES.module.choices,
        describe: `${OUTPUT_CHOICES.module.describe} (default ${OUTPUT_CHOICES.module.default})`,
      })
      .option('prettier', {
        type: 'boolean',
        describe:
          'Also run prettier over generated files (default false: they are printed in its style)',
      })
      .option('cache', {
        type: 'boolean',
        default: true,
        describe:
          'Reuse unchanged rules from the last build (cache in node_modules/.cache/platen or $PLATEN_CACHE_DIR); --no-cache builds everything',
      })
      .option('check', {
        type: 'boolean',
        default: false,
        describe: 'Write nothing; exit 1 when the output is stale',
      })
      .option('watch', {
        type: 'boolean',
        default: false,
        describe:
          'Build, then rebuild in this process whenever the plan (or config) file changes; Ctrl-C stops',
      }),
  run,
};
