/**
 * `platen init`: writes `platen.config.json` from flags. Asks for what is missing only when a
 * person is at a terminal (`io.interactive`); without one it uses the defaults and never waits.
 * Refuses to replace an existing config unless `--force`.
 *
 * With an API token (`--token`, `--token-command`, `PLATEN_TOKEN`, or the `tokenCommand` of the config
 * `--force` replaces) or `--plan-id`, it also lists the tracking plans, picks one (`--plan-id`; else a
 * numbered list and a prompt at a terminal; else the only plan, and with several it refuses, listing
 * their ids), pulls it into the plan file as `platen pull` does, writes `planId` (and `apiUrl`,
 * `tokenCommand` when given as flags) into the config, and builds.
 */
import { rename, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import {
  CONFIG_FILES,
  loadConfig,
  OUTPUT_CHOICES,
  validateConfig,
  type ApiSettings,
} from '../../config/index.js';
import type { ApiClient, ApiTrackingPlan } from '../../api/index.js';
import { withApiOptions, withClient } from './plans-client.js';
import { pullToFile } from './pull.js';
import { buildOutputs, resolveBuildOptions } from './build-outputs.js';
import { renderHuman } from '../../diagnostics/render.js';

/** Defaults `platen init` proposes for the two paths. */
export const INIT_DEFAULTS = { plan: 'plan.json', out: 'src/analytics' } as const;

async function existing(cwd: string): Promise<string | undefined> {
  for (const name of CONFIG_FILES) {
    if (
      await stat(resolve(cwd, name)).then(
        () => true,
        () => false,
      )
    )
      return name;
  }
  return undefined;
}

async function ask(io: CliIo, question: string, fallback: string, given: unknown): Promise<string> {
  if (typeof given === 'string') return given;
  if (!io.interactive || !io.prompt) return fallback;
  const answer = (await io.prompt(`${question} (${fallback}): `)).trim();
  return answer === '' ? fallback : answer;
}

const given = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** How many wrong answers to the plan question before `init` gives up (exit 2). */
const PICK_TRIES = 3;

/**
 * The plan to pull: `--plan-id`; else, at a terminal, the one picked from a numbered list (by number
 * or id); else the only plan. Several plans without a terminal or `--plan-id`: a usage error listing
 * their ids, so CI never waits.
 */
async function pickPlan(
  client: ApiClient,
  args: Record<string, unknown>,
  io: CliIo,
): Promise<string> {
  if (given(args.planId)) return args.planId;
  const plans = await client.listAllPlans();
  if (plans.length === 0) {
    throw new CliFailure(
      'no tracking plans to pull: create one first (platen plans create --name …), or run platen init without a token',
    );
  }
  const line = (p: ApiTrackingPlan): string =>
    p.name === undefined || p.name === '' ? p.id : `${p.id} (${p.name})`;
  if (!io.interactive || !io.prompt) {
    if (plans.length === 1) {
      io.stderr(`platen: using the only tracking plan, ${line(plans[0]!)}\n`);
      return plans[0]!.id;
    }
    throw new UsageError(
      `${plans.length} tracking plans and no terminal to ask on: pass --plan-id with one of\n` +
        plans.map((p) => `  ${line(p)}\n`).join(''),
    );
  }
  io.stdout(plans.map((p, i) => `${i + 1}) ${line(p)}\n`).join(''));
  for (let tries = 0; tries < PICK_TRIES; tries++) {
    const answer = (await io.prompt(`Tracking plan (1-${plans.length}): `)).trim();
    const n = /^\d+$/.test(answer) ? Number(answer) : NaN;
    const picked = n >= 1 && n <= plans.length ? plans[n - 1] : plans.find((p) => p.id === answer);
    if (picked !== undefined) return picked.id;
    io.stderr(`platen: answer a number from 1 to ${plans.length}, or a plan id\n`);
  }
  throw new UsageError(
    `no tracking plan picked: pass --plan-id with one of ${plans.map((p) => p.id).join(', ')}`,
  );
}

/** The API keys of the config `--force` replaces (for its `tokenCommand`, `apiUrl`), if it loads. */
async function replacedApi(io: CliIo): Promise<ApiSettings | undefined> {
  try {
    return (await loadConfig(io.cwd))?.options?.api;
  } catch {
    return undefined;
  }
}

async function run(args: Record<string, unknown>, io: CliIo): Promise<number> {
  const found = await existing(io.cwd);
  if (found !== undefined && !args.force) {
    throw new CliFailure(`${found} already exists; pass --force to replace it.`);
  }
  const api = found === undefined ? undefined : await replacedApi(io);
  const fromApi =
    given(args.token) ||
    given(args.tokenCommand) ||
    given(io.env.PLATEN_TOKEN?.trim()) ||
    given(args.planId) ||
    api?.tokenCommand !== undefined;
  if (fromApi) return withClient(args, io, (client) => initFromApi(client, args, io), api);
  return writeConfig(args, io, {});
}

/** `init` with a token: pick a plan, pull it, write the config with its `planId`, build. */
async function initFromApi(
  client: ApiClient,
  args: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const planId = await pickPlan(client, args, io);
  const keys = {
    planId,
    ...(given(args.apiUrl) ? { apiUrl: args.apiUrl } : {}),
    ...(given(args.tokenCommand) ? { tokenCommand: args.tokenCommand } : {}),
  };
  const code = await writeConfig(args, io, keys, async (plan) => {
    const count = await pullToFile(client, planId, plan, io);
    io.stdout(`pulled ${planId} (${count} rule${count === 1 ? '' : 's'}) into ${plan}\n`);
  });
  if (code !== EXIT.ok) return code;
  const options = await resolveBuildOptions({}, io);
  if (Array.isArray(options)) {
    io.stderr(renderHuman(options));
    return EXIT.failure;
  }
  return buildOutputs(options, {}, io);
}

/**
 * Asks for (or takes from flags) the paths and SDK, validates, runs `beforeWrite` with the plan path
 * (the pull), then writes the config with the API `keys`.
 */
async function writeConfig(
  args: Record<string, unknown>,
  io: CliIo,
  keys: Record<string, string>,
  beforeWrite?: (plan: string) => Promise<void>,
): Promise<number> {
  const config = {
    plan: await ask(io, 'Tracking plan file', INIT_DEFAULTS.plan, args.plan),
    ...keys,
    outputs: [
      {
        path: await ask(io, 'Output directory', INIT_DEFAULTS.out, args.out),
        language: (args.language as string | undefined) ?? OUTPUT_CHOICES.language.default,
        sdk: await ask(
          io,
          `SDK (${OUTPUT_CHOICES.sdk.choices.join(', ')})`,
          OUTPUT_CHOICES.sdk.default,
          args.sdk,
        ),
        mode: (args.mode as string | undefined) ?? OUTPUT_CHOICES.mode.default,
        // Only written when asked for: it matters for JavaScript output alone.
        ...(typeof args.module === 'string' ? { module: args.module } : {}),
      },
    ],
  };
  // The same validation as `platen build` applies to the file; an answer typed at the prompt can be wrong.
  const checked = validateConfig(config, 'platen.config.json', io.cwd);
  if (checked.diagnostics.length > 0) {
    throw new UsageError(checked.diagnostics.map((d) => `${d.pointer}: ${d.message}`).join('\n'));
  }
  if (beforeWrite !== undefined) await beforeWrite(config.plan);
  const target = resolve(io.cwd, 'platen.config.json');
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(config, null, 2) + '\n');
  await rename(temp, target);
  io.stdout(
    beforeWrite === undefined
      ? `platen: wrote platen.config.json (plan ${config.plan} → ${config.outputs[0]!.path}); run platen build\n`
      : `platen: wrote platen.config.json (${keys.planId}: plan ${config.plan} → ${config.outputs[0]!.path})\n`,
  );
  return EXIT.ok;
}

