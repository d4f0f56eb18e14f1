/**
 * `platen status` as a library: load the app's TypeScript project, find its generated clients, find
 * every call that sends an event, and report coverage against the plan the clients were built from.
 * This module imports ts-morph; the CLI loads it only when `platen status` runs.
 */
import { dirname, relative, resolve } from 'node:path';
import { findClients } from './client.js';
import { loadProject } from './project.js';
import { buildReport } from './report.js';
import { scanProject } from './scan.js';
import type { StatusReport } from './types.js';

export { renderStatusHuman, renderStatusJson, ruleLabel } from './render.js';
export * from './types.js';

/** Options of {@link analyzeStatus}. */
export interface StatusOptions {
  /** The working directory: paths in the report are relative to it. */
  cwd: string;
  /** The tsconfig, relative to `cwd`. @default 'tsconfig.json' */
  project?: string;
  /** The Platen config naming the clients, relative to `cwd` (default: found in `cwd` or beside the tsconfig). */
  config?: string;
}

/**
 * Analyses the project. Throws {@link StatusInputError} (a message for a person) when the tsconfig,
 * the config or the clients cannot be used.
 */
export async function analyzeStatus(options: StatusOptions): Promise<StatusReport> {
  const { cwd } = options;
  const tsconfig = resolve(cwd, options.project ?? 'tsconfig.json');
  const project = loadProject(tsconfig, cwd);
  const clients = await findClients({
    cwd,
    ...(options.config === undefined ? {} : { config: options.config }),
    projectDir: project.dir,
    sourceDirs: function* () {
      for (const sf of project.program.getSourceFiles())
        // Declaration files too: a JavaScript client's types are its `.d.ts` files.
        if (!sf.fileName.includes('/node_modules/')) yield resolve(dirname(sf.fileName));
    },
  });
  const scan = scanProject(project, clients, cwd);
  const shown = (path: string) => (relative(cwd, path) || '.').split('\\').join('/');
  return buildReport(clients, scan, {
    project: shown(tsconfig),
    clients: clients.map((c) => shown(c.dir)),
  });
}
