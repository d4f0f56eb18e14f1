/**
 * `platen monitors apply --db FILE [--config FILE]` stores the config's `monitors` and `alerts` in a
 * registry database (replacing the monitors and targets an earlier apply stored; those made through
 * the API stay); `platen monitors list --db FILE [--json]` shows what is stored. A running registry
 * picks the change up at its next closed interval. Secrets named by `urlEnv`/`secretEnv` are read
 * from the environment here.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { loadRegistry } from './registry.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import { CONFIG_FILES } from '../../config/load.js';
import {
  checkMonitorConfig,
  type MonitorConfig,
  type MonitorIssue,
} from '../../config/monitors.js';
import { renderHuman } from '../../diagnostics/render.js';
import type { Diagnostic } from '../../diagnostics/types.js';
import { placeDiagnostics } from '../../plan/positions.js';
import { parseSource } from '../../plan/syntax.js';

/** The part of `@platen/registry` these commands use (its tests check the real exports match). */
export interface MonitorsModule {
  openRegistryDb(path: string): { close(): void };
  applyConfig(
    db: unknown,
    config: MonitorConfig,
  ): { monitors: number; targets: number; removed: number };
  listMonitors(db: unknown): { origin: string; monitor: MonitorConfig['monitors'][number] }[];
  listTargets(
    db: unknown,
  ): { name: string; type: string; origin: string; url: string; signed: boolean }[];
}

/** Opens the database, runs `fn`, closes it; an unopenable file is a CliFailure naming it. */
export async function withRegistryDb<T>(
  dbPath: string,
  fn: (registry: MonitorsModule & Record<string, unknown>, db: { close(): void }) => T,
): Promise<T> {
  const registry = (await loadRegistry()) as unknown as MonitorsModule & Record<string, unknown>;
  let db;
  try {
    db = registry.openRegistryDb(dbPath);
  } catch (err) {
    throw new CliFailure(
      `cannot open registry database ${dbPath}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    return fn(registry, db);
  } finally {
    db.close();
  }
}

/** Reads and checks the config's monitors, resolving secrets from `io.env`. */
async function readMonitorConfig(
  io: CliIo,
  explicit: string | undefined,
): Promise<MonitorConfig | Diagnostic[]> {
  for (const name of explicit === undefined ? CONFIG_FILES : [explicit]) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, name), 'utf8');
    } catch (err) {
      if (explicit === undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new CliFailure(
        `cannot read ${name}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)}`,
      );
    }
    const { parsed, diagnostics } = parseSource(text, name);
    if (!parsed) return diagnostics;
    const value = parsed.value as Record<string, unknown> | null;
    const issues: MonitorIssue[] = [];
    const record =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
    const config = checkMonitorConfig(record.monitors, record.alerts, issues, io.env);
    if (issues.length === 0) return config;
    const found: Diagnostic[] = issues.map(([pointer, message]) => ({
      code: 'invalid-config',
      severity: 'error',
      message,
      file: name,
      pointer,
    }));
    return placeDiagnostics({ [name]: parsed.source }, found);
  }
  throw new UsageError(
    'no config: pass --config FILE, or run platen monitors apply where platen.config.json is',
  );
}

/** `platen monitors apply|list`. */
export const monitorsCommand: CliCommand = {
  command: 'monitors <action>',
  describe: "Store the config's monitors and alert targets in a registry (or list them)",
  builder: (y) =>
    y
      .positional('action', {
        choices: ['apply', 'list'],
        describe: 'apply: store the config; list: show',
      })
      .option('db', { type: 'string', demandOption: true, describe: 'Registry database file' })
      .option('config', {
        type: 'string',
        describe: 'Config file (default: platen.config.json here)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'list: print JSON' })
      .example('$0 monitors apply --db plans.db', "store platen.config.json's monitors"),
  run: async (args, io) => {
    const dbPath = resolve(io.cwd, String(args.db));
    if (args.action === 'apply') {
      const config = await readMonitorConfig(io, args.config as string | undefined);
      if (Array.isArray(config)) {
        io.stderr(renderHuman(config));
        return EXIT.failure;
      }
      const r = await withRegistryDb(dbPath, (registry, db) => registry.applyConfig(db, config));
      io.stdout(
        `stored ${r.monitors} monitor(s) and ${r.targets} alert target(s)` +
          (r.removed > 0 ? `; removed ${r.removed} monitor(s) no longer in the config` : '') +
          '\n',
      );
      return EXIT.ok;
    }
    return withRegistryDb(dbPath, (registry, db) => {
      const monitors = registry.listMonitors(db).map((m) => ({ ...m.monitor, origin: m.origin }));
      const targets = registry.listTargets(db);
      if (args.json) io.stdout(JSON.stringify({ monitors, targets }, null, 2) + '\n');
      else {
        for (const m of monitors)
          io.stdout(
            `${m.name}  ${m.kind}  source=${m.source ?? '*'} event=${m.event ?? '(all)'} sensitivity=${m.sensitivity} (${m.origin})\n`,
          );
        for (const t of targets)
          io.stdout(`target ${t.name}  ${t.type}  ${t.url}${t.signed ? '  signed' : ''}\n`);
        if (monitors.length === 0) io.stdout('no monitors\n');
      }
      return EXIT.ok;
    });
  },
};
