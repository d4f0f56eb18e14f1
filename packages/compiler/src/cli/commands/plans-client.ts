/**
 * What `plans`, `pull` and `push` share: the API flags, token resolution (flag, command, environment),
 * building an {@link ApiClient}, and turning API failures into `platen: <status> <message>`.
 */
import { exec } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import {
  ApiClient,
  ApiError,
  DEFAULT_API_URL,
  DEFAULT_RETRY,
  maskSecrets,
} from '../../api/index.js';
import { CliFailure, UsageError, type CliIo } from '../io.js';
import type { ApiSettings } from '../../config/index.js';

/** Adds `--api-url`, `--token`, `--token-command`, `--timeout` and `--retries`. */
export function withApiOptions<T>(y: Argv<T>): Argv<T> {
  return (
    y
      // No yargs default: a config's apiUrl applies only when the flag is absent (see clientFrom).
      .option('api-url', {
        type: 'string',
        describe: `Tracking Plan API base URL (Segment US/EU, or a Platen registry; default ${DEFAULT_API_URL})`,
      })
      .option('token', {
        type: 'string',
        describe: 'API token (prefer PLATEN_TOKEN or --token-command: flags show up in `ps`)',
      })
      .option('token-command', {
        type: 'string',
        describe: 'Shell command that prints the API token, e.g. "pass show segment"',
      })
      .option('timeout', {
        type: 'number',
        default: 30,
        describe: 'Seconds to wait per request',
      })
      .option('retries', {
        type: 'number',
        default: DEFAULT_RETRY.retries,
        describe: 'Retries on network errors, 429 and 5xx (with backoff)',
      }) as Argv<T>
  );
}

/** Runs a token command through the shell and returns its trimmed stdout. Never shows the output. */
export function runTokenCommand(command: string, io: CliIo, cwd = io.cwd): Promise<string> {
  return new Promise((resolve, reject) => {
    exec(
      command,
      { cwd, env: io.env as NodeJS.ProcessEnv, timeout: 30_000, windowsHide: true },
      (err, stdout) => {
        if (err) {
          const how = err.killed ? 'timed out' : `failed with exit code ${err.code ?? 'unknown'}`;
          reject(new CliFailure(`token command ${how}; its output is not shown`));
          return;
        }
        const token = String(stdout).trim();
        if (token === '') reject(new CliFailure('token command printed nothing'));
        else resolve(token);
      },
    );
  });
}

/**
 * The token: `--token`, else `--token-command`, else `PLATEN_TOKEN`, else the config's `tokenCommand`
 * (run in the config's folder). Explicit flags beat the environment, which beats the config file.
 */
export async function resolveToken(
  args: Record<string, unknown>,
  io: CliIo,
  api?: ApiSettings,
): Promise<string> {
  if (typeof args.token === 'string' && args.token !== '') return args.token;
  if (typeof args.tokenCommand === 'string' && args.tokenCommand !== '') {
    return runTokenCommand(args.tokenCommand, io);
  }
  const fromEnv = io.env.PLATEN_TOKEN;
  if (fromEnv) return fromEnv.trim();
  if (api?.tokenCommand !== undefined) return runTokenCommand(api.tokenCommand, io, api.dir);
  throw new CliFailure(
    'no API token: pass --token, set PLATEN_TOKEN, use --token-command "<command>", or set "tokenCommand" in platen.config.json',
  );
}

/**
 * A client for the flags in `args`, with the config's `api` keys where a flag is absent; retries are
 * announced on stderr.
 */
export async function clientFrom(
  args: Record<string, unknown>,
  io: CliIo,
  api?: ApiSettings,
): Promise<{ client: ApiClient; token: string }> {
  const token = await resolveToken(args, io, api);
  const apiUrl = String(args.apiUrl ?? api?.apiUrl ?? DEFAULT_API_URL);
  if (!/^https?:\/\//.test(apiUrl))
    throw new UsageError(`--api-url must be an http(s) URL, got ${apiUrl}`);
  const timeout = Number(args.timeout ?? 30);
  if (!(timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
  const retries = Number(args.retries ?? DEFAULT_RETRY.retries);
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    throw new UsageError('--retries must be an integer from 0 to 10');
  }
  const client = new ApiClient({
    baseUrl: apiUrl,
    token,
    timeoutMs: timeout * 1000,
    retry: { retries },
    onRetry: ({ attempt, delayMs, reason }) =>
      io.stderr(`platen: ${maskSecrets(reason, [token])}; retry ${attempt} in ${delayMs} ms\n`),
  });
  return { client, token };
}

/**
 * Runs `work` with a client, turning an {@link ApiError} into `platen: <status> <message>` (exit 1) and
 * masking the token in any message that escapes.
 */
export async function withClient(
  args: Record<string, unknown>,
  io: CliIo,
  work: (client: ApiClient) => Promise<number>,
  api?: ApiSettings,
): Promise<number> {
  const { client, token } = await clientFrom(args, io, api);
  try {
    return await work(client);
  } catch (err) {
    if (err instanceof ApiError) throw new CliFailure(maskSecrets(err.message, [token]));
    if (err instanceof Error) err.message = maskSecrets(err.message, [token]);
    throw err;
  }
}

/** Writes `text` to `path` atomically: a temporary file in the same folder, then a rename over `path`. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { encoding: 'utf8', flush: true });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
