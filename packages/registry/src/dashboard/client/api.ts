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

/** A violating message kept as a sample. */
export interface Sample {
  received_at?: string;
  message: unknown;
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

/** The first array found under `data.<key>`, `<key>`, `data`, or the body itself. */
function rowsOf<T>(body: unknown, key: string): T[] {
  const b = body as Record<string, unknown> | undefined;
  const data = b?.data as Record<string, unknown> | unknown[] | undefined;
  for (const candidate of [Array.isArray(data) ? undefined : data?.[key], b?.[key], data, body]) {
    if (Array.isArray(candidate)) return candidate as T[];
  }
  throw new ApiError(0, `unexpected reply: no ${key} list`);
}

function failure(path: string, status: number, body: unknown): ApiError {
  const errors = (body as { errors?: { message?: string }[] } | undefined)?.errors;
  const detail = errors?.[0]?.message ?? `HTTP ${status}`;
  return new ApiError(status, `${path.split('?')[0]}: ${detail}`);
}

async function read<T>(path: string, key: string, token: string): Promise<T[]> {
  const { status, body } = await getJson(path, token);
  if (status !== 200) throw failure(path, status, body);
  return rowsOf<T>(body, key);
}

/** Reads volumes, violations and (when there is such an endpoint) anomalies for `query`. */
export async function loadMonitor(token: string, query: Query): Promise<MonitorData> {
  const q = params(query);
  const [volumes, violations, anomalies] = await Promise.all([
    read<VolumeRow>(`/v1/monitor/volumes?${q}`, 'volumes', token),
    read<ViolationRow>(`/v1/monitor/violations?${q}&samples=1`, 'violations', token),
    loadAnomalies(token, q),
  ]);
  return { volumes, violations, anomalies };
}

/** Anomalies, or undefined when the registry answers 404 (no detector) or anything but 200. */
async function loadAnomalies(token: string, q: string): Promise<Anomaly[] | undefined> {
  try {
    const { status, body } = await getJson(`/v1/monitor/anomalies?${q}`, token);
    if (status !== 200) return undefined;
    return rowsOf<Anomaly>(body, 'anomalies');
  } catch {
    return undefined;
  }
}

/** Checks a token by reading an empty period; resolves when the registry accepts it. */
export async function checkToken(token: string): Promise<void> {
  const now = Date.now();
  await read<VolumeRow>(`/v1/monitor/volumes?${params({ from: now, to: now })}`, 'volumes', token);
}
