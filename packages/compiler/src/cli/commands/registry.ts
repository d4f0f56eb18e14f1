/**
 * `platen registry --db FILE [--host] [--port] [--max-body]` serves a self-hosted tracking-plan registry;
 * `platen registry token create --scope read|write --db FILE` makes a bearer token for it.
 */
import { resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import {
  createToken,
  DEFAULT_MAX_BODY,
  FAULTS_ENV,
  openRegistryDb,
  startRegistry,
  type TokenScope,
} from '../../registry/index.js';

/** Creates a token and prints it as the last line of stdout (the only time it is ever shown). */
function createTokenCommand(dbPath: string, scope: TokenScope, io: CliIo): number {
  let db;
  try {
    db = openRegistryDb(dbPath);
  } catch (err) {
    throw new CliFailure(
      `cannot open registry database ${dbPath}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    const token = createToken(db, scope);
    io.stdout(`created a ${scope} token; it is shown only now, so store it safely:\n${token}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** Serves until SIGTERM or SIGINT, then finishes in-flight requests and closes the database. */
async function serve(args: Record<string, unknown>, dbPath: string, io: CliIo): Promise<number> {
  const port = Number(args.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be 0–65535');
  const maxBody = Number(args.maxBody ?? DEFAULT_MAX_BODY);
  if (!Number.isInteger(maxBody) || maxBody < 1)
    throw new UsageError('--max-body must be a positive number of bytes');
  const faults = io.env[FAULTS_ENV];
  let registry;
  try {
    registry = await startRegistry({
      db: dbPath,
      host: String(args.host ?? '127.0.0.1'),
      port,
      maxBody,
      ...(faults ? { faults } : {}),
      log: (line) => io.stderr(line + '\n'),
    });
  } catch (err) {
    throw new CliFailure(
      `cannot start the registry: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (faults) io.stderr(`platen registry: injecting faults ${faults} (${FAULTS_ENV})\n`);
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
  describe: 'Serve a self-hosted tracking-plan registry (or: registry token create)',
  builder: (y) =>
    y
      .positional('what', { choices: ['token'], describe: 'token: manage bearer tokens' })
      .positional('action', { choices: ['create'], describe: 'create: make a new token' })
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
      .option('max-body', {
        type: 'number',
        default: DEFAULT_MAX_BODY,
        describe: 'Largest request body in bytes',
      })
      .option('scope', {
        type: 'string',
        choices: ['read', 'write'],
        describe: 'Token scope (token create)',
      })
      .example('$0 registry --db plans.db --port 8080', 'serve plans.db on http://127.0.0.1:8080')
      .example('$0 registry token create --scope write --db plans.db', 'print a new write token'),
  run: async (args, io) => {
    const dbPath = resolve(io.cwd, String(args.db));
    if (args.what === undefined) {
      if (args.action !== undefined)
        throw new UsageError(`unknown registry command ${String(args.action)}`);
      return serve(args, dbPath, io);
    }
    if (args.action !== 'create')
      throw new UsageError('registry token needs an action: registry token create');
    if (args.scope !== 'read' && args.scope !== 'write') {
      throw new UsageError('registry token create needs --scope read or --scope write');
    }
    return createTokenCommand(dbPath, args.scope, io);
  },
};
