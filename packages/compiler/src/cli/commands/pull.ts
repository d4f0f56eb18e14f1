/** `platen pull --plan-id ID [--out plan.json]`: fetch a plan and all its rules into a canonical plan file. */
import { resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import { canonicalPlanText, planFromApi, type ApiClient } from '../../api/index.js';
import { withApiOptions, withClient, writeFileAtomic } from './plans-client.js';

/**
 * Fetches the plan and every rule page and returns the canonical file text. Exported for `build --pull`.
 * Throws {@link ApiError} when the API fails.
 */
export async function pullPlanText(
  client: ApiClient,
  planId: string,
  pageSize?: number,
): Promise<string> {
  const plan = await client.getPlan(planId);
  const rules = await client.listAllRules(planId, { pageSize });
  return canonicalPlanText(planFromApi(plan, rules));
}

/** Pulls `planId` into `out` (resolved against `io.cwd`), atomically; returns the number of rules. */
export async function pullToFile(
  client: ApiClient,
  planId: string,
  out: string,
  io: CliIo,
  pageSize?: number,
) {
  const text = await pullPlanText(client, planId, pageSize);
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

/** `platen pull`. */
export const pullCommand: CliCommand = {
  command: 'pull',
  describe: 'Download a tracking plan and its rules into a canonical plan file',
  builder: (y) =>
    withApiOptions(
      y
        .option('plan-id', {
          type: 'string',
          demandOption: true,
          describe: 'Tracking plan id (tp_…)',
        })
        .option('out', { type: 'string', default: 'plan.json', describe: 'Plan file to write' })
        .option('page-size', {
          type: 'number',
          describe: 'Rules per request (1–1000; server default 200)',
        }),
    ),
  run: async (args, io) => {
    const pageSize = args.pageSize as number | undefined;
    if (
      pageSize !== undefined &&
      !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 1000)
    ) {
      throw new UsageError('--page-size must be an integer from 1 to 1000');
    }
    const planId = String(args.planId);
    const out = String(args.out);
    return withClient(args, io, async (client) => {
      const count = await pullToFile(client, planId, out, io, pageSize);
      io.stdout(`pulled ${planId} (${count} rule${count === 1 ? '' : 's'}) into ${out}\n`);
      return EXIT.ok;
    });
  },
};
