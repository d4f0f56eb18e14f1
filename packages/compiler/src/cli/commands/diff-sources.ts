/**
 * Where `platen diff --from/--to` reads a plan: a plan file or folder (any format `check` reads), a
 * tracking plan through the API (`tp_x`, or `tp_x@12` at a Platen registry revision), or an output
 * folder (the plan its manifest says it was built from). Every problem is a message naming the
 * source; the engine (`diff/`) never touches the disk or the network.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { checkPlan } from '../../check.js';
import { loadConfig, type ApiSettings, type Options } from '../../config/index.js';
import { renderHuman } from '../../diagnostics/render.js';
import { hasErrors } from '../../diagnostics/types.js';
import { normalizePlan } from '../../ir/index.js';
import type { Ir } from '../../ir/types.js';
import { MANIFEST_FILE } from '../../output/manifest.js';
import { readLastManifest } from '../../output/read.js';
import { parsePlanText, placeDiagnostics, validatePlan } from '../../plan/index.js';
import type { LoadedPlan, PlanFormat } from '../../plan/types.js';
import { planFromApi } from '../../api/index.js';
import { CliFailure, UsageError, type CliIo } from '../io.js';
import { withClient } from './plans-client.js';
import { refuseTooDeep } from './pull.js';

/** A plan read for the diff: its IR and how to name it. */
export interface DiffSide {
  ir: Ir;
  label: string;
}

/** A tracking plan id, optionally at a revision: `tp_x`, `tp_x@12`. No dots or slashes: never a file name. */
const PLAN_ID = /^[A-Za-z0-9_-]+(?:@(.*))?$/s;

/** What a `--from`/`--to` value names. */
export type SourceSpec =
  | { kind: 'path'; path: string }
  | { kind: 'output'; path: string }
  | { kind: 'api'; planId: string; revision?: number };

/**
 * Tells what `value` names: an existing path wins (a folder holding `platen.manifest.json` is an
 * output folder); otherwise `id` or `id@N` is a tracking plan; anything else is a path (whose absence
 * `check` reports). `flag` names the option in messages.
 */
export function parseSource(value: string, flag: string, cwd: string): SourceSpec {
  if (value === '')
    throw new UsageError(
      `${flag} is empty: give a plan file, an output folder, or a tracking plan id`,
    );
  const abs = resolve(cwd, value);
  if (existsSync(abs)) {
    const isDir = statSync(abs).isDirectory();
    if (isDir && existsSync(resolve(abs, MANIFEST_FILE))) return { kind: 'output', path: value };
    return { kind: 'path', path: value };
  }
  const match = PLAN_ID.exec(value);
  if (!match) return { kind: 'path', path: value };
  const at = value.indexOf('@');
  const planId = at < 0 ? value : value.slice(0, at);
  if (at < 0) return { kind: 'api', planId };
  const revision = match[1] ?? '';
  if (!/^(0|[1-9][0-9]*)$/.test(revision) || !Number.isSafeInteger(Number(revision)))
    throw new UsageError(
      `${flag} ${JSON.stringify(value)}: the revision after @ must be a whole number (e.g. ${planId}@12), got ${JSON.stringify(revision)}`,
    );
  return { kind: 'api', planId, revision: Number(revision) };
}

