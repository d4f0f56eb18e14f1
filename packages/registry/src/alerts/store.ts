/**
 * The monitor and alert tables, as plain functions over the registry database: monitors and targets
 * (API or config), incident settings, per-series state, incidents, anomalies, deliveries.
 */
import {
  DEFAULT_ALERT_SETTINGS,
  type AlertSettings,
  type AlertTarget,
  type Monitor,
} from '@platen/compiler/api';
import type { RegistryDb } from '../db.js';
import type { IncidentState } from './incidents.js';

/** Where a monitor or target was defined. */
export type Origin = 'api' | 'config';

/** A stored monitor. */
export interface MonitorRow {
  id: number;
  origin: Origin;
  monitor: Monitor;
  created_at: string;
  updated_at: string;
}

/** Every monitor, by name. */
export function listMonitors(db: RegistryDb): MonitorRow[] {
  const rows = db
    .prepare('SELECT id, origin, definition, created_at, updated_at FROM monitors ORDER BY name')
    .all() as {
    id: number;
    origin: Origin;
    definition: string;
    created_at: string;
    updated_at: string;
  }[];
  return rows.map(({ definition, ...r }) => ({ ...r, monitor: JSON.parse(definition) as Monitor }));
}

/** The monitor named `name`, if any. */
export function getMonitor(db: RegistryDb, name: string): MonitorRow | undefined {
  return listMonitors(db).find((m) => m.monitor.name === name);
}

/**
 * Creates or replaces the monitor named `monitor.name`. A changed definition keeps the row (and so
 * its incidents) but forgets its series' state: what was learned no longer applies.
 */
export function putMonitor(
  db: RegistryDb,
  monitor: Monitor,
  origin: Origin,
  now: Date,
): MonitorRow {
  const at = now.toISOString();
  const definition = JSON.stringify(monitor);
  const existing = db
    .prepare('SELECT id, definition FROM monitors WHERE name = ?')
    .get(monitor.name) as { id: number; definition: string } | undefined;
  if (existing) {
    if (existing.definition !== definition) {
      db.prepare('UPDATE monitors SET definition = ?, origin = ?, updated_at = ? WHERE id = ?').run(
        definition,
        origin,
        at,
        existing.id,
      );
      db.prepare('DELETE FROM monitor_series WHERE monitor_id = ?').run(existing.id);
    }
  } else {
    db.prepare(
      'INSERT INTO monitors (name, origin, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    ).run(monitor.name, origin, definition, at, at);
  }
  return getMonitor(db, monitor.name)!;
}

/**
 * Deletes a monitor; false when there is none. Its incidents stay, for the record; open ones are
 * closed as resolved without a message (nothing will ever resolve them otherwise).
 */
export function deleteMonitor(db: RegistryDb, name: string, now = Date.now()): boolean {
  return db.transaction(() => {
    db.prepare(
      `UPDATE incidents SET status = 'resolved', resolved_at = ?
       WHERE status = 'open' AND monitor_id = (SELECT id FROM monitors WHERE name = ?)`,
    ).run(now, name);
    return db.prepare('DELETE FROM monitors WHERE name = ?').run(name).changes > 0;
  })();
}

/** A target as listed: never its secret, and only the origin of its URL (Slack URLs are secrets). */
export interface TargetListing {
  name: string;
  type: AlertTarget['type'];
  origin: Origin;
  url: string;
  signed: boolean;
}

/** Every target, redacted. */
export function listTargets(db: RegistryDb): TargetListing[] {
  const rows = db
    .prepare('SELECT name, type, origin, url, secret FROM alert_targets ORDER BY name')
    .all() as {
    name: string;
    type: AlertTarget['type'];
    origin: Origin;
    url: string;
    secret: string | null;
  }[];
  return rows.map((r) => ({
    name: r.name,
    type: r.type,
    origin: r.origin,
    url: redactUrl(r.url),
    signed: r.secret !== null && r.secret !== '',
  }));
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname === '/' ? u.origin + '/' : `${u.origin}/…`;
  } catch {
    return '…';
  }
}

/** Every target with its URL and secret, for delivery. */
export function targetsFor(db: RegistryDb, names: readonly string[] | undefined): AlertTarget[] {
  const rows = db
    .prepare('SELECT name, type, url, secret FROM alert_targets ORDER BY name')
    .all() as {
    name: string;
    type: AlertTarget['type'];
    url: string;
    secret: string | null;
  }[];
  return rows
    .filter((r) => names === undefined || names.includes(r.name))
    .map((r) => ({
      name: r.name,
      type: r.type,
      url: r.url,
      ...(r.secret ? { secret: r.secret } : {}),
    }));
}

