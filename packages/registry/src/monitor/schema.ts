/**
 * The monitoring tables (migration 2 of the registry database). See ./README.md for what each
 * holds and why it is shaped so.
 */

/** The SQL of the migration that adds sources and the monitoring tables. */
export const MONITOR_MIGRATION = `
CREATE TABLE sources (
  pk INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  plan_id TEXT,
  write_key TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
-- One row per interval x source x call type x event x version. event is '' for identify, group,
-- alias and unnamed page/screen calls; version 0 means none. bucket is the interval's start (ms).
CREATE TABLE monitor_rollups (
  source_pk INTEGER NOT NULL,
  event TEXT NOT NULL,
  type TEXT NOT NULL,
  version INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  interval_ms INTEGER NOT NULL,
  planned INTEGER NOT NULL,
  received INTEGER NOT NULL,
  valid INTEGER NOT NULL,
  invalid INTEGER NOT NULL,
  unplanned_properties INTEGER NOT NULL,
  v_unplanned_event INTEGER NOT NULL,
  v_unplanned_property INTEGER NOT NULL,
  v_missing_required INTEGER NOT NULL,
  v_wrong_type INTEGER NOT NULL,
  v_other INTEGER NOT NULL,
  PRIMARY KEY (source_pk, event, type, version, bucket)
) WITHOUT ROWID;
CREATE INDEX monitor_rollups_bucket ON monitor_rollups (bucket);
-- One row per violation (what the export writes, one line each).
CREATE TABLE monitor_violations (
  id INTEGER PRIMARY KEY,
  bucket INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  sent_at TEXT,
  message_id TEXT,
  source_pk INTEGER NOT NULL,
  type TEXT NOT NULL,
  event TEXT NOT NULL,
  version INTEGER NOT NULL,
  class TEXT NOT NULL,
  keyword TEXT NOT NULL,
  path TEXT NOT NULL,
  description TEXT NOT NULL
);
CREATE INDEX monitor_violations_bucket ON monitor_violations (bucket);
-- At most the sample limit of violating messages per interval x source x type x event x version.
CREATE TABLE monitor_samples (
  id INTEGER PRIMARY KEY,
  bucket INTEGER NOT NULL,
  source_pk INTEGER NOT NULL,
  type TEXT NOT NULL,
  event TEXT NOT NULL,
  version INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  message TEXT NOT NULL,
  violations TEXT NOT NULL
);
CREATE INDEX monitor_samples_key ON monitor_samples (source_pk, event, type, version, bucket);
CREATE INDEX monitor_samples_bucket ON monitor_samples (bucket);
-- The dedupe log: per committed batch, the fingerprints of its messageIds (8 bytes each), by generation.
CREATE TABLE monitor_dedupe (
  gen INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  keys BLOB NOT NULL,
  PRIMARY KEY (gen, seq)
) WITHOUT ROWID;
-- Small persistent counters: open_bucket (the interval last seen open).
CREATE TABLE monitor_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
`;
