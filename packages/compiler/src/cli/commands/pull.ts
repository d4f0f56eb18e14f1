/**
 * `platen pull [--plan-id ID] [--out plan.json]`: fetch a plan and all its rules into a canonical plan
 * file. Flags left out come from the config file (`planId`, `apiUrl`, `tokenCommand`, `plan`).
 */
import { relative, resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import {
  canonicalPlanText,
  describeRule,
  planFromApi,
  pulledState,
  ruleFromApi,
  type ApiClient,
  type ApiRule,
} from '../../api/index.js';
import { MAX_JSON_DEPTH, tooDeepAt } from '../../depth.js';
import { withApiOptions, withClient, writeFileAtomic } from './plans-client.js';
import { loadConfig, type Options } from '../../config/index.js';
import { renderHuman } from '../../diagnostics/render.js';
import type { Diagnostic } from '../../diagnostics/types.js';

/** What to pull besides the plan id: the page size, and (Platen registry only) an earlier revision. */
export interface PullOptions {
  pageSize?: number;
  revision?: number;
}

/**
 * Fetches the plan and every rule page and returns the canonical file text.
 * Throws {@link ApiError} when the API fails.
 */
export async function pullPlanText(
  client: ApiClient,
  planId: string,
  options: PullOptions = {},
): Promise<string> {
  const plan = await client.getPlan(planId);
  const { rules, revision } = await client.readRules(planId, options);
  refuseTooDeep(planId, rules);
  const file = planFromApi(plan, rules);
  // What push checks before it writes: the rules' revision (a Platen registry) and their digest. A pull
  // of an earlier revision is a restore: its base is the plan as it is now, which pushing it replaces.
  const base =
    options.revision === undefined ? { rules, revision } : await client.readRules(planId);
  file.pulled = pulledState(base.rules.map(ruleFromApi), base.revision);
  return canonicalPlanText(file);
}

/**
 * Throws a {@link CliFailure} naming the first rule whose schema nests deeper than the one shared
 * limit: writing the plan file (and diffing it) recurses, and would overflow the stack on it. Such a
 * rule comes from an API other than a current Platen registry, which refuses it.
 */
export function refuseTooDeep(planId: string, rules: readonly ApiRule[]): void {
  for (const rule of rules) {
    const at = tooDeepAt(rule.jsonSchema);
    if (at === undefined) continue;
    const name = describeRule({ type: rule.type, key: rule.key ?? null, version: rule.version });
    throw new CliFailure(
      `plan ${planId}: ${name} has a schema nesting objects and arrays past the limit of ${MAX_JSON_DEPTH} ` +
        `levels (at ${at.length > 200 ? at.slice(0, 200) + '…' : at}), which Platen cannot ` +
        'process; make it shallower where the plan is edited.',
    );
  }
}

/** Pulls `planId` into `out` (resolved against `io.cwd`), atomically; returns the number of rules. */
export async function pullToFile(
  client: ApiClient,
  planId: string,
  out: string,
  io: CliIo,
  options: PullOptions = {},
): Promise<number> {
  const text = await pullPlanText(client, planId, options);
  const path = resolve(io.cwd, out);
  try {
    await writeFileAtomic(path, text);
  } catch (err) {
    throw new CliFailure(
      `could not write ${out}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return (JSON.parse(text) as { rules: unknown[] }).rules.length;
}

/**
 * The config's options (from `--config`, else the config here), whose keys fill in the flags left
 * out; undefined without one. A config with errors is printed and stops the pull rather than be guessed at.
 */
async function pullConfig(
  args: Record<string, unknown>,
  io: CliIo,
): Promise<Options | Diagnostic[] | undefined> {
  const loaded = await loadConfig(io.cwd, args.config as string | undefined);
  if (loaded === undefined) return undefined;
  return loaded.options ?? loaded.diagnostics;
}

function optionalInteger(
  value: unknown,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = value as number;
  if (!(Number.isInteger(n) && n >= min && n <= max)) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}`);
  }
  return n;
}

/** `platen pull`. */
export const pullCommand: CliCommand = {
  command: 'pull',
  describe: 'Download a tracking plan and its rules into a canonical plan file',
  builder: (y) =>
    withApiOptions(
      y
        .option('plan-id', {
          type: 'string',
          describe: "Tracking plan id (tp_…; default: the config's planId)",
        })
        .option('out', {
          type: 'string',
          describe: "Plan file to write (default: the config's plan, else plan.json)",
        })
        .option('config', {
          type: 'string',
          describe: 'Config file to read planId, apiUrl, tokenCommand and plan from',
        })
        .option('page-size', {
          type: 'number',
          describe: 'Rules per request (1–1000; default 200)',
        })
        .option('revision', {
          type: 'number',
          describe: 'Pull the rules as they were at this revision (Platen registry only)',
        }),
    ),
  run: async (args, io) => {
    const pageSize = optionalInteger(args.pageSize, '--page-size', 1, 1000);
    const revision = optionalInteger(args.revision, '--revision', 0, Number.MAX_SAFE_INTEGER);
    const config = await pullConfig(args, io);
    if (Array.isArray(config)) {
      io.stderr(renderHuman(config));
      return EXIT.failure;
    }
    const planId = typeof args.planId === 'string' ? args.planId : config?.api?.planId;
    if (planId === undefined || planId === '') {
      throw new UsageError(
        'Missing --plan-id: pass --plan-id tp_…, or set "planId" in platen.config.json.',
      );
    }
    const out =
      typeof args.out === 'string'
        ? args.out
        : config !== undefined
          ? relative(io.cwd, config.plan) || config.plan
          : 'plan.json';
    return withClient(
      args,
      io,
      async (client) => {
        const count = await pullToFile(client, planId, out, io, { pageSize, revision });
        const at = revision === undefined ? '' : ` at revision ${revision}`;
        io.stdout(`pulled ${planId}${at} (${count} rule${count === 1 ? '' : 's'}) into ${out}\n`);
        return EXIT.ok;
      },
      config?.api,
    );
  },
};
