/**
 * The tables of monitors and alerts (one registry migration): monitors and alert targets (from the API
 * or from `platen monitors apply`), each series' detector state, the anomalies found, incidents, and
 * the delivery outbox with one row per attempt.
 */

/** The migration that creates the monitor and alert tables. */
export const ALERTS_MIGRATION = `
  CREATE TABLE monitors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- 'api' or 'config' (config monitors are replaced as a set by platen monitors apply)
    origin TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE alert_targets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,
    type TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE alert_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    cooldown_ms INTEGER NOT NULL,
    resolve_after INTEGER NOT NULL
  );
  -- One row per monitor x series (series = source and event as the monitor splits them).
  CREATE TABLE monitor_series (
    monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    series TEXT NOT NULL,
    source TEXT,
    event TEXT,
    state TEXT NOT NULL,
    last_interval INTEGER NOT NULL,
    -- when an alert last named this series (the cooldown)
    last_alert_at INTEGER,
    PRIMARY KEY (monitor_id, series)
  ) WITHOUT ROWID;
  -- One incident per monitor at a time; members are the series anomalous in it (JSON, see incidents.ts).
  CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    monitor_id INTEGER REFERENCES monitors (id) ON DELETE SET NULL,
    monitor_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    opened_at INTEGER NOT NULL,
    alerted_at INTEGER,
    resolved_at INTEGER,
    state TEXT NOT NULL,
    anomalies INTEGER NOT NULL DEFAULT 0,
    peak_score REAL NOT NULL
  );
  CREATE INDEX incidents_monitor ON incidents (monitor_id, status);
  CREATE TABLE anomalies (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    monitor_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT,
    event TEXT,
    interval_start INTEGER NOT NULL,
    interval_end INTEGER NOT NULL,
    value REAL NOT NULL,
    expected REAL,
    lower REAL,
    upper REAL,
    score REAL NOT NULL,
    detail TEXT
  );
  CREATE INDEX anomalies_time ON anomalies (interval_start);
  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    target_name TEXT NOT NULL,
    message TEXT NOT NULL CHECK (message IN ('alert', 'resolved')),
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX deliveries_pending ON deliveries (status, next_attempt_at);
  CREATE TABLE delivery_attempts (
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    at INTEGER NOT NULL,
    http_status INTEGER,
    error TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed')),
    PRIMARY KEY (delivery_id, attempt)
  ) WITHOUT ROWID;
`;
