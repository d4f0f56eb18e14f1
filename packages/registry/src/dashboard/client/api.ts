/**
 * The dashboard's reads: the registry's monitoring API with the read token as a bearer token. The row
 * shapes are those of `GET /v1/monitor/volumes` and `/violations` (see ../../monitor/types.ts); the
 * optional `GET /v1/monitor/anomalies` is read when the registry has it (404 means it has none).
 */

/** Counts per violation class, as the API names them. */
export type ViolationCounts = Record<string, number>;

/** One volume point: a source x type x event x version over one interval. */
export interface VolumeRow {
  source: string;
  type: string;
  event: string;
  version: number;
  planned: boolean;
  /** Interval start, ISO 8601. */
  start: string;
  received: number;
  valid: number;
  invalid: number;
  unplanned_properties: number;
  violations: ViolationCounts;
}

/** A violating message kept as a sample (`GET /v1/monitor/samples`). */
export interface Sample {
  source: string;
  type: string;
  event: string;
  version: number;
  received_at: string;
  message: unknown;
  /** The message's violations (`{ class, keyword, path, description }[]`). */
  violations: unknown;
}

/** One distinct violation over the period, with its count and, when the API gives them, samples. */
export interface ViolationRow {
  source: string;
  type: string;
  event: string;
  version: number;
  class: string;
  keyword: string;
  path: string;
  description: string;
  count: number;
  first_seen: string;
  last_seen: string;
  /** Samples of this violation, attached by {@link attachSamples}. */
  samples?: Sample[];
}

/** An anomaly to mark on an event's chart (from the anomaly detector, when the registry has one). */
export interface Anomaly {
  event: string;
  source?: string;
  /** When: the interval start, ISO 8601. */
  at: string;
  /** What moved, e.g. `volume` or `violations`. */
  kind: string;
  description?: string;
}

/** The period and filters the page reads. */
export interface Query {
  from: number;
  to: number;
  source?: string;
  /** Interval of the points, in ms: a multiple of the stored interval. */
  interval?: number;
}

/** A read that failed: `status` 401 means the token was refused. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What the page shows: everything it reads for one period. */
export interface MonitorData {
  /** The interval of the volume points, in ms. */
  intervalMs: number;
  volumes: VolumeRow[];
  violations: ViolationRow[];
  /** Undefined when the registry has no anomaly endpoint. */
  anomalies: Anomaly[] | undefined;
}

function params(query: Query): string {
  const p = new URLSearchParams();
  p.set('from', new Date(query.from).toISOString());
  p.set('to', new Date(query.to).toISOString());
  if (query.source) p.set('source', query.source);
  if (query.interval) p.set('interval', `${Math.round(query.interval / 60_000)}m`);
  return p.toString();
}

async function getJson(path: string, token: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(path, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    cache: 'no-store',
  });
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

/** The registry's envelope: `{ data: { intervalMs, rows } }`. */
interface Page<T> {
  intervalMs: number;
  rows: T[];
}

function pageOf<T>(path: string, body: unknown): Page<T> {
  const data = (body as { data?: { intervalMs?: unknown; rows?: unknown } } | undefined)?.data;
  if (!data || !Array.isArray(data.rows) || typeof data.intervalMs !== 'number')
    throw new ApiError(0, `${path.split('?')[0]}: unexpected reply (no data.rows)`);
  return { intervalMs: data.intervalMs, rows: data.rows as T[] };
}

function failure(path: string, status: number, body: unknown): ApiError {
  const errors = (body as { errors?: { message?: string }[] } | undefined)?.errors;
  const detail = errors?.[0]?.message ?? `HTTP ${status}`;
  return new ApiError(status, `${path.split('?')[0]}: ${detail}`);
}

async function read<T>(path: string, token: string): Promise<Page<T>> {
  const { status, body } = await getJson(path, token);
  if (status !== 200) throw failure(path, status, body);
  return pageOf<T>(path, body);
}

/** Reads volumes, violations, samples and (when there is such an endpoint) anomalies for `query`. */
export async function loadMonitor(token: string, query: Query): Promise<MonitorData> {
  const q = params(query);
  const [volumes, violations, samples, anomalies] = await Promise.all([
    read<VolumeRow>(`/v1/monitor/volumes?${q}`, token),
    read<ViolationRow>(`/v1/monitor/violations?${q}`, token),
    read<Sample>(`/v1/monitor/samples?${q}`, token),
    loadAnomalies(token, q),
  ]);
  return {
    intervalMs: volumes.intervalMs,
    volumes: volumes.rows,
    violations: attachSamples(violations.rows, samples.rows),
    anomalies,
  };
}

/** Most samples shown per violation row. */
export const SAMPLES_PER_VIOLATION = 3;

/**
 * Gives each violation row the samples of the same source, type, event and version whose
 * violations include one at the same path with the same keyword (at most
 * {@link SAMPLES_PER_VIOLATION}).
 */
export function attachSamples(rows: ViolationRow[], samples: Sample[]): ViolationRow[] {
  return rows.map((row) => {
    const matching = samples.filter(
      (s) =>
        s.source === row.source &&
        s.type === row.type &&
        s.event === row.event &&
        s.version === row.version &&
        Array.isArray(s.violations) &&
        s.violations.some(
          (v: { path?: unknown; keyword?: unknown }) =>
            v.path === row.path && v.keyword === row.keyword,
        ),
    );
    return { ...row, samples: matching.slice(0, SAMPLES_PER_VIOLATION) };
  });
}

/** Anomalies, or undefined when the registry answers 404 (no detector) or anything but 200. */
async function loadAnomalies(token: string, q: string): Promise<Anomaly[] | undefined> {
  try {
    const { status, body } = await getJson(`/v1/monitor/anomalies?${q}`, token);
    if (status !== 200) return undefined;
    const data = (body as { data?: { rows?: unknown; anomalies?: unknown } } | undefined)?.data;
    const rows = data?.rows ?? data?.anomalies;
    return Array.isArray(rows) ? (rows as Anomaly[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a token by reading an empty period; resolves to the stored interval in ms. */
export async function checkToken(token: string): Promise<number> {
  const now = Date.now();
  const page = await read<VolumeRow>(
    `/v1/monitor/volumes?${params({ from: now, to: now })}`,
    token,
  );
  return page.intervalMs;
}