/** Creates or replaces the target named `target.name`. */
export function putTarget(db: RegistryDb, target: AlertTarget, origin: Origin, now: Date): void {
  db.prepare(
    `INSERT INTO alert_targets (name, origin, type, url, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET origin = excluded.origin, type = excluded.type,
       url = excluded.url, secret = excluded.secret`,
  ).run(target.name, origin, target.type, target.url, target.secret ?? null, now.toISOString());
}

/** Deletes a target; false when there is none. */
export function deleteTarget(db: RegistryDb, name: string): boolean {
  return db.prepare('DELETE FROM alert_targets WHERE name = ?').run(name).changes > 0;
}

/** The incident settings (defaults until set). */
export function getSettings(db: RegistryDb): AlertSettings {
  const row = db
    .prepare('SELECT cooldown_ms, resolve_after FROM alert_settings WHERE id = 1')
    .get() as { cooldown_ms: number; resolve_after: number } | undefined;
  return row
    ? { cooldownMs: row.cooldown_ms, resolveAfter: row.resolve_after }
    : DEFAULT_ALERT_SETTINGS;
}

/** Stores the incident settings. */
export function putSettings(db: RegistryDb, settings: AlertSettings): void {
  db.prepare(
    `INSERT INTO alert_settings (id, cooldown_ms, resolve_after) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET cooldown_ms = excluded.cooldown_ms, resolve_after = excluded.resolve_after`,
  ).run(settings.cooldownMs, settings.resolveAfter);
}

/**
 * Replaces the config's monitors and targets with `config`'s (those made through the API stay),
 * in one transaction; returns what changed.
 */
export function applyConfig(
  db: RegistryDb,
  config: { monitors: Monitor[]; targets: AlertTarget[]; settings: AlertSettings },
  now = new Date(),
): { monitors: number; targets: number; removed: number } {
  return db.transaction(() => {
    const names = new Set(config.monitors.map((m) => m.name));
    let removed = 0;
    for (const row of listMonitors(db))
      if (row.origin === 'config' && !names.has(row.monitor.name))
        removed += Number(deleteMonitor(db, row.monitor.name));
    const targetNames = new Set(config.targets.map((t) => t.name));
    for (const t of listTargets(db))
      if (t.origin === 'config' && !targetNames.has(t.name)) deleteTarget(db, t.name);
    for (const t of config.targets) putTarget(db, t, 'config', now);
    for (const m of config.monitors) putMonitor(db, m, 'config', now);
    putSettings(db, config.settings);
    return { monitors: config.monitors.length, targets: config.targets.length, removed };
  })();
}

/** An incident row as the runner and the list read it. */
export interface IncidentRow {
  id: number;
  monitor_id: number | null;
  monitor_name: string;
  kind: string;
  status: 'open' | 'resolved';
  state: IncidentState;
}

/** The open incidents of a monitor. */
export function openIncidents(db: RegistryDb, monitorId: number): IncidentRow[] {
  const rows = db
    .prepare(
      `SELECT id, monitor_id, monitor_name, kind, status, state FROM incidents
       WHERE monitor_id = ? AND status = 'open' ORDER BY id`,
    )
    .all(monitorId) as (Omit<IncidentRow, 'state'> & { state: string })[];
  return rows.map((r) => ({ ...r, state: JSON.parse(r.state) as IncidentState }));
}

/** Inserts (id undefined) or updates an incident; returns its id. */
export function saveIncident(
  db: RegistryDb,
  id: number | undefined,
  monitor: { id: number; name: string; kind: string },
  state: IncidentState,
): number {
  const cols = [
    state.status,
    state.openedAt,
    state.alertedAt ?? null,
    state.resolvedAt ?? null,
    JSON.stringify(state),
    state.anomalies,
    state.peakScore,
  ];
  if (id !== undefined) {
    db.prepare(
      `UPDATE incidents SET status = ?, opened_at = ?, alerted_at = ?, resolved_at = ?, state = ?,
       anomalies = ?, peak_score = ? WHERE id = ?`,
    ).run(...cols, id);
    return id;
  }
  const r = db
    .prepare(
      `INSERT INTO incidents (monitor_id, monitor_name, kind, status, opened_at, alerted_at,
       resolved_at, state, anomalies, peak_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(monitor.id, monitor.name, monitor.kind, ...cols);
  return Number(r.lastInsertRowid);
}
