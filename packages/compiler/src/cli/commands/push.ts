/**
 * `platen push --plan-id ID FILE` (or `--create --name N FILE`): replace a plan's rules with a checked
 * local plan, after showing the diff and asking (or `--yes`).
 */
import type { CliCommand } from './types.js';
import { CliFailure, confirm, EXIT, UsageError } from '../io.js';
import { checkPlan } from '../../check.js';
import { hasErrors } from '../../diagnostics/types.js';
import { renderHuman } from '../../diagnostics/render.js';
import { PLAN_FORMATS, type PlanFormat, type Rule } from '../../plan/types.js';
import { diffRules, ruleFromApi, ruleToApiInput, compareRules } from '../../api/index.js';
import { withApiOptions, withClient } from './plans-client.js';
import { diffPlans, formatDiffText } from '../../diff/index.js';
import { refuseTooDeep } from './pull.js';

/** `platen push`. */
export const pushCommand: CliCommand = {
  command: 'push <file>',
  describe: "Replace a tracking plan's rules with a local plan file's (shows the diff, then asks)",
  builder: (y) =>
    withApiOptions(
      y
        .positional('file', { type: 'string', describe: 'Plan file or folder to push' })
        .option('plan-id', { type: 'string', describe: 'Tracking plan to replace the rules of' })
        .option('create', {
          type: 'boolean',
          default: false,
          describe: 'Create a new plan (needs --name)',
        })
        .option('name', { type: 'string', describe: 'Name of the plan --create makes' })
        .option('description', {
          type: 'string',
          describe: 'Description of the plan --create makes',
        })
        .option('format', {
          type: 'string',
          choices: PLAN_FORMATS,
          describe: 'Force the plan format',
        })
        .option('yes', {
          alias: 'y',
          type: 'boolean',
          default: false,
          describe: 'Push without asking',
        }),
    ),
  run: async (args, io) => {
    const create = args.create === true;
    const planId = typeof args.planId === 'string' && args.planId !== '' ? args.planId : undefined;
    if (create === (planId !== undefined))
      throw new UsageError('push needs exactly one of --plan-id ID or --create');
    if (create && (typeof args.name !== 'string' || args.name === ''))
      throw new UsageError('push --create needs --name');
    const file = String(args.file);
    const checked = await checkPlan(file, {
      cwd: io.cwd,
      format: args.format as PlanFormat | undefined,
    });
    if (!checked.loaded || hasErrors(checked.diagnostics)) {
      io.stderr(renderHuman(checked.diagnostics));
      throw new CliFailure(`refusing to push ${file}: it fails platen check`);
    }
    const local: Rule[] = [...checked.loaded.plan.rules].sort(compareRules);
    return withClient(args, io, async (client) => {
      const fetched = planId ? await client.listAllRules(planId) : [];
      // The diff sorts every schema's keys recursively: a too-deep remote rule is refused first.
      if (planId) refuseTooDeep(planId, fetched);
      const remote = fetched.map(ruleFromApi);
      const diff = diffRules(remote, local);
      const target = planId ?? `a new plan ${JSON.stringify(args.name)}`;
      // Per event and property, with whom each change breaks (`platen diff`'s engine and text).
      io.stdout(
        `push ${file} → ${target}\n${formatDiffText(diffPlans(remote, checked.ir ?? local))}`,
      );
      if (planId && diff.added.length + diff.removed.length + diff.changed.length === 0) {
        io.stdout('nothing to push: the plan already has these rules\n');
        return EXIT.ok;
      }
      if (args.yes !== true && !(await confirm(io, 'Push these changes? [y/N] ', 'push'))) {
        io.stdout('push cancelled\n');
        return EXIT.failure;
      }
      let id = planId;
      if (!id) {
        const plan = await client.createPlan({
          name: String(args.name),
          type: 'LIVE',
          ...(typeof args.description === 'string' ? { description: args.description } : {}),
        });
        id = plan.id;
        io.stdout(`created tracking plan ${id}\n`);
      }
      await client.replaceRules(id, local.map(ruleToApiInput));
      io.stdout(`pushed ${local.length} rule${local.length === 1 ? '' : 's'} to ${id}\n`);
      return EXIT.ok;
    });
  },
};
