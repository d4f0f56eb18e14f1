/** `platen plans <action> [id]`: list, get, create, update and delete tracking plans; list a plan's rules. */
import type { CliCommand } from './types.js';
import { CliFailure, confirm, EXIT, UsageError, type CliIo } from '../io.js';
import {
  describeRule,
  PLAN_TYPES,
  ruleFromApi,
  type ApiClient,
  type ApiTrackingPlan,
} from '../../api/index.js';
import { withApiOptions, withClient } from './plans-client.js';

const ACTIONS = ['list', 'get', 'create', 'update', 'delete', 'rules', 'history'] as const;
type Action = (typeof ACTIONS)[number];

function json(io: CliIo, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}

function planLine(p: ApiTrackingPlan): string {
  return `${p.id}\t${p.type}\t${p.name ?? ''}`;
}

function needId(action: Action, id: unknown): string {
  if (typeof id !== 'string' || id === '')
    throw new UsageError(`platen plans ${action} needs a plan id`);
  return id;
}

async function runAction(
  action: Action,
  args: Record<string, unknown>,
  io: CliIo,
  client: ApiClient,
) {
  const asJson = args.json === true;
  switch (action) {
    case 'list': {
      const plans = await client.listAllPlans({ type: args.type as string | undefined });
      if (asJson) json(io, plans);
      else io.stdout(plans.map((p) => planLine(p) + '\n').join('') || 'no tracking plans\n');
      return;
    }
    case 'get':
      json(io, await client.getPlan(needId(action, args.id)));
      return;
    case 'create': {
      if (typeof args.name !== 'string' || args.name === '')
        throw new UsageError('plans create needs --name');
      const plan = await client.createPlan({
        name: args.name,
        type: (args.type as string | undefined) ?? 'LIVE',
        ...(typeof args.description === 'string' ? { description: args.description } : {}),
      });
      if (asJson) json(io, plan);
      // The id alone on the last line, so scripts can take it with `tail -n1`.
      else io.stdout(`created tracking plan ${JSON.stringify(plan.name ?? '')}\n${plan.id}\n`);
      return;
    }
    case 'update': {
      const id = needId(action, args.id);
      const input: { name?: string; description?: string } = {};
      if (typeof args.name === 'string') input.name = args.name;
      if (typeof args.description === 'string') input.description = args.description;
      if (Object.keys(input).length === 0)
        throw new UsageError('plans update needs --name and/or --description');
      await client.updatePlan(id, input);
      io.stdout(`updated ${id}\n`);
      return;
    }
    case 'delete': {
      const id = needId(action, args.id);
      // Deleting a plan cannot be undone: ask first, as push does, unless --yes.
      if (
        args.yes !== true &&
        !(await confirm(io, `Delete tracking plan ${id}? [y/N] `, 'delete'))
      ) {
        throw new CliFailure(`delete cancelled: ${id} was kept`);
      }
      await client.deletePlan(id);
      io.stdout(`deleted ${id}\n`);
      return;
    }
    case 'rules': {
      const rules = (await client.listAllRules(needId(action, args.id))).map(ruleFromApi);
      if (asJson) json(io, rules);
      else io.stdout(rules.map((r) => describeRule(r) + '\n').join('') || 'no rules\n');
      return;
    }
    case 'history': {
      const id = needId(action, args.id);
      const { revisions } = await client.listRuleHistory(id, { count: 1000 });
      if (asJson) json(io, revisions);
      else
        io.stdout(
          revisions
            .map(
              (r) =>
                `${r.revision}\t${r.createdAt}\t${r.operation}\t+${r.added} ~${r.changed} -${r.removed}\t${r.ruleCount} rules\n`,
            )
            .join('') || 'no revisions\n',
        );
      return;
    }
  }
}

/** `platen plans`. */
export const plansCommand: CliCommand = {
  command: 'plans <action> [id]',
  describe: "List, show, create, update or delete tracking plans; list a plan's rules",
  builder: (y) =>
    withApiOptions(
      y
        .positional('action', {
          choices: ACTIONS,
          describe:
            'list | get ID | create --name N | update ID [--name] [--description] | delete ID | rules ID | history ID (Platen registry)',
        })
        .positional('id', { type: 'string', describe: 'Tracking plan id (tp_…)' })
        .option('name', { type: 'string', describe: 'Plan name (create, update)' })
        .option('description', { type: 'string', describe: 'Plan description (create, update)' })
        .option('type', {
          type: 'string',
          choices: PLAN_TYPES,
          describe: 'Plan type (create; filter for list)',
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
        .option('yes', {
          type: 'boolean',
          default: false,
          describe: 'Delete without asking (delete; needed without a terminal)',
        }),
    ),
  run: async (args, io) =>
    withClient(args, io, async (client) => {
      await runAction(args.action as Action, args, io, client);
      return EXIT.ok;
    }),
};
