/**
 * The registry's SQLite database: one file, WAL, versioned migrations (`PRAGMA user_version`), and the
 * bearer tokens, stored only as SHA-256 hashes.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { ALERTS_MIGRATION } from './alerts/schema.js';
import { MONITOR_DAILY_MIGRATION, MONITOR_MIGRATION } from './monitor/schema.js';

/** An open registry database. */
export type RegistryDb = Database.Database;

/** What a token may do: `read` lists and gets; `write` also creates, changes and deletes. */
export type TokenScope = 'read' | 'write';

/**
 * Schema migrations, in order; migration `i` takes `user_version` from `i` to `i + 1`.
 * Never edit a shipped entry: append a new one.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tokens (
     id INTEGER PRIMARY KEY,
     hash TEXT NOT NULL UNIQUE,
     scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
     created_at TEXT NOT NULL
   );
   CREATE TABLE plans (
     pk INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     slug TEXT NOT NULL,
     description TEXT NOT NULL DEFAULT '',
     type TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     revision INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX plans_type ON plans (type, pk);
   -- key_id is JSON.stringify(key): unlike the nullable key it is unique for null, "" and "x" alike.
   CREATE TABLE rules (
     plan_pk INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
     type TEXT NOT NULL,
     type_rank INTEGER NOT NULL,
     key TEXT,
     key_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     json_schema TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (plan_pk, type_rank, key_id, version)
   ) WITHOUT ROWID;
   CREATE TABLE revisions (
     plan_pk INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
     revision INTEGER NOT NULL,
     operation TEXT NOT NULL,
     created_at TEXT NOT NULL,
     added INTEGER NOT NULL,
     changed INTEGER NOT NULL,
     removed INTEGER NOT NULL,
     rule_count INTEGER NOT NULL,
     PRIMARY KEY (plan_pk, revision)
   ) WITHOUT ROWID;
   -- One row per rule a revision touched; json_schema NULL means the revision removed the rule.
   CREATE TABLE rule_history (
     plan_pk INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
     type TEXT NOT NULL,
     type_rank INTEGER NOT NULL,
     key TEXT,
     key_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     revision INTEGER NOT NULL,
     json_schema TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (plan_pk, type_rank, key_id, version, revision)
   ) WITHOUT ROWID;`,
  // 2: sources and the monitoring tables (issue 14).
  MONITOR_MIGRATION,
  // 3: monitors, incidents and the alert outbox (issue 15).
  ALERTS_MIGRATION,
  // 4: the revision a conditional write (If-Match) was based on; NULL for a write without If-Match.
  `ALTER TABLE revisions ADD COLUMN base_revision INTEGER;`,
  // 5: monitoring reads: an (event, bucket) index and daily rollups kept by triggers (issue 14).
  MONITOR_DAILY_MIGRATION,
];

/** The schema version this build of Platen writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating if needed) a registry database and brings its schema up to date.
 * Throws when the file was written by a newer Platen, rather than guessing at an unknown schema.
 */
export function openRegistryDb(file: string): RegistryDb {
  restrictToOwner(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // Another process (`registry token create` while serving) may hold the write lock briefly.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // NORMAL loses no committed transaction on a process crash in WAL mode, only on power loss.
    db.pragma('synchronous = NORMAL');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Opens an existing registry database read-only (the monitoring reads' own connection): WAL lets it
 * read committed data while the server's connection writes.
 */
export function openReadonlyDb(file: string): RegistryDb {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The mode of the database and its `-wal`/`-shm` files: they hold token hashes and every plan, so owner only. */
export const DB_FILE_MODE = 0o600;

/**
 * Creates `file` 0600 before SQLite opens it, and narrows an existing database and its WAL files to
 * 0600. SQLite creates `-wal` and `-shm` with the main file's mode, so a 0600 main file is enough for
 * new ones; an explicit open (not the umask, which is process-wide) avoids racing other code.
 */
function restrictToOwner(file: string): void {
  if (file === '' || file === ':memory:' || file.startsWith('file:')) return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', DB_FILE_MODE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, DB_FILE_MODE);
    } catch (err) {
      // A WAL file that does not exist yet is created later with the main file's mode; a file another
      // user owns (EPERM) keeps its mode rather than making the database unusable.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw err;
    }
  }
}

function migrate(db: RegistryDb): void {
  const migrateTx = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `database schema version ${current} is newer than this Platen supports (${MIGRATIONS.length})`,
      );
    }
    for (let v = current; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      // PRAGMA takes no bound parameters; v is a loop integer, not input.
      db.pragma(`user_version = ${v + 1}`);
    }
  });
  migrateTx.immediate();
}

/** The stored form of a token: its SHA-256, hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Creates a token with `scope`, stores its hash and returns the token itself (the only time it exists). */
export function createToken(db: RegistryDb, scope: TokenScope, now = new Date()): string {
  const token = `plt_${scope}_${randomBytes(24).toString('base64url')}`;
  db.prepare('INSERT INTO tokens (hash, scope, created_at) VALUES (?, ?, ?)').run(
    hashToken(token),
    scope,
    now.toISOString(),
  );
  return token;
}

/** The scope of `token`, or undefined when it is not a token of this registry. */
export function tokenScope(db: RegistryDb, token: string): TokenScope | undefined {
  const row = db.prepare('SELECT scope FROM tokens WHERE hash = ?').get(hashToken(token)) as
    { scope: TokenScope } | undefined;
  return row?.scope;
}
