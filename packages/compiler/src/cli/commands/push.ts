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
import { resolve } from 'node:path';
import {
  ApiError,
  diffRules,
  formatDiff,
  pulledState,
  remoteChangedSince,
  rulesSha256,
  ruleFromApi,
  ruleToApiInput,
  compareRules,
  type ApiClient,
  type StatusData,
} from '../../api/index.js';
import type { CliIo } from '../io.js';
import type { Plan } from '../../plan/types.js';
import { withApiOptions, withClient } from './plans-client.js';
import { refuseTooDeep } from './pull.js';
import { updatePulledRecord } from './pulled-record.js';
import { diffPlans, formatDiffText } from '../../diff/index.js';

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
        })
        .option('force', {
          type: 'boolean',
          default: false,
          describe:
            'Push even if the remote plan changed since the file was pulled (overwrites those changes)',
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
    const base: Base = { file, plan: checked.loaded.plan, force: args.force === true };
    return withClient(args, io, async (client) => {
      const read = planId ? await client.readRules(planId) : { rules: [] };
      const fetched = read.rules;
      // The diff sorts every schema's keys recursively: a too-deep remote rule is refused first.
      if (planId) refuseTooDeep(planId, fetched);
      const remote = fetched.map(ruleFromApi);
      if (planId) await refuseStaleBase(client, planId, base, remote, read.revision, io);
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
      const done = await writeRules(client, id, local, read.revision, io);
      io.stdout(`pushed ${local.length} rule${local.length === 1 ? '' : 's'} to ${id}\n`);
      if (planId && base.plan.pulled) {
        // The remote plan is now the pushed rules: the next push from this file starts from them.
        const path = resolve(io.cwd, file);
        await updatePulledRecord(path, pulledState(local, done.revision)).catch(() => false);
      }
      return EXIT.ok;
    });
  },
};

/** The local side of a push: the file, its plan (with what pull recorded) and `--force`. */
interface Base {
  file: string;
  plan: Plan;
  force: boolean;
}

/**
 * Refuses (unless `--force`) to push over remote changes made since the file was pulled: shows them,
 * rule by rule where the registry can read the pulled revision back, then fails. A file with no `pulled`
 * record, or pulled from another plan, has no base to check.
 */
async function refuseStaleBase(
  client: ApiClient,
  planId: string,
  base: Base,
  remote: Rule[],
  revision: number | undefined,
  io: CliIo,
): Promise<void> {
  const pulled = base.plan.pulled;
  if (pulled === undefined) return;
  if (base.plan.id !== '' && base.plan.id !== planId) {
    io.stderr(
      `note: ${base.file} was pulled from ${base.plan.id}, not ${planId}: ` +
        'not checking for remote changes since then\n',
    );
    return;
  }
  if (!remoteChangedSince(pulled, remote)) return;
  const since =
    pulled.revision !== undefined && revision !== undefined
      ? await rulesAt(client, planId, pulled.revision)
      : undefined;
  if (since) {
    io.stdout(
      `${planId} changed remotely since ${base.file} was pulled (revision ${pulled.revision} → ${revision}):\n` +
        formatDiff(diffRules(since, remote)),
    );
  } else {
    io.stdout(
      `${planId}'s rules changed remotely since ${base.file} was pulled` +
        (revision === undefined
          ? ' (the API keeps no revisions, so those changes cannot be listed apart from yours; they are in the diff below as removals and changes).\n'
          : '.\n'),
    );
  }
  if (base.force) {
    io.stderr('--force: pushing over the remote changes\n');
    return;
  }
  throw new CliFailure(
    `refusing to push ${base.file}: ${planId} changed remotely since it was pulled, and pushing would ` +
      'undo those changes. Pull it into another file and merge, or push --force to overwrite them.',
  );
}

/** The rules of `planId` at `revision`, or undefined when the API cannot read that revision back. */
async function rulesAt(
  client: ApiClient,
  planId: string,
  revision: number,
): Promise<Rule[] | undefined> {
  try {
    return (await client.readRules(planId, { revision })).rules.map(ruleFromApi);
  } catch (err) {
    if (err instanceof ApiError) return undefined;
    throw err;
  }
}

/**
 * Replaces the rules with `If-Match` on the revision that was read and diffed, so a write that lands
 * in between is never overwritten: on 412 it shows what that write changed and fails. A 412 where the
 * remote rules already are the pushed ones (a retried request that had landed) is success.
 */
async function writeRules(
  client: ApiClient,
  id: string,
  local: Rule[],
  revision: number | undefined,
  io: CliIo,
): Promise<StatusData> {
  try {
    return await client.replaceRules(id, local.map(ruleToApiInput), { ifMatch: revision });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 412 || revision === undefined) throw err;
    const now = await client.readRules(id);
    const current = now.rules.map(ruleFromApi);
    if (rulesSha256(current) === rulesSha256(local))
      return now.revision === undefined
        ? { status: 'SUCCESS' }
        : { status: 'SUCCESS', revision: now.revision };
    const before = await rulesAt(client, id, revision);
    io.stdout(
      `${id} changed while this push waited (revision ${revision} → ${now.revision ?? '?'}):\n` +
        (before ? formatDiff(diffRules(before, current)) : ''),
    );
    throw new CliFailure(
      `nothing was pushed to ${id}: it changed since it was read; run push again`,
    );
  }
}
