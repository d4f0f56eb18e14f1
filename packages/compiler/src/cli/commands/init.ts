/**
 * `platen init`: writes `platen.config.json` from flags. Asks for what is missing only when a
 * person is at a terminal (`io.interactive`); without one it uses the defaults and never waits.
 * Refuses to replace an existing config unless `--force`.
 */
import { rename, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import { CONFIG_FILES, OUTPUT_CHOICES, validateConfig } from '../../config/index.js';

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

async function run(args: Record<string, unknown>, io: CliIo): Promise<number> {
  const found = await existing(io.cwd);
  if (found !== undefined && !args.force) {
    throw new CliFailure(`${found} already exists; pass --force to replace it.`);
  }
  const config = {
    plan: await ask(io, 'Tracking plan file', INIT_DEFAULTS.plan, args.plan),
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
  const target = resolve(io.cwd, 'platen.config.json');
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(config, null, 2) + '\n');
  await rename(temp, target);
  io.stdout(
    `platen: wrote platen.config.json (plan ${config.plan} → ${config.outputs[0]!.path}); run platen build\n`,
  );
  return EXIT.ok;
}

export const initCommand: CliCommand = {
  command: 'init',
  describe: 'Write a platen.config.json (asks only at a terminal)',
  builder: (y) =>
    y
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
