/**
 * `platen migrate`: turns a Segment Typewriter project (typewriter.yml, 7.x or 8.x/9.x form, and the
 * plan.json under its path) into the matching `platen.config.json`, and prints what changes for the
 * team. Writes with `--yes` (or after a yes at a terminal); without either it only reports, so it
 * never waits in CI. Never replaces an existing platen.config.json without `--force`.
 */
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, type CliIo } from '../io.js';
import { checkPlan } from '../../check.js';
import { validateConfig } from '../../config/index.js';
import { renderHuman } from '../../diagnostics/render.js';
import { hasErrors } from '../../diagnostics/types.js';
import { assignNames } from '../../naming/index.js';
import { parseSource } from '../../plan/syntax.js';
import { placeDiagnostics } from '../../plan/positions.js';
import {
  describeMigration,
  findTypewriterFiles,
  migratedConfig,
  readTypewriterConfig,
  TYPEWRITER_FILES,
  type PlatenFunction,
} from '../../migrate/index.js';

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

async function findConfig(io: CliIo, given: unknown): Promise<string> {
  if (typeof given === 'string') return resolve(io.cwd, given);
  for (const name of TYPEWRITER_FILES) {
    if (await exists(resolve(io.cwd, name))) return resolve(io.cwd, name);
  }
  throw new CliFailure(
    'No typewriter.yml here: run platen migrate in the Typewriter project, or pass --config.',
  );
}

/** Platen's function for every rule, or undefined when the plan does not load cleanly. */
async function functionsOf(plan: string, io: CliIo): Promise<PlatenFunction[] | undefined> {
  const checked = await checkPlan(relative(io.cwd, plan) || plan, { cwd: io.cwd });
  if (!checked.ir || hasErrors(checked.diagnostics)) {
    io.stderr(renderHuman(checked.diagnostics));
    io.stderr('platen: the plan has errors; platen build will report them until they are fixed.\n');
    return undefined;
  }
  return assignNames(checked.ir).rules.map((r) => ({
    type: r.rule.type,
    key: r.rule.key,
    version: r.rule.version,
    function: r.names.function,
  }));
}

async function confirm(args: Record<string, unknown>, io: CliIo, target: string): Promise<boolean> {
  if (args.yes) return true;
  if (!io.interactive || !io.prompt) return false;
  const answer = await io.prompt(`Write ${target}? [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}

async function run(args: Record<string, unknown>, io: CliIo): Promise<number> {
  const file = await findConfig(io, args.config);
  const shown = relative(io.cwd, file) || basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliFailure(
      `${shown} could not be read: ${(err as NodeJS.ErrnoException).code ?? err}.`,
    );
  }
  const { parsed, diagnostics: syntax } = parseSource(text, shown);
  const sources = Object.create(null) as Record<string, NonNullable<typeof parsed>['source']>;
  if (parsed) sources[shown] = parsed.source;
  const read = parsed ? readTypewriterConfig(parsed.value, shown) : { diagnostics: syntax };
  if (!read.project) {
    io.stderr(renderHuman(placeDiagnostics(sources, read.diagnostics)));
    return EXIT.failure;
  }
  const dir = dirname(file);
  const config = migratedConfig(read.project);
  const target = resolve(dir, 'platen.config.json');
  const shownTarget = relative(io.cwd, target) || 'platen.config.json';
  // The same validation `platen build` applies, so migrate never writes a config build rejects.
  const checked = validateConfig(config, shownTarget, dir);
  if (checked.diagnostics.length > 0) {
    io.stderr(renderHuman(checked.diagnostics));
    return EXIT.failure;
  }
  // Typewriter wrote its client next to plan.json.
  const typewriterDir = dirname(resolve(dir, config.plan));
  const functions = await functionsOf(resolve(dir, config.plan), io);
  const found = await findTypewriterFiles(typewriterDir, dir);
  const lines = describeMigration(read.project, config, {
    configFile: shown,
    ...(functions ? { functions } : {}),
    typewriterFiles: found.files,
    typewriterExports: found.exports,
  });
  io.stdout(`platen migrate: what changes\n${lines.map((l) => `  ${l}`).join('\n')}\n`);

  if ((await exists(target)) && !args.force) {
    throw new CliFailure(`${shownTarget} already exists; pass --force to replace it.`);
  }
  if (!(await confirm(args, io, shownTarget))) {
    io.stdout(`platen migrate: nothing written; pass --yes to write ${shownTarget}\n`);
    return EXIT.ok;
  }
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(config, null, 2) + '\n');
  await rename(temp, target);
  io.stdout(`platen migrate: wrote ${shownTarget}; run platen build\n`);
  return EXIT.ok;
}

/** `platen migrate`: typewriter.yml → platen.config.json, with a report of what changes. */
export const migrateCommand: CliCommand = {
  command: 'migrate',
  describe: 'Convert a Typewriter project (typewriter.yml) to platen.config.json',
  builder: (y) =>
    y
      .option('config', {
        type: 'string',
        describe: 'The Typewriter config (default: typewriter.yml here)',
      })
      .option('yes', { type: 'boolean', default: false, describe: 'Write without asking' })
      .option('force', {
        type: 'boolean',
        default: false,
        describe: 'Replace an existing platen.config.json',
      }),
  run,
};
