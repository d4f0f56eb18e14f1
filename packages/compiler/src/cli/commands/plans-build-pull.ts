/**
 * `platen build --pull [--plan-id ID]`: refresh the plan file from the API before building. When the API
 * cannot be reached (network, timeout, 429/5xx after retries) the build goes on from the local file,
 * with a warning; any other API answer (401, 403, 404) stops the build.
 */
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Argv } from 'yargs';
import { ApiError, maskSecrets } from '../../api/index.js';
import { CliFailure, UsageError, type CliIo } from '../io.js';
import type { ApiSettings } from '../../config/index.js';
import { clientFrom, withApiOptions } from './plans-client.js';
import { pullToFile } from './pull.js';

/** Adds `--pull`, `--plan-id` and the API flags to a command (used by `platen build`). */
export function withPullOptions<T>(y: Argv<T>): Argv<T> {
  return withApiOptions(
    y
      .option('pull', {
        type: 'boolean',
        default: false,
        describe:
          'Pull the plan from the API into the plan file first (offline: use the local file)',
      })
      .option('plan-id', {
        type: 'string',
        describe: 'Tracking plan to pull (with --pull)',
      }) as Argv<T>,
  );
}

async function isFile(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return undefined;
  }
}

/**
 * When `args.pull` is set, pulls `args.planId` (else the config's `planId`, from `api`) into `planPath`
 * (absolute). `format` is the plan format the
 * build will read, if forced: pulling writes a Public API file, so another forced format is a usage error.
 */
export async function pullBeforeBuild(
  args: Record<string, unknown>,
  planPath: string,
  format: string | undefined,
  io: CliIo,
  api?: ApiSettings,
): Promise<void> {
  const flag = typeof args.planId === 'string' && args.planId !== '' ? args.planId : undefined;
  if (args.pull !== true) {
    if (flag !== undefined) throw new UsageError('--plan-id goes with --pull');
    return;
  }
  const planId = flag ?? api?.planId;
  if (planId === undefined)
    throw new UsageError('--pull needs --plan-id (or "planId" in platen.config.json)');
  if (format !== undefined && format !== 'public-api') {
    throw new UsageError(
      `--pull writes a public-api plan file, but the plan format is forced to ${format}`,
    );
  }
  const local = await isFile(planPath);
  const shown = relative(io.cwd, planPath) || planPath;
  if (local === false)
    throw new UsageError(`--pull needs the plan to be a file, and ${shown} is a folder`);
  const { client, token } = await clientFrom(args, io, api);
  try {
    const count = await pullToFile(client, planId, planPath, io);
    io.stdout(`platen: pulled ${planId} (${count} rule${count === 1 ? '' : 's'}) into ${shown}\n`);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const message = maskSecrets(err.message, [token]);
    const unreachable = err.status === 0 || err.status === 429 || err.status >= 500;
    if (!unreachable) throw new CliFailure(message);
    if (!local)
      throw new CliFailure(`could not pull ${planId} (${message}) and there is no local ${shown}`);
    io.stderr(
      `platen: warning: could not pull ${planId} (${message}); building from the local ${shown}\n`,
    );
  }
}
