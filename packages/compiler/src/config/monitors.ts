/**
 * Monitors and alert targets: their one definition, shared by `platen.config.json` (`monitors`,
 * `alerts`) and the registry's monitor API, so a bad monitor gets the same message wherever it is
 * written. Pure: no I/O. Every problem is an issue naming the JSON pointer of the bad value.
 */
import { joinPointer } from '../diagnostics/pointer.js';

/** What a monitor watches. */
export const MONITOR_KINDS = [
  'volume',
  'violations-total',
  'violations-unique',
  'unplanned-events',
  'unplanned-properties',
  'new-violation-class',
  'event-stopped',
] as const;

/** One of {@link MONITOR_KINDS}. */
export type MonitorKind = (typeof MONITOR_KINDS)[number];

/** Named sensitivities; a number in [0, 1] may be given instead (higher alerts more). */
export const SENSITIVITY_NAMES = { low: 0.25, medium: 0.5, high: 0.75 } as const;

/** Which way a change must go to alert. */
export const DIRECTIONS = ['both', 'up', 'down'] as const;

/** Which way each kind alerts unless told: volume both ways, a stop down, every count of problems up. */
const DEFAULT_DIRECTION: Record<MonitorKind, (typeof DIRECTIONS)[number]> = {
  volume: 'both',
  'violations-total': 'up',
  'violations-unique': 'up',
  'unplanned-events': 'up',
  'unplanned-properties': 'up',
  'new-violation-class': 'up',
  'event-stopped': 'down',
};

/** Alert target formats: Slack incoming webhooks, or generic JSON signed with HMAC-SHA256. */
export const TARGET_TYPES = ['slack', 'webhook'] as const;

/** A monitor as stored and run (defaults resolved). */
export interface Monitor {
  /** Unique name, shown in every alert. */
  name: string;
  kind: MonitorKind;
  /** The source's name (slug); absent: every source together. */
  source?: string;
  /**
   * The event (name as sent); `"*"`: every event, each its own series; absent: all events together.
   * @default "*" for `new-violation-class` and `event-stopped`, else absent
   */
  event?: string;
  /** In [0, 1]; higher alerts on smaller changes. @default 0.5 ("medium") */
  sensitivity: number;
  /** @default "both" for volume, "down" for event-stopped, "up" for the rest */
  direction: (typeof DIRECTIONS)[number];
  /** `event-stopped`: intervals without events before it alerts. @default 3 */
  stoppedAfter: number;
  /** Target names to alert; absent: every target. */
  targets?: string[];
}

/** An alert target as stored (secrets resolved). */
export interface AlertTarget {
  name: string;
  type: (typeof TARGET_TYPES)[number];
  url: string;
  /** `webhook` only: the HMAC-SHA256 key. */
  secret?: string;
}

/** Incident settings (`alerts.cooldown`, `alerts.resolveAfter`). */
export interface AlertSettings {
  /** After an incident resolves, a new anomaly of the same monitor and series within this many ms reopens it silently. @default 3600000 (1 h) */
  cooldownMs: number;
  /** Normal intervals in a row before an open incident resolves. @default 2 */
  resolveAfter: number;
}

/** The defaults of {@link AlertSettings}. */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = { cooldownMs: 3_600_000, resolveAfter: 2 };

/** A problem: the JSON pointer of the bad value and what is wrong with it. */
export type MonitorIssue = [pointer: string, message: string];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const MONITOR_KEYS = [
  'name',
  'kind',
  'source',
  'event',
  'sensitivity',
  'direction',
  'stoppedAfter',
  'targets',
];
const TARGET_KEYS = ['name', 'type', 'url', 'urlEnv', 'secret', 'secretEnv'];
const ALERT_KEYS = ['targets', 'cooldown', 'resolveAfter'];

const quoteAll = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