export const initCommand: CliCommand = {
  command: 'init',
  describe:
    'Write a platen.config.json (asks only at a terminal); with a token, pick a tracking plan, pull it and build',
  builder: (y) =>
    withApiOptions(y)
      .option('plan-id', {
        type: 'string',
        describe:
          'Tracking plan to pull (tp_…). With a token and no --plan-id: asks at a terminal; else uses the only plan, and refuses (listing the ids) when there are several',
      })
      .option('plan', { type: 'string', describe: `Plan file (default ${INIT_DEFAULTS.plan})` })
      .option('out', {
        type: 'string',
        describe: `Output directory (default ${INIT_DEFAULTS.out})`,
      })
      .option('language', {
        type: 'string',
        choices: OUTPUT_CHOICES.language.choices,
        describe: OUTPUT_CHOICES.language.describe,
      })
      .option('sdk', {
        type: 'string',
        choices: OUTPUT_CHOICES.sdk.choices,
        describe: OUTPUT_CHOICES.sdk.describe,
      })
      .option('mode', {
        type: 'string',
        choices: OUTPUT_CHOICES.mode.choices,
        describe: OUTPUT_CHOICES.mode.describe,
      })
      .option('module', {
        type: 'string',
        choices: OUTPUT_CHOICES.module.choices,
        describe: OUTPUT_CHOICES.module.describe,
      })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing config' }),
  run,
};
