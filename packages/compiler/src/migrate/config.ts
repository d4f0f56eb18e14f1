/**
 * A Typewriter project as Platen build options: the plan at `<path>/plan.json` and one output, in dev
 * mode, at `<path>/client`. Not `<path>` itself, where Typewriter wrote its client: Platen replaces
 * its output folder as a whole, so `platen build` refuses a folder that holds the plan.
 */
import { posix, resolve } from 'node:path';
import type { Language, Mode, ModuleFormat, Sdk } from '../compile-types.js';
import { resolveOptions, type Options } from '../config/options.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { readTypewriterConfig, type TypewriterProject } from './typewriter.js';

/** The `platen.config.json` a Typewriter project becomes (paths relative to the config's folder). */
export interface MigratedConfig {
  plan: string;
  /** The Typewriter plan's id, so `platen pull` needs no `--plan-id`. */
  planId: string;
  /** Typewriter's `scripts.token`, so `platen pull` needs no `--token-command`. */
  tokenCommand?: string;
  outputs: { path: string; language: Language; sdk: Sdk; mode: Mode; module?: ModuleFormat }[];
}

/** `./analytics/` → `analytics`: the same folder, written the way Platen configs write paths. */
function tidy(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normal === '' ? '.' : normal;
}

/** The folder, inside a Typewriter plan's `path`, that Platen writes the client to. */
export const CLIENT_FOLDER = 'client';

/** The platen.config.json equivalent to a Typewriter project. */
export function migratedConfig(project: TypewriterProject): MigratedConfig {
  const folder = tidy(project.path);
  return {
    plan: folder === '.' ? 'plan.json' : `${folder}/plan.json`,
    planId: project.planId,
    // Typewriter ran its token script from the config's folder; so does Platen (see ApiSettings).
    ...(project.scripts.token === undefined ? {} : { tokenCommand: project.scripts.token }),
    // Typewriter's `build` writes the development client (validation on); `prod` is a separate run.
    outputs: [
      {
        path: posix.join(folder, CLIENT_FOLDER),
        language: project.language,
        sdk: project.sdk,
        mode: 'dev',
        // Only JavaScript output has a module format; TypeScript is compiled by the project's tsc.
        ...(project.commonjs && project.language === 'javascript'
          ? { module: 'cjs' as const }
          : {}),
      },
    ],
  };
}

/**
 * Build options from a parsed `typewriter.yml` (the same result shape as a Platen config): paths
 * resolved against `dir`, the config file's folder.
 */
export function typewriterOptions(
  value: unknown,
  file: string,
  dir: string,
): { options?: Options; diagnostics: Diagnostic[] } {
  const { project, diagnostics } = readTypewriterConfig(value, file);
  if (!project) return { diagnostics };
  const config = migratedConfig(project);
  const options = resolveOptions({
    plan: resolve(dir, config.plan),
    outputs: config.outputs.map((o) => ({ ...o, path: resolve(dir, o.path) })),
    api: {
      planId: config.planId,
      ...(config.tokenCommand === undefined ? {} : { tokenCommand: config.tokenCommand }),
      dir,
    },
  });
  return { options, diagnostics };
}