function unknownKeys(
  issues: MonitorIssue[],
  value: Record<string, unknown>,
  pointer: string,
  known: string[],
  what: string,
): void {
  for (const key of Object.keys(value))
    if (!known.includes(key))
      issues.push([
        joinPointer(pointer, key),
        `Unknown ${what} option "${key}" (known: ${quoteAll(known)}).`,
      ]);
}

function text(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '' && !v.includes('\0');
}

/** Parses a duration such as `90s`, `30m`, `6h`, `2d` into ms; undefined when it is not one. */
export function parseDuration(value: string): number | undefined {
  const m = /^(\d{1,6})(s|m|h|d)$/.exec(value.trim());
  if (!m) return undefined;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/**
 * Checks one monitor; returns it with defaults filled in, or undefined (with issues) when it is bad.
 * `targetNames`, when given, are the names a monitor's `targets` may use.
 */
export function checkMonitor(
  value: unknown,
  pointer: string,
  issues: MonitorIssue[],
  targetNames?: readonly string[],
): Monitor | undefined {
  const before = issues.length;
  if (!isRecord(value)) {
    issues.push([
      pointer,
      'A monitor must be an object such as { "name": "…", "kind": "volume" }.',
    ]);
    return undefined;
  }
  unknownKeys(issues, value, pointer, MONITOR_KEYS, 'monitor');
  if (!text(value.name)) issues.push([`${pointer}/name`, '"name" must be a non-empty string.']);
  const kind = value.kind;
  if (typeof kind !== 'string' || !(MONITOR_KINDS as readonly string[]).includes(kind))
    issues.push([
      `${pointer}/kind`,
      `"kind" must be one of ${quoteAll(MONITOR_KINDS)}, got ${JSON.stringify(kind)}.`,
    ]);
  for (const key of ['source', 'event'] as const)
    if (value[key] !== undefined && !text(value[key]))
      issues.push([`${pointer}/${key}`, `"${key}" must be a non-empty string.`]);
  const sensitivity = readSensitivity(value.sensitivity, `${pointer}/sensitivity`, issues);
  const direction = value.direction;
  if (
    direction !== undefined &&
    (typeof direction !== 'string' || !(DIRECTIONS as readonly string[]).includes(direction))
  )
    issues.push([
      `${pointer}/direction`,
      `"direction" must be one of ${quoteAll(DIRECTIONS)}, got ${JSON.stringify(direction)}.`,
    ]);
  const stopped = value.stoppedAfter;
  if (stopped !== undefined) {
    if (!Number.isInteger(stopped) || (stopped as number) < 1 || (stopped as number) > 10_000)
      issues.push([
        `${pointer}/stoppedAfter`,
        '"stoppedAfter" must be a whole number of intervals from 1 to 10000.',
      ]);
    else if (kind !== 'event-stopped')
      issues.push([
        `${pointer}/stoppedAfter`,
        '"stoppedAfter" applies to kind "event-stopped" only.',
      ]);
  }
  const targets = value.targets;
  if (targets !== undefined) {
    if (!Array.isArray(targets) || targets.length === 0 || !targets.every(text))
      issues.push([`${pointer}/targets`, '"targets" must be a non-empty list of target names.']);
    else if (targetNames)
      targets.forEach((t, i) => {
        if (!targetNames.includes(t))
          issues.push([
            `${pointer}/targets/${i}`,
            `No alert target is named ${JSON.stringify(t)} (targets: ${quoteAll(targetNames) || 'none'}).`,
          ]);
      });
  }
  if (issues.length > before) return undefined;
  const k = kind as MonitorKind;
  const perEvent = k === 'new-violation-class' || k === 'event-stopped';
  const event = (value.event as string | undefined) ?? (perEvent ? '*' : undefined);
  return {
    name: value.name as string,
    kind: k,
    ...(value.source === undefined ? {} : { source: value.source as string }),
    ...(event === undefined ? {} : { event }),
    sensitivity: sensitivity ?? SENSITIVITY_NAMES.medium,
    direction: (direction as Monitor['direction'] | undefined) ?? DEFAULT_DIRECTION[k],
    stoppedAfter: (stopped as number | undefined) ?? 3,
    ...(targets === undefined ? {} : { targets: targets as string[] }),
  };
}

function readSensitivity(v: unknown, pointer: string, issues: MonitorIssue[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string' && Object.hasOwn(SENSITIVITY_NAMES, v))
    return SENSITIVITY_NAMES[v as keyof typeof SENSITIVITY_NAMES];
  if (typeof v === 'number' && v >= 0 && v <= 1) return v;
  issues.push([
    pointer,
    `"sensitivity" must be "low", "medium", "high" or a number from 0 to 1, got ${JSON.stringify(v)}.`,
  ]);
  return undefined;
}

/**
 * Checks one alert target. Secrets and webhook URLs (which are secrets for Slack) may come from the
 * environment (`urlEnv`, `secretEnv`) so that a committed config holds none; `env` resolves them.
 */
export function checkTarget(
  value: unknown,
  pointer: string,
  issues: MonitorIssue[],
  env: Record<string, string | undefined> | undefined,
): AlertTarget | undefined {
  const before = issues.length;
  if (!isRecord(value)) {
    issues.push([
      pointer,
      'An alert target must be an object such as { "name": "…", "type": "slack", "url": "…" }.',
    ]);
    return undefined;
  }
  unknownKeys(issues, value, pointer, TARGET_KEYS, 'alert target');
  if (!text(value.name)) issues.push([`${pointer}/name`, '"name" must be a non-empty string.']);
  const type = value.type;
  if (typeof type !== 'string' || !(TARGET_TYPES as readonly string[]).includes(type))
    issues.push([
      `${pointer}/type`,
      `"type" must be one of ${quoteAll(TARGET_TYPES)}, got ${JSON.stringify(type)}.`,
    ]);
  const url = fromEnv(value, 'url', 'urlEnv', pointer, issues, env, true);
  if (url !== undefined && !isHttpUrl(url))
    issues.push([
      `${pointer}/${value.url === undefined ? 'urlEnv' : 'url'}`,
      `The target URL must be an http(s) URL, got ${JSON.stringify(url)}.`,
    ]);
  let secret: string | undefined;
  if (type === 'webhook')
    secret = fromEnv(value, 'secret', 'secretEnv', pointer, issues, env, true);
  else if (value.secret !== undefined || value.secretEnv !== undefined)
    issues.push([
      `${pointer}/${value.secret === undefined ? 'secretEnv' : 'secret'}`,
      'Only "webhook" targets are signed; a "slack" target takes no secret.',
    ]);
  if (issues.length > before) return undefined;
  return {
    name: value.name as string,
    type: type as AlertTarget['type'],
    url: url!,
    ...(secret === undefined ? {} : { secret }),
  };
}

function fromEnv(
  value: Record<string, unknown>,
  key: string,
  envKey: string,
  pointer: string,
  issues: MonitorIssue[],
  env: Record<string, string | undefined> | undefined,
  required: boolean,
): string | undefined {
  const direct = value[key];
  const named = value[envKey];
  if (direct !== undefined && named !== undefined) {
    issues.push([`${pointer}/${envKey}`, `Give "${key}" or "${envKey}", not both.`]);
    return undefined;
  }
  if (direct !== undefined) {
    if (text(direct)) return direct;
    issues.push([`${pointer}/${key}`, `"${key}" must be a non-empty string.`]);
    return undefined;
  }
  if (named !== undefined) {
    if (!text(named) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(named)) {
      issues.push([
        `${pointer}/${envKey}`,
        `"${envKey}" must be the name of an environment variable.`,
      ]);
      return undefined;
    }
    // Without an environment (`platen check`, `build`) only the variable's name is checked.
    if (env === undefined) return key === 'url' ? 'https://env.invalid/' : '';
    const got = env[named];
    if (got === undefined || got === '') {
      issues.push([`${pointer}/${envKey}`, `The environment variable ${named} is not set.`]);
      return undefined;
    }
    return got;
  }
  if (required) issues.push([pointer, `A target needs "${key}" or "${envKey}".`]);
  return undefined;
}

function isHttpUrl(t: string): boolean {
  try {
    const u = new URL(t);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Monitors, targets and incident settings, as a config file gives them. */
export interface MonitorConfig {
  monitors: Monitor[];
  targets: AlertTarget[];
  settings: AlertSettings;
}

/**
 * Checks a config's `monitors` and `alerts` keys (either may be absent). Names must be unique;
 * a monitor's `targets` must name targets of `alerts.targets`. Without `env`, `urlEnv`/`secretEnv`
 * are checked as names only (their values are read by `platen monitors apply`).
 */
export function checkMonitorConfig(
  monitors: unknown,
  alerts: unknown,
  issues: MonitorIssue[],
  env?: Record<string, string | undefined>,
): MonitorConfig {
  const targets: AlertTarget[] = [];
  const settings = { ...DEFAULT_ALERT_SETTINGS };
  const targetNames: string[] = [];
  if (alerts !== undefined) {
    if (!isRecord(alerts)) {
      issues.push(['/alerts', '"alerts" must be an object such as { "targets": [ … ] }.']);
    } else {
      unknownKeys(issues, alerts, '/alerts', ALERT_KEYS, 'alerts');
      if (alerts.targets !== undefined && !Array.isArray(alerts.targets))
        issues.push(['/alerts/targets', '"targets" must be a list of alert targets.']);
      (Array.isArray(alerts.targets) ? alerts.targets : []).forEach((t: unknown, i) => {
        const name = isRecord(t) && text(t.name) ? t.name : undefined;
        if (name !== undefined && targetNames.includes(name))
          issues.push([
            `/alerts/targets/${i}/name`,
            `Another target is already named ${JSON.stringify(name)}.`,
          ]);
        if (name !== undefined) targetNames.push(name);
        const target = checkTarget(t, `/alerts/targets/${i}`, issues, env);
        if (target) targets.push(target);
      });
      if (alerts.cooldown !== undefined) {
        const ms = typeof alerts.cooldown === 'string' ? parseDuration(alerts.cooldown) : undefined;
        if (ms === undefined)
          issues.push([
            '/alerts/cooldown',
            `"cooldown" must be a duration such as "30m", "6h" or "1d", got ${JSON.stringify(alerts.cooldown)}.`,
          ]);
        else settings.cooldownMs = ms;
      }
      const ra = alerts.resolveAfter;
      if (ra !== undefined) {
        if (!Number.isInteger(ra) || (ra as number) < 1 || (ra as number) > 1000)
          issues.push([
            '/alerts/resolveAfter',
            '"resolveAfter" must be a whole number of intervals from 1 to 1000.',
          ]);
        else settings.resolveAfter = ra as number;
      }
    }
  }
  const out: Monitor[] = [];
  if (monitors !== undefined) {
    if (!Array.isArray(monitors)) {
      issues.push([
        '/monitors',
        '"monitors" must be a list of monitors such as [{ "name": "…", "kind": "volume" }].',
      ]);
    } else {
      const seen = new Set<string>();
      monitors.forEach((m: unknown, i) => {
        const monitor = checkMonitor(m, `/monitors/${i}`, issues, targetNames);
        if (!monitor) return;
        if (seen.has(monitor.name))
          issues.push([
            `/monitors/${i}/name`,
            `Another monitor is already named ${JSON.stringify(monitor.name)}.`,
          ]);
        seen.add(monitor.name);
        out.push(monitor);
      });
    }
  }
  return { monitors: out, targets, settings };
}
