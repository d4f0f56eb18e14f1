/**
 * `platen registry --db FILE [--host] [--port] [--max-body] [--rate] [--interval] [--retain] [--no-validation]`
 * serves a self-hosted tracking-plan registry (and its monitoring ingest);
 * `platen registry token create --scope read|write --db FILE` makes a bearer token for it;
 * `platen registry source create --name N [--plan tp_…] --db FILE` makes a source (its write key is the
 * last line) and `platen registry source list --db FILE` lists them.
 * The server is the separate package `@platen/registry` (it needs the native addon better-sqlite3), loaded
 * only when this command runs, so every other command works without it.
 */
import { resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';

/** The package that holds the registry server: an optional peer dependency of @platen/compiler. */
export const REGISTRY_PACKAGE = '@platen/registry';

/** What `platen registry` tells someone who runs it without {@link REGISTRY_PACKAGE} installed. */
export const REGISTRY_MISSING =
  `the registry server is the package ${REGISTRY_PACKAGE}, which is not installed.\n` +
  `Install it next to @platen/compiler: npm i -D ${REGISTRY_PACKAGE}`;

/** An open registry database; opaque here, only handed back to the registry. */
export interface RegistryDbHandle {
  close(): void;
}

/** A monitoring source, as the registry stores it. */
export interface RegistrySource {
  id: string;
  name: string;
  slug: string;
  plan_id: string | null;
  write_key: string;
  created_at: string;
}

/**
 * The part of {@link REGISTRY_PACKAGE} this command uses. Typed here rather than imported, so the compiler
 * builds and type-checks without the registry (which itself depends on the compiler); the registry's tests
 * check that its real exports satisfy this interface.
 */
export interface RegistryModule {
  DEFAULT_MAX_BODY: number;
  FAULTS_ENV: string;
  openRegistryDb(path: string): RegistryDbHandle;
  createToken(db: RegistryDbHandle, scope: 'read' | 'write'): string;
  createSource(db: RegistryDbHandle, input: { name: string; planId?: string }): RegistrySource;
  listSources(db: RegistryDbHandle): RegistrySource[];
  /** Thrown by createSource for a usage problem (no name, unknown plan). */
  SourceError: new (message: string) => Error;
  parseDuration(text: string): number | undefined;
  /** Rows of `platen monitor report` over [now - sinceMs, now), biggest change first. */
  monitorReport(db: RegistryDbHandle, sinceMs: number, now: number): MonitorReportRow[];
  /** Violations in Segment's `violation_generated` columns. */
  exportViolations(db: RegistryDbHandle): Iterable<Record<string, string>>;
  EXPORT_COLUMNS: readonly string[];
  csvField(value: string): string;
  startRegistry(options: {
    db: string;
    host?: string;
    port?: number;
    maxBody?: number;
    rate?: number;
    faults?: string;
    log?: (line: string) => void;
    monitor?: { intervalMs?: number; retainMs?: number; validate?: boolean };
  }): Promise<{ url: string; close(): Promise<void> }>;
}

/** One row of `platen monitor report --json` (the registry's ReportRow). */
export interface MonitorReportRow {
  source: string;
  type: string;
  event: string;
  version: number;
  planned: boolean;
  received: number;
  valid: number;
  invalid: number;
  unplanned_properties: number;
  violations: Record<string, number>;
  previous_received: number;
  change: number;
}

/** Loads {@link REGISTRY_PACKAGE}; a missing package or a broken install becomes a CliFailure (no stack). */
export async function loadRegistry(): Promise<RegistryModule> {
  try {
    // A specifier in a variable: TypeScript leaves the import untyped instead of resolving the package.
    return (await import(REGISTRY_PACKAGE)) as RegistryModule;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' && message.includes(`'${REGISTRY_PACKAGE}'`))
      throw new CliFailure(REGISTRY_MISSING);
    // Installed but unusable, e.g. better-sqlite3 missing or built for another Node.
    throw new CliFailure(
      `cannot load ${REGISTRY_PACKAGE}: ${message}\nReinstall it: npm i -D ${REGISTRY_PACKAGE}`,
    );
  }
}

/** Opens the registry database at `dbPath`; a failure is a CliFailure naming the file. */
export function openDb(registry: RegistryModule, dbPath: string): RegistryDbHandle {
  try {
    return registry.openRegistryDb(dbPath);
  } catch (err) {
    throw new CliFailure(
      `cannot open registry database ${dbPath}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** `registry source create|list`: a source's write key is the last line of stdout. */
function sourceCommand(
  registry: RegistryModule,
  dbPath: string,
  action: string,
  args: Record<string, unknown>,
  io: CliIo,
): number {
  const db = openDb(registry, dbPath);
  try {
    if (action === 'list') {
      const sources = registry.listSources(db);
      if (args.json) {
        io.stdout(JSON.stringify({ sources }, null, 2) + '\n');
        return EXIT.ok;
      }
      if (sources.length === 0)
        io.stdout(
          'no sources; create one with: platen registry source create --name NAME --db FILE\n',
        );
      for (const s of sources)
        io.stdout(
          `${s.id}  ${s.slug}  ${s.plan_id ?? '(unplanned)'}  ${s.write_key}  ${JSON.stringify(s.name)}\n`,
        );
      return EXIT.ok;
    }
    const plan = args.plan === undefined ? undefined : String(args.plan);
    let source: RegistrySource;
    try {
      source = registry.createSource(db, {
        name: String(args.name),
        ...(plan === undefined ? {} : { planId: plan }),
      });
    } catch (err) {
      if (err instanceof registry.SourceError) throw new CliFailure(err.message);
      throw err;
    }
    io.stdout(
      `created source ${source.id} (${source.slug}), ${source.plan_id ? `validated against ${source.plan_id}` : 'unplanned'}; its write key:\n${source.write_key}\n`,
    );
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** Creates a token and prints it as the last line of stdout (the only time it is ever shown). */
function createTokenCommand(
  registry: RegistryModule,
  dbPath: string,
  scope: 'read' | 'write',
  io: CliIo,
): number {
  let db;
  try {
    db = registry.openRegistryDb(dbPath);
  } catch (err) {
    throw new CliFailure(
      `cannot open registry database ${dbPath}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    const token = registry.createToken(db, scope);
    io.stdout(`created a ${scope} token; it is shown only now, so store it safely:\n${token}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** True for a host only this machine can reach: `localhost`, 127.0.0.0/8 or `::1`. */
function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Serves until SIGTERM or SIGINT, then finishes in-flight requests and closes the database. */
async function serve(args: Record<string, unknown>, dbPath: string, io: CliIo): Promise<number> {
  const port = Number(args.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be 0–65535');
  // Flags are checked before the registry is loaded, so a usage error is reported as one even without it.
  const givenMaxBody = args.maxBody === undefined ? undefined : Number(args.maxBody);
  if (givenMaxBody !== undefined && (!Number.isInteger(givenMaxBody) || givenMaxBody < 1))
    throw new UsageError('--max-body must be a positive number of bytes');
  const rate = Number(args.rate ?? 0);
  if (!Number.isInteger(rate) || rate < 0)
    throw new UsageError('--rate must be a whole number of requests per minute (0 = no limit)');
  const interval = args.interval === undefined ? undefined : String(args.interval);
  const retain = args.retain === undefined ? undefined : String(args.retain);
  const { DEFAULT_MAX_BODY, FAULTS_ENV, startRegistry, parseDuration } = await loadRegistry();
  const intervalMs = interval === undefined ? undefined : parseDuration(interval);
  if (
    interval !== undefined &&
    (intervalMs === undefined || intervalMs < 60_000 || intervalMs % 60_000 !== 0)
  )
    throw new UsageError(
      `--interval must be a whole number of minutes, at least 1m (e.g. 1m, 15m, 1h), got ${JSON.stringify(interval)}`,
    );
  const retainMs = retain === undefined ? undefined : parseDuration(retain);
  if (retain !== undefined && retainMs === undefined)
    throw new UsageError(
      `--retain must be a duration such as 90d or 12h, got ${JSON.stringify(retain)}`,
    );
  const maxBody = givenMaxBody ?? DEFAULT_MAX_BODY;
  const faults = io.env[FAULTS_ENV];
  let registry;
  try {
    registry = await startRegistry({
      db: dbPath,
      host: String(args.host ?? '127.0.0.1'),
      port,
      maxBody,
      rate,
      ...(faults ? { faults } : {}),
      log: (line) => io.stderr(line + '\n'),
      monitor: {
        ...(intervalMs === undefined ? {} : { intervalMs }),
        ...(retainMs === undefined ? {} : { retainMs }),
        validate: args.validation !== false,
      },
    });
  } catch (err) {
    throw new CliFailure(
      `cannot start the registry: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (faults) io.stderr(`platen registry: injecting faults ${faults} (${FAULTS_ENV})\n`);
  // The registry speaks plain HTTP: beyond loopback, tokens and plans cross the network readable.
  const host = String(args.host ?? '127.0.0.1');
  if (!isLoopbackHost(host))
    io.stderr(
      `platen registry: warning: --host ${host} serves plain HTTP beyond this machine: bearer ` +
        'tokens and plans travel unencrypted. Put it behind a TLS-terminating proxy, or keep the ' +
        'default --host 127.0.0.1.\n',
    );
  io.stdout(`listening on ${registry.url}\n`);
  const running = registry;
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      io.stderr(`platen registry: ${signal}, finishing requests in flight\n`);
      void running.close().then(done);
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
  io.stderr('platen registry: stopped\n');
  return EXIT.ok;
}

/** `platen registry`. */
export const registryCommand: CliCommand = {
  command: 'registry [what] [action]',
  describe:
    'Serve a self-hosted tracking-plan registry and event monitoring (or: registry token create, registry source create|list)',
  builder: (y) =>
    y
      .positional('what', {
        choices: ['token', 'source'],
        describe: 'token: manage bearer tokens; source: manage monitoring sources',
      })
      .positional('action', {
        choices: ['create', 'list'],
        describe: 'create: make a new token or source; list: list sources',
      })
      .option('db', {
        type: 'string',
        demandOption: true,
        describe: 'SQLite database file (created if missing)',
      })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface to listen on' })
      .option('port', {
        type: 'number',
        default: 0,
        describe: 'Port to listen on (0 = any free port)',
      })
      // No `default`: the value is the registry's DEFAULT_MAX_BODY, and reading it here would load the
      // registry (and its native addon) for every command, even `--help`.
      .option('max-body', {
        type: 'number',
        defaultDescription: '10 MiB',
        describe: 'Largest request body in bytes',
      })
      .option('rate', {
        type: 'number',
        default: 0,
        describe: 'Requests per minute per token, then 429 (0 = no limit)',
      })
      .option('interval', {
        type: 'string',
        defaultDescription: '1h',
        describe: 'Monitoring rollup interval, whole minutes (1m … 1d)',
      })
      .option('retain', {
        type: 'string',
        defaultDescription: '90d',
        describe: 'Keep monitoring data this long (e.g. 90d, 12h)',
      })
      .option('validation', {
        type: 'boolean',
        default: true,
        describe: 'Validate monitored events (--no-validation only counts them)',
      })
      .option('name', { type: 'string', describe: 'Source name (source create)' })
      .option('plan', { type: 'string', describe: 'Tracking plan id tp_… (source create)' })
      .option('json', { type: 'boolean', describe: 'JSON output (source list)' })
      .option('scope', {
        type: 'string',
        choices: ['read', 'write'],
        describe: 'Token scope (token create)',
      })
      .example('$0 registry --db plans.db --port 8080', 'serve plans.db on http://127.0.0.1:8080')
      .example('$0 registry token create --scope write --db plans.db', 'print a new write token')
      .example(
        '$0 registry source create --name web --plan tp_… --db plans.db',
        'print the write key of a new source',
      ),
  run: async (args, io) => {
    const dbPath = resolve(io.cwd, String(args.db));
    if (args.what === undefined) {
      if (args.action !== undefined)
        throw new UsageError(`unknown registry command ${String(args.action)}`);
      return serve(args, dbPath, io);
    }
    if (args.what === 'source') {
      if (args.action !== 'create' && args.action !== 'list')
        throw new UsageError('registry source needs an action: registry source create|list');
      if (args.action === 'create' && (typeof args.name !== 'string' || args.name.trim() === ''))
        throw new UsageError('registry source create needs --name');
      return sourceCommand(await loadRegistry(), dbPath, args.action, args, io);
    }
    if (args.action !== 'create')
      throw new UsageError('registry token needs an action: registry token create');
    if (args.scope !== 'read' && args.scope !== 'write') {
      throw new UsageError('registry token create needs --scope read or --scope write');
    }
    return createTokenCommand(await loadRegistry(), dbPath, args.scope, io);
  },
};
