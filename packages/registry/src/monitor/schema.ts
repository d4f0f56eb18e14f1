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

/** The count columns of a rollup row, in table order (after `planned`). */
const COUNTS = [
  'received',
  'valid',
  'invalid',
  'unplanned_properties',
  'v_unplanned_event',
  'v_unplanned_property',
  'v_missing_required',
  'v_wrong_type',
  'v_other',
] as const;

/** One UTC day in ms: the daily table's bucket width. */
export const DAY_MS = 86_400_000;

/**
 * The migration that makes long reads cheap (a later one than {@link MONITOR_MIGRATION}):
 * - `monitor_rollups_event (event, bucket)`: one event's volumes without a source read its rows
 *   directly instead of walking the whole `bucket` index and looking every row up.
 * - `monitor_rollups_daily`: the same counts per UTC day of the bucket's start, kept equal to the
 *   sums of `monitor_rollups` by triggers (insert, upsert, retention delete all go through them, in
 *   the writer's transaction), so reads by whole days over whole days read 24 times fewer rows.
 *   `planned` is the MIN over the day's interval rows, as the reads aggregate it.
 */
export const MONITOR_DAILY_MIGRATION = `
CREATE INDEX monitor_rollups_event ON monitor_rollups (event, bucket);
CREATE TABLE monitor_rollups_daily (
  source_pk INTEGER NOT NULL,
  event TEXT NOT NULL,
  type TEXT NOT NULL,
  version INTEGER NOT NULL,
  day INTEGER NOT NULL,
  planned INTEGER NOT NULL,
  ${COUNTS.map((c) => `${c} INTEGER NOT NULL`).join(',\n  ')},
  PRIMARY KEY (source_pk, event, type, version, day)
) WITHOUT ROWID;
INSERT INTO monitor_rollups_daily (source_pk, event, type, version, day, planned, ${COUNTS.join(', ')})
  SELECT source_pk, event, type, version, bucket - bucket % ${DAY_MS}, MIN(planned),
    ${COUNTS.map((c) => `SUM(${c})`).join(', ')}
  FROM monitor_rollups GROUP BY source_pk, event, type, version, bucket - bucket % ${DAY_MS};
CREATE TRIGGER monitor_rollups_daily_insert AFTER INSERT ON monitor_rollups BEGIN
  INSERT INTO monitor_rollups_daily (source_pk, event, type, version, day, planned, ${COUNTS.join(', ')})
  VALUES (NEW.source_pk, NEW.event, NEW.type, NEW.version, NEW.bucket - NEW.bucket % ${DAY_MS},
    NEW.planned, ${COUNTS.map((c) => `NEW.${c}`).join(', ')})
  ON CONFLICT (source_pk, event, type, version, day) DO UPDATE SET planned = MIN(planned, excluded.planned),
    ${COUNTS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};
END;
CREATE TRIGGER monitor_rollups_daily_update AFTER UPDATE ON monitor_rollups BEGIN
  UPDATE monitor_rollups_daily SET ${COUNTS.map((c) => `${c} = ${c} + NEW.${c} - OLD.${c}`).join(', ')}
  WHERE source_pk = NEW.source_pk AND event = NEW.event AND type = NEW.type AND version = NEW.version
    AND day = NEW.bucket - NEW.bucket % ${DAY_MS};
END;
CREATE TRIGGER monitor_rollups_daily_delete AFTER DELETE ON monitor_rollups BEGIN
  UPDATE monitor_rollups_daily SET ${COUNTS.map((c) => `${c} = ${c} - OLD.${c}`).join(', ')}
  WHERE source_pk = OLD.source_pk AND event = OLD.event AND type = OLD.type AND version = OLD.version
    AND day = OLD.bucket - OLD.bucket % ${DAY_MS};
  DELETE FROM monitor_rollups_daily
  WHERE source_pk = OLD.source_pk AND event = OLD.event AND type = OLD.type AND version = OLD.version
    AND day = OLD.bucket - OLD.bucket % ${DAY_MS} AND received <= 0;
END;
`;
