/**
 * `platen diff --from A --to B [--json | --markdown] [--fail-on breaking|any]`: what changes between
 * two plans, per event and property, and whom each change breaks. A and B: a plan file or folder, a
 * tracking plan through the API (`tp_x`, `tp_x@12`), or an output folder (the plan it was built from).
 */
import type { CliCommand } from './types.js';
import { EXIT, UsageError } from '../io.js';
import { diffIr, formatDiffMarkdown, formatDiffText, type PlanDiff } from '../../diff/index.js';
import { PLAN_FORMATS, type PlanFormat } from '../../plan/types.js';
import { parseSource, readSource } from './diff-sources.js';
import { withApiOptions } from './plans-client.js';

/** The `--json` document: stable, versioned (`docs/decisions.md#diff-classes`). */
export interface DiffDocument extends PlanDiff {
  /** Version of this shape; bumped only by a change that could break a reader. */
  diffVersion: 1;
  from: string;
  to: string;
}

/** `platen diff`. */
export const diffCommand: CliCommand = {
  command: 'diff',
  describe: 'Show what changes between two plans, per event and property, and whom it breaks',
  builder: (y) =>
    withApiOptions(
      y
        .option('from', {
          type: 'string',
          describe:
            'Old plan: a plan file or folder, a tracking plan id (tp_x, or tp_x@REVISION), or an output folder',
        })
        .option('to', { type: 'string', describe: 'New plan (same kinds as --from)' })
        .option('format', {
          type: 'string',
          choices: PLAN_FORMATS,
          describe: 'Force the format of plan files instead of detecting it',
        })
        .option('config', {
          type: 'string',
          describe: 'Config file to read apiUrl and tokenCommand from',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON document' })
        .option('markdown', {
          type: 'boolean',
          default: false,
          describe: 'Print Markdown for a pull-request comment',
        })
        .option('fail-on', {
          type: 'string',
          choices: ['breaking', 'any'],
          describe: 'Exit 1 when a breaking change (or any change) is found',
        }),
    ),
  run: async (args, io) => {
    const from = args.from;
    const to = args.to;
    if (typeof from !== 'string' || typeof to !== 'string')
      throw new UsageError(
        'diff needs --from A and --to B (plan files, output folders or tracking plan ids)',
      );
    if (args.json === true && args.markdown === true)
      throw new UsageError('Use either --json or --markdown, not both.');
    const fromSpec = parseSource(from, '--from', io.cwd);
    const toSpec = parseSource(to, '--to', io.cwd);
    const format = args.format as PlanFormat | undefined;
    const before = await readSource(fromSpec, args, io, format);
    const after = await readSource(toSpec, args, io, format);
    const diff = diffIr(before.ir, after.ir);
    const labels = { from: before.label, to: after.label };
    if (args.json === true) {
      const document: DiffDocument = { diffVersion: 1, ...labels, ...diff };
      io.stdout(JSON.stringify(document, null, 2) + '\n');
    } else if (args.markdown === true) {
      io.stdout(formatDiffMarkdown(diff, labels));
    } else {
      io.stdout(formatDiffText(diff, labels));
    }
    const failOn = args.failOn as 'breaking' | 'any' | undefined;
    if (failOn === 'breaking' && diff.summary.breaking) return EXIT.failure;
    if (failOn === 'any' && diff.events.length > 0) return EXIT.failure;
    return EXIT.ok;
  },
};