/** True for Segment's Public API hosts, which keep no revisions. */
function isSegmentApi(url: string): boolean {
  try {
    return /(^|\.)segmentapis\.com$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Reads one side of the diff. */
export async function readSource(
  spec: SourceSpec,
  args: Record<string, unknown>,
  io: CliIo,
  format: PlanFormat | undefined,
): Promise<DiffSide> {
  switch (spec.kind) {
    case 'path':
      return { ir: await checkedIr(spec.path, io, format), label: spec.path };
    case 'output':
      return readOutput(spec.path, io, args.config as string | undefined);
    case 'api':
      return readApi(spec, args, io);
  }
}

/** A plan file or folder, as `platen check` reads it; its diagnostics printed and a failure when it has errors. */
async function checkedIr(path: string, io: CliIo, format: PlanFormat | undefined): Promise<Ir> {
  const checked = await checkPlan(path, { cwd: io.cwd, ...(format ? { format } : {}) });
  if (!checked.ir || hasErrors(checked.diagnostics)) {
    io.stderr(renderHuman(checked.diagnostics));
    throw new CliFailure(`cannot diff ${path}: it fails platen check (see above)`);
  }
  return checked.ir;
}

/** A loaded plan (from the API or git) checked as a file would be. */
function checkedLoaded(loaded: LoadedPlan, label: string, io: CliIo): Ir {
  const problems = validatePlan(loaded);
  if (hasErrors(problems)) {
    io.stderr(renderHuman(placeDiagnostics(loaded.sources, problems)));
    throw new CliFailure(`cannot diff ${label}: it fails platen check (see above)`);
  }
  return normalizePlan(loaded);
}

/** A tracking plan through the API: the current rules, or (Platen registry) those at a revision. */
async function readApi(
  spec: { planId: string; revision?: number },
  args: Record<string, unknown>,
  io: CliIo,
): Promise<DiffSide> {
  const config = await apiConfig(args, io);
  const label = spec.revision === undefined ? spec.planId : `${spec.planId}@${spec.revision}`;
  const apiUrl = String(args.apiUrl ?? config?.apiUrl ?? 'https://api.segmentapis.com');
  if (spec.revision !== undefined && isSegmentApi(apiUrl))
    throw new UsageError(
      `${label}: Segment's Public API (${apiUrl}) keeps no revisions of a plan; ` +
        `@${spec.revision} needs a Platen registry (--api-url). Use ${spec.planId} for its current rules.`,
    );
  let ir: Ir | undefined;
  await withClient(
    args,
    io,
    async (client) => {
      const plan = await client.getPlan(spec.planId);
      const read = await client.readRules(
        spec.planId,
        spec.revision === undefined ? {} : { revision: spec.revision },
      );
      // An API without revisions (Segment's, behind any URL) ignores `?revision=`: never take its
      // current rules for the revision asked for.
      if (spec.revision !== undefined && read.revision !== spec.revision)
        throw new UsageError(
          `${label}: the API at ${apiUrl} keeps no revisions of a plan (its rules came back ` +
            `without revision ${spec.revision}); @${spec.revision} needs a Platen registry. ` +
            `Use ${spec.planId} for its current rules.`,
        );
      const rules = read.rules;
      refuseTooDeep(spec.planId, rules);
      const loaded: LoadedPlan = {
        plan: planFromApi(plan, rules),
        format: 'public-api',
        file: label,
        ruleSources: [],
      };
      ir = checkedLoaded(loaded, label, io);
      return 0;
    },
    config,
  );
  return { ir: ir!, label };
}

/** The config's API keys (`apiUrl`, `tokenCommand`), when there is a valid config here. */
async function apiConfig(
  args: Record<string, unknown>,
  io: CliIo,
): Promise<ApiSettings | undefined> {
  const loaded = await loadConfig(io.cwd, args.config as string | undefined).catch(() => undefined);
  return loaded?.options?.api;
}

/**
 * An output folder: the plan its manifest names by hash. The manifest keeps hashes, not schemas, so
 * the plan is found where it lives: the config's plan file when it still hashes the same, else that
 * file's git history (newest first, up to {@link GIT_DEPTH} commits).
 */
async function readOutput(path: string, io: CliIo, configFile?: string): Promise<DiffSide> {
  const dir = resolve(io.cwd, path);
  const { manifest } = await readLastManifest(dir);
  if (manifest === undefined || manifest.plan.hash === '')
    throw new CliFailure(
      `${path}: ${MANIFEST_FILE} is not a Platen manifest with a plan hash; rebuild the folder with platen build`,
    );
  const want = manifest.plan.hash;
  const config = await configFor(dir, io, configFile);
  if (config === undefined)
    throw new CliFailure(
      `${path}: no platen.config.json here lists this output folder, so its plan cannot be found ` +
        `(its manifest keeps the plan's hash, not its rules); run platen diff where the config is, or pass the plan file`,
    );
  const planPath = relative(io.cwd, config.plan) || config.plan;
  const current = await checkPlan(config.plan, {
    cwd: io.cwd,
    ...(config.format ? { format: config.format } : {}),
  });
  if (current.ir && current.ir.plan.hash === want)
    return { ir: current.ir, label: `${path} (built from ${planPath})` };
  const fromGit = await planFromGit(config.plan, config.format, want);
  if (fromGit !== undefined)
    return {
      ir: fromGit.ir,
      label: `${path} (built from ${planPath} at commit ${fromGit.commit.slice(0, 12)})`,
    };
  throw new CliFailure(
    `${path} was built from a plan that is no longer anywhere Platen can read it: ${planPath} has changed since ` +
      `the build, and none of its last ${GIT_DEPTH} committed versions hashes to the manifest's plan hash ` +
      `(${want.slice(0, 12)}…). The manifest keeps hashes, not rules: rebuild the folder, or diff against a copy of the old plan.`,
  );
}

/** The config whose outputs include `dir` (from `--config` or the config in the working directory). */
async function configFor(
  dir: string,
  io: CliIo,
  configFile?: string,
): Promise<Options | undefined> {
  const loaded = await loadConfig(io.cwd, configFile).catch(() => undefined);
  const options = loaded?.options;
  // Output paths are absolute once the config is read.
  return options?.outputs.some((o) => o.path === dir) ? options : undefined;
}

/** How many commits of the plan file are searched for the one an output folder was built from. */
const GIT_DEPTH = 200;

/** The committed version of `file` whose plan hash is `want`; `undefined` when none (or no git). */
async function planFromGit(
  file: string,
  format: PlanFormat | undefined,
  want: string,
): Promise<{ ir: Ir; commit: string } | undefined> {
  const cwd = dirname(file);
  const log = await git(['log', `-n${GIT_DEPTH}`, '--format=%H', '--', basename(file)], cwd);
  if (log === undefined) return undefined;
  for (const commit of log.split('\n').filter((l) => /^[0-9a-f]{40}$/.test(l))) {
    const text = await git(['show', `${commit}:./${basename(file)}`], cwd);
    if (text === undefined) continue;
    const { loaded } = parsePlanText(text, file, format);
    if (!loaded || hasErrors(validatePlan(loaded))) continue;
    const ir = normalizePlan(loaded);
    if (ir.plan.hash === want) return { ir, commit };
  }
  return undefined;
}

/** Runs git; its stdout, or `undefined` when git is missing or fails. */
function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (err, stdout) =>
      done(err ? undefined : String(stdout)),
    );
  });
}
