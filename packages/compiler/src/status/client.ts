/**
 * Finds the generated clients an app uses: the outputs of its `platen.config.json` (or `.yml`), else
 * every folder of the project holding a Platen manifest. A client is described by its manifest alone
 * (rule → function → file), so the analysis needs no plan and no build.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadConfig } from '../config/index.js';
import { renderHuman } from '../diagnostics/render.js';
import { hasErrors } from '../diagnostics/types.js';
import { MANIFEST_FILE, parseManifest } from '../output/manifest.js';
import type { ManifestRule } from '../naming/types.js';
import { StatusInputError, type CallType } from './types.js';

/** A generated client: its folder and the rules that have a function in it. */
export interface GeneratedClient {
  /** Absolute folder of the client (where `platen.manifest.json` is). */
  dir: string;
  /** Rules with a function, as the manifest lists them. */
  rules: ManifestRule[];
}

/** What a function of a client is: a rule's own function, or a call taking the name as an argument. */
export type ClientFunction =
  | { kind: 'rule'; rule: ManifestRule }
  | { kind: 'named'; type: Extract<CallType, 'track' | 'page' | 'screen'> };

/** A file's path without its extension (`events/x.d.ts` → `events/x`), `/`-separated. */
export function stemOf(path: string): string {
  return path.replace(/\\/g, '/').replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
}

/**
 * The client function exported as `name` from the client file `stem` (relative to the client's
 * folder, no extension), if any: the rule whose manifest entry names them, or the generic `track`
 * (`track.ts`) and the untyped `page`/`screen` fallbacks the SDK target adds when the plan has no
 * unkeyed PAGE/SCREEN rule.
 */
export function clientFunction(
  client: GeneratedClient,
  stem: string,
  name: string,
): ClientFunction | undefined {
  const rule = client.rules.find((r) => r.function === name && stemOf(r.file ?? '') === stem);
  if (rule !== undefined) return { kind: 'rule', rule };
  if (stem === name && (name === 'track' || name === 'page' || name === 'screen'))
    return { kind: 'named', type: name };
  return undefined;
}

/** Reads the client in `dir`; `undefined` when it holds no Platen manifest. */
function readClient(dir: string): GeneratedClient | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const manifest = parseManifest(text);
  if (manifest === undefined) return undefined;
  return { dir, rules: manifest.rules.filter((r) => r.file !== undefined) };
}

/** Options of {@link findClients}. */
export interface FindClientsOptions {
  cwd: string;
  /** `--config`, relative to `cwd`. */
  config?: string;
  /** The tsconfig's folder: its config is used when `cwd` has none. */
  projectDir: string;
  /** Folders of the project's source files, searched for a manifest when there is no config. */
  sourceDirs: () => Iterable<string>;
}

/**
 * The clients to compare the code with. With a config (`--config`, else one in `cwd` or beside the
 * tsconfig), its outputs, each of which must have been built; without one, every folder of the
 * project (or its parent) holding a Platen manifest. Throws {@link StatusInputError} when none is found.
 */
export async function findClients(options: FindClientsOptions): Promise<GeneratedClient[]> {
  const { cwd, projectDir } = options;
  let config = await loadConfig(cwd, options.config);
  if (config === undefined && options.config === undefined && projectDir !== cwd)
    config = await loadConfig(projectDir);
  if (config !== undefined) {
    if (config.options === undefined || hasErrors(config.diagnostics))
      throw new StatusInputError(`the config has errors:\n${renderHuman(config.diagnostics)}`);
    const clients: GeneratedClient[] = [];
    for (const output of config.options.outputs) {
      const client = readClient(output.path);
      const shown = relative(cwd, output.path) || '.';
      if (client === undefined) {
        throw new StatusInputError(
          `no generated client in ${shown} (the config's output has no ${MANIFEST_FILE}): run platen build first`,
        );
      }
      clients.push(client);
    }
    return clients;
  }
  const found = new Map<string, GeneratedClient>();
  const seen = new Set<string>();
  for (const dir of options.sourceDirs()) {
    // A client's event files sit one folder below its manifest.
    for (const candidate of [dir, dirname(dir)]) {
      if (seen.has(candidate)) continue;
      seen.add(candidate);
      if (!existsSync(join(candidate, MANIFEST_FILE))) continue;
      const client = readClient(candidate);
      if (client !== undefined) found.set(candidate, client);
    }
  }
  if (found.size === 0) {
    throw new StatusInputError(
      `no generated client found: no platen.config.json in ${relative(cwd, projectDir) || '.'}, ` +
        `and no ${MANIFEST_FILE} beside the project's source files. Run platen build, or pass --config.`,
    );
  }
  return [...found.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}
