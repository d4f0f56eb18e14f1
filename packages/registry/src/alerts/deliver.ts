/**
 * Delivering alert messages: an outbox in SQLite (`deliveries`), one row per attempt
 * (`delivery_attempts`), and retries with exponential backoff. The clock and the timers are injected,
 * so tests replay retries without waiting; a restart picks up what was pending.
 */
import type { RegistryDb } from '../db.js';
import { DELIVERY_HEADER, MESSAGE_HEADER, SIGNATURE_HEADER, sign } from './payloads.js';

/** The timer functions the deliverer schedules retries with (Node's by default). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How deliveries are made and retried. */
export interface DeliveryOptions {
  /** The clock, in ms since the epoch (signature timestamps, the attempt log). @default Date.now */
  now?: () => number;
  /** @default Node's setTimeout/clearTimeout, unref'd */
  timers?: Timers;
  /** Attempts before a delivery is given up as failed. @default 8 */
  maxAttempts?: number;
  /** The wait before the first retry; each further retry waits twice as long. @default 1000 */
  baseDelayMs?: number;
  /** The longest wait between attempts (also caps a receiver's `Retry-After`). @default 300000 */
  maxDelayMs?: number;
  /** How long one attempt may take before it counts as failed. @default 10000 */
  timeoutMs?: number;
  /** Lines about given-up deliveries (never bodies or secrets). */
  log?: (line: string) => void;
}

/** A target as the outbox needs it. */
export interface DeliveryTarget {
  name: string;
  type: 'slack' | 'webhook';
  url: string;
  secret?: string | null;
}

interface DeliveryRow {
  id: number;
  target_name: string;
  message: string;
  body: string;
  attempts: number;
  next_attempt_at: number;
}

const NODE_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** The wait before attempt `attempt + 1` after `attempt` failed: base × 2^(attempt−1), capped. */
export function backoffMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** Sends the outbox's pending deliveries, retrying failures with backoff, logging every attempt. */
export class Deliverer {
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;
  private readonly scheduled = new Map<number, unknown>();
  private readonly inFlight = new Map<number, Promise<void>>();
  private closed = false;

  constructor(
    private readonly db: RegistryDb,
    options: DeliveryOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? NODE_TIMERS;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 300_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.log = options.log ?? (() => {});
  }

  /** Adds a message for `target` to the outbox (call inside the transaction that decided it). */
  enqueue(
    incidentId: number,
    target: DeliveryTarget,
    message: 'alert' | 'resolved',
    body: string,
  ): number {
    const result = this.db
      .prepare(
        `INSERT INTO deliveries (incident_id, target_name, message, body, status, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(incidentId, target.name, message, body, this.now(), this.now());
    return Number(result.lastInsertRowid);
  }

  /** Starts every pending delivery that is due, and schedules the rest at their time. */
  kick(): void {
    if (this.closed) return;
    const rows = this.db
      .prepare(`SELECT id, next_attempt_at FROM deliveries WHERE status = 'pending' ORDER BY id`)
      .all() as { id: number; next_attempt_at: number }[];
    for (const row of rows) {
      if (this.scheduled.has(row.id) || this.inFlight.has(row.id)) continue;
      this.schedule(row.id, Math.max(0, row.next_attempt_at - this.now()));
    }
  }

  /** Resolves once nothing is in flight and no retry is waiting (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  /** Stops scheduling; waits for attempts in flight. Pending deliveries stay in the outbox. */
  async close(): Promise<void> {
    this.closed = true;
    for (const handle of this.scheduled.values()) this.timers.clearTimeout(handle);
    this.scheduled.clear();
    await this.idle();
  }

  private schedule(id: number, delayMs: number): void {
    if (delayMs <= 0) return void this.start(id);
    const handle = this.timers.setTimeout(() => {
      this.scheduled.delete(id);
      this.start(id);
    }, delayMs);
    this.scheduled.set(id, handle);
  }

  private start(id: number): void {
    if (this.closed || this.inFlight.has(id)) return;
    const run = this.attempt(id).then(
      (retryInMs) => {
        this.inFlight.delete(id);
        if (retryInMs !== undefined && !this.closed) this.schedule(id, retryInMs);
      },
      (err: unknown) => {
        // A database error (closed, full): the delivery stays pending for the next kick().
        this.inFlight.delete(id);
        this.log(`platen alerts: delivery ${id}: ${describeError(err)}`);
      },
    );
    this.inFlight.set(id, run);
  }

  /** Makes one attempt and logs it; resolves to the wait before the next one, if any. */
  private async attempt(id: number): Promise<number | undefined> {
    const row = this.db
      .prepare(
        `SELECT id, target_name, message, body, attempts, next_attempt_at FROM deliveries
         WHERE id = ? AND status = 'pending'`,
      )
      .get(id) as DeliveryRow | undefined;
    if (!row) return undefined;
    const target = this.db
      .prepare('SELECT name, type, url, secret FROM alert_targets WHERE name = ?')
      .get(row.target_name) as DeliveryTarget | undefined;
    const attempt = row.attempts + 1;
    let status: number | undefined;
    let error: string | undefined;
    let retryAfterMs: number | undefined;
    if (!target) error = `alert target "${row.target_name}" no longer exists`;
    else {
      try {
        const res = await this.post(target, row);
        status = res.status;
        const retryAfter = Number(res.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = retryAfter * 1000;
        await res.arrayBuffer().catch(() => undefined);
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (err) {
        error = describeError(err);
      }
    }
    const retryable =
      target !== undefined &&
      error !== undefined &&
      (status === undefined || status === 408 || status === 429 || status >= 500);
    const outcome =
      error === undefined
        ? 'delivered'
        : retryable && attempt < this.maxAttempts
          ? 'retry'
          : 'failed';
    const at = this.now();
    const delay = Math.min(
      this.maxDelayMs,
      Math.max(backoffMs(attempt, this.baseDelayMs, this.maxDelayMs), retryAfterMs ?? 0),
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO delivery_attempts (delivery_id, attempt, at, http_status, error, outcome)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(id, attempt, at, status ?? null, error ?? null, outcome);
      this.db
        .prepare(`UPDATE deliveries SET attempts = ?, status = ?, next_attempt_at = ? WHERE id = ?`)
        .run(
          attempt,
          outcome === 'retry' ? 'pending' : outcome,
          at + (outcome === 'retry' ? delay : 0),
          id,
        );
    })();
    if (outcome === 'failed')
      this.log(
        `platen alerts: gave up delivery ${id} (${row.message}) to "${row.target_name}" after ${attempt} attempt(s): ${error}`,
      );
    return outcome === 'retry' ? delay : undefined;
  }

  private post(target: DeliveryTarget, row: DeliveryRow): Promise<Response> {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'platen-alerts',
    };
    if (target.type === 'webhook') {
      headers[DELIVERY_HEADER] = String(row.id);
      headers[MESSAGE_HEADER] = row.message;
      headers[SIGNATURE_HEADER] = sign(
        target.secret ?? '',
        Math.floor(this.now() / 1000),
        row.body,
      );
    }
    return fetch(target.url, {
      method: 'POST',
      headers,
      body: row.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
  }
}

function describeError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause?.code) return cause.code;
  if (err instanceof Error && err.name === 'TimeoutError') return 'timed out';
  return err instanceof Error ? err.message : String(err);
}
