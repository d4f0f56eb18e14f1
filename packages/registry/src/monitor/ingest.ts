/**
 * The ingest pipeline of one Tracking API request, after its body is read: messages → (rule lookup,
 * validation, classification) → counts aggregated in memory per source x type x event x version →
 * one SQLite transaction (rollup upserts, violation rows, bounded samples, the dedupe log) → commit.
 * The caller acknowledges only after {@link MonitorIngest.ingest} returns, i.e. after the commit.
 */
import type Database from 'better-sqlite3';
import type { RegistryDb } from '../db.js';
import { unplannedEvent, violationsOf } from './classify.js';
import { bucketOf, type Clock } from './clock.js';
import { Dedupe, fingerprint } from './dedupe.js';
import { IngestError } from './errors.js';
import { oversizedMessage } from './sizes.js';
import { Intervals } from './intervals.js';
import type { SourceRow } from './sources.js';
import {
  CALL_TYPES,
  VIOLATION_CLASSES,
  type ClosedInterval,
  type MessageType,
  type MessageViolation,
  type MonitorOptions,
} from './types.js';
import { compilePlan, errorsOf, findRule, type PlanValidators } from './validators.js';

/** {@link MonitorOptions} with every default filled in. */
export type ResolvedMonitorOptions = Required<MonitorOptions>;

/** The defaults of {@link MonitorOptions}, resolved in one place. */
export function resolveMonitorOptions(options: MonitorOptions = {}): ResolvedMonitorOptions {
  const intervalMs = options.intervalMs ?? 3_600_000;
  if (!Number.isInteger(intervalMs) || intervalMs < 60_000 || intervalMs % 60_000 !== 0)
    throw new Error(
      `the monitoring interval must be a whole number of minutes, at least 1 (got ${intervalMs} ms)`,
    );
  return {
    intervalMs,
    retainMs: options.retainMs ?? 90 * 86_400_000,
    validate: options.validate ?? true,
    sampleLimit: options.sampleLimit ?? 5,
    dedupeWindowMs: options.dedupeWindowMs ?? 600_000,
    dedupeMaxPerGeneration: options.dedupeMaxPerGeneration ?? 4_000_000,
    maxMessageBytes: options.maxMessageBytes ?? 32 * 1024,
    maxBatchBytes: options.maxBatchBytes ?? 500 * 1024,
    tickMs: options.tickMs ?? 1000,
  };
}

const CLASS_INDEX = new Map(VIOLATION_CLASSES.map((c, i) => [c, i]));
const TYPES = new Set<string>(CALL_TYPES);

/** Counts of one source x type x event x version within a batch. */
interface Aggregate {
  sourcePk: number;
  type: MessageType;
  event: string;
  version: number;
  planned: number;
  received: number;
  valid: number;
  invalid: number;
  unplannedProperties: number;
  byClass: number[];
}

/** A violating message to store. */
interface Violating {
  sourcePk: number;
  p: Parsed;
  version: number;
  violations: MessageViolation[];
}

/** One request's messages validated and counted in memory, not yet stored. */
export interface PreparedBatch {
  aggregates: Map<string, Aggregate>;
  violating: Violating[];
  /** Fingerprints of its new messageIds. */
  fresh: number[];
  counted: number;
  duplicates: number;
}

/** What one request did. */
export interface IngestResult {
  /** Messages counted. */
  counted: number;
  /** Messages acknowledged but not counted: their messageId was committed before (or earlier in the batch). */
  duplicates: number;
  /** Intervals the clock moved past with this batch (for the hook). */
  closed: ClosedInterval[];
}

/** A message checked for shape: what the counts need. */
interface Parsed {
  message: Record<string, unknown>;
  type: MessageType;
  event: string;
  version: number | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one message's shape (400 when it cannot be a Tracking API message); `type` from the path wins. */
export function parseMessage(
  value: unknown,
  pathType: MessageType | undefined,
  index: number,
): Parsed {
  const where = pathType === undefined ? `batch[${index}]` : 'the message';
  if (!isObject(value)) throw new IngestError(400, `${where} is not a JSON object`);
  const type = pathType ?? value.type;
  if (typeof type !== 'string' || !TYPES.has(type))
    throw new IngestError(
      400,
      `${where}: "type" must be one of ${CALL_TYPES.join(', ')}, got ${JSON.stringify(type ?? null)}`,
    );
  const id = (v: unknown) => (typeof v === 'string' && v !== '') || typeof v === 'number';
  if (!id(value.userId) && !id(value.anonymousId))
    throw new IngestError(400, `${where}: a message needs "userId" or "anonymousId"`);
  let event = '';
  if (type === 'track') {
    if (typeof value.event !== 'string' || value.event === '')
      throw new IngestError(400, `${where}: a track message needs an "event" name`);
    event = value.event;
  } else if (type === 'page' || type === 'screen') {
    event = typeof value.name === 'string' ? value.name : '';
  }
  const context = value.context;
  const v =
    isObject(context) && isObject(context.protocols) ? context.protocols.event_version : undefined;
  const version = typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : undefined;
  return { message: value, type: type as MessageType, event, version };
}

/** Writes batches of one registry database. */
export class MonitorIngest {
  readonly intervals: Intervals;
  readonly #dedupe: Dedupe;
  readonly #sources = new Map<string, SourceRow>();
  readonly #plans = new Map<string, PlanValidators>();
  readonly #planRevision: Database.Statement;
  readonly #upsert: Database.Statement;
  readonly #violation: Database.Statement;
  readonly #sample: Database.Statement;
  readonly #sampleCount: Database.Statement;
  readonly #sourceByKey: Database.Statement;
  /** Samples stored per key in the open interval (the bound), reset when the interval changes. */
  #samples = new Map<string, number>();
  /** Fingerprints of prepared batches not yet committed. */
  readonly #pending = new Set<number>();
  #samplesBucket = -1;

  constructor(
    private readonly db: RegistryDb,
    readonly options: ResolvedMonitorOptions,
    private readonly now: Clock,
  ) {
    this.intervals = new Intervals(db, options.intervalMs);
    this.#dedupe = new Dedupe(db, options.dedupeWindowMs, options.dedupeMaxPerGeneration, now());
    this.#planRevision = db.prepare('SELECT pk, id, revision FROM plans WHERE id = ?');
    this.#sourceByKey = db.prepare('SELECT * FROM sources WHERE write_key = ?');
    this.#upsert = db.prepare(
      `INSERT INTO monitor_rollups (source_pk, event, type, version, bucket, interval_ms, planned,
         received, valid, invalid, unplanned_properties, v_unplanned_event, v_unplanned_property,
         v_missing_required, v_wrong_type, v_other)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_pk, event, type, version, bucket) DO UPDATE SET
         received = received + excluded.received, valid = valid + excluded.valid,
         invalid = invalid + excluded.invalid,
         unplanned_properties = unplanned_properties + excluded.unplanned_properties,
         v_unplanned_event = v_unplanned_event + excluded.v_unplanned_event,
         v_unplanned_property = v_unplanned_property + excluded.v_unplanned_property,
         v_missing_required = v_missing_required + excluded.v_missing_required,
         v_wrong_type = v_wrong_type + excluded.v_wrong_type, v_other = v_other + excluded.v_other`,
    );
    this.#violation = db.prepare(
      `INSERT INTO monitor_violations (bucket, received_at, sent_at, message_id, source_pk, type,
         event, version, class, keyword, path, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#sample = db.prepare(
      `INSERT INTO monitor_samples (bucket, source_pk, type, event, version, received_at, message,
         violations) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#sampleCount = db.prepare(
      `SELECT COUNT(*) AS n FROM monitor_samples WHERE source_pk = ? AND event = ? AND type = ?
         AND version = ? AND bucket = ?`,
    );
  }

  /** The source whose write key this is (cached; a source created by another process is found too). */
  source(writeKey: string): SourceRow | undefined {
    let source = this.#sources.get(writeKey);
    if (!source) {
      source = this.#sourceByKey.get(writeKey) as SourceRow | undefined;
      if (source) this.#sources.set(writeKey, source);
    }
    return source;
  }

  /** The validators of the source's plan at its current revision (compiled once per revision). */
  #validators(source: SourceRow): PlanValidators | undefined {
    if (source.plan_id === null) return undefined;
    const plan = this.#planRevision.get(source.plan_id) as
      { pk: number; id: string; revision: number } | undefined;
    // A deleted plan: its source's messages are counted as from an unplanned source.
    if (!plan) return undefined;
    const cached = this.#plans.get(plan.id);
    if (cached && cached.revision === plan.revision) return cached;
    const compiled = compilePlan(this.db, plan);
    this.#plans.set(plan.id, compiled);
    return compiled;
  }

  /**
   * Validates and counts one request's messages for `source`, in memory: nothing is stored until
   * {@link commit}. Throws {@link IngestError} (nothing stored) for a malformed or oversized message.
   */
  prepare(
    source: SourceRow,
    values: readonly unknown[],
    pathType: MessageType | undefined,
    raw?: Buffer,
  ): PreparedBatch {
    const parsed = values.map((v, i) => parseMessage(v, pathType, i));
    // A body within one message's limit cannot hold a larger message: only larger ones are measured.
    const limit = this.options.maxMessageBytes;
    const over = raw && raw.length > limit ? oversizedMessage(raw, limit) : undefined;
    if (over)
      throw new IngestError(
        413,
        `batch[${over.index}] is ${over.size} bytes, larger than the limit of ${limit} bytes per message`,
      );
    const plan = this.#validators(source);
    const aggregates = new Map<string, Aggregate>();
    const fresh: number[] = [];
    const violating: Violating[] = [];
    let duplicates = 0;
    this.#dedupe.advance(this.now());
    try {
      this.#count(source, parsed, plan, aggregates, violating, fresh, () => duplicates++);
    } catch (err) {
      // Nothing of this batch will be committed: its messageIds must not look pending.
      for (const key of fresh) this.#pending.delete(key);
      throw err;
    }
    return { aggregates, violating, fresh, counted: parsed.length - duplicates, duplicates };
  }

  /** Checks and counts each message into `aggregates` (the loop of {@link prepare}). */
  #count(
    source: SourceRow,
    parsed: readonly Parsed[],
    plan: PlanValidators | undefined,
    aggregates: Map<string, Aggregate>,
    violating: Violating[],
    fresh: number[],
    duplicate: () => void,
  ): void {
    const validate = this.options.validate;
    for (const p of parsed) {
      const id = p.message.messageId;
      if (typeof id === 'string' && id !== '') {
        const key = fingerprint(source.pk, id);
        // Pending: in a batch prepared but not yet committed (this one, or another of the group).
        if (this.#pending.has(key) || this.#dedupe.seen(key)) {
          duplicate();
          continue;
        }
        this.#pending.add(key);
        fresh.push(key);
      }
      let planned = plan !== undefined;
      let version = p.version ?? 0;
      let violations: MessageViolation[] | undefined;
      if (plan) {
        const match = findRule(
          plan,
          p.type,
          p.type === 'track' ? p.event : p.event || null,
          p.version,
        );
        if (match.kind === 'unplanned') {
          planned = false;
          if (validate) violations = [unplannedEvent(p.event)];
        } else if (match.kind === 'rule') {
          version = match.rule.version;
          if (validate) {
            const key = p.type === 'identify' || p.type === 'group' ? 'traits' : 'properties';
            const given = p.message[key];
            const payload = given === undefined ? {} : given;
            if (!match.rule.validate(payload))
              violations = violationsOf(errorsOf(match.rule.validate), payload, `/${key}`);
          }
        }
        if (validate && plan.common && !plan.common(p.message)) {
          const more = violationsOf(errorsOf(plan.common), p.message, '');
          violations = violations ? violations.concat(more) : more;
        }
      }
      const aggKey = `${source.pk}\0${p.type}\0${p.event}\0${version}`;
      let agg = aggregates.get(aggKey);
      if (!agg) {
        agg = {
          sourcePk: source.pk,
          type: p.type,
          event: p.event,
          version,
          planned: planned ? 1 : 0,
          received: 0,
          valid: 0,
          invalid: 0,
          unplannedProperties: 0,
          byClass: [0, 0, 0, 0, 0],
        };
        aggregates.set(aggKey, agg);
      }
      agg.received++;
      if (!violations) {
        agg.valid++;
        continue;
      }
      agg.invalid++;
      let unplannedProperty = false;
      for (const v of violations) {
        agg.byClass[CLASS_INDEX.get(v.class)!]!++;
        if (v.class === 'unplanned_property') unplannedProperty = true;
      }
      if (unplannedProperty) agg.unplannedProperties++;
      violating.push({ sourcePk: source.pk, p, version, violations });
    }
  }

  /**
   * Commits prepared batches in one transaction (their counts merged per key): the interval is the
   * one the clock is in now. On failure nothing of them is stored, and their messageIds are
   * forgotten so that a retry is counted.
   */
  commit(batches: readonly PreparedBatch[]): ClosedInterval[] {
    const receivedAt = this.now();
    const bucket = bucketOf(receivedAt, this.options.intervalMs);
    const merged = new Map<string, Aggregate>();
    for (const b of batches) {
      for (const [key, a] of b.aggregates) {
        const into = merged.get(key);
        if (!into) {
          merged.set(key, { ...a, byClass: [...a.byClass] });
          continue;
        }
        into.received += a.received;
        into.valid += a.valid;
        into.invalid += a.invalid;
        into.unplannedProperties += a.unplannedProperties;
        for (let i = 0; i < a.byClass.length; i++) into.byClass[i]! += a.byClass[i]!;
      }
    }
    const fresh = batches.length === 1 ? batches[0]!.fresh : batches.flatMap((b) => b.fresh);
    let remember: () => void = () => {};
    let closed: ClosedInterval[] = [];
    const write = this.db.transaction(() => {
      closed = this.intervals.observe(bucket);
      remember = this.#dedupe.record(fresh);
      for (const a of merged.values()) {
        const c = a.byClass;
        this.#upsert.run(
          a.sourcePk,
          a.event,
          a.type,
          a.version,
          bucket,
          this.options.intervalMs,
          a.planned,
          a.received,
          a.valid,
          a.invalid,
          a.unplannedProperties,
          c[0],
          c[1],
          c[2],
          c[3],
          c[4],
        );
      }
      for (const b of batches) {
        for (const { sourcePk, p, version, violations } of b.violating) {
          const sentAt = p.message.sentAt ?? p.message.timestamp;
          const messageId = p.message.messageId;
          for (const v of violations)
            this.#violation.run(
              bucket,
              receivedAt,
              typeof sentAt === 'string' ? sentAt : null,
              typeof messageId === 'string' ? messageId : null,
              sourcePk,
              p.type,
              p.event,
              version,
              v.class,
              v.keyword,
              v.path,
              v.description,
            );
          this.#maybeSample(sourcePk, bucket, receivedAt, p, version, violations);
        }
      }
    });
    try {
      write.immediate();
      remember();
    } finally {
      for (const key of fresh) this.#pending.delete(key);
    }
    return closed;
  }

  /** Forgets a prepared batch that will not be committed (its request failed before). */
  discard(batch: PreparedBatch): void {
    for (const key of batch.fresh) this.#pending.delete(key);
  }

  /** {@link prepare} and {@link commit} of one request: stored when it returns. */
  ingest(
    source: SourceRow,
    values: readonly unknown[],
    pathType: MessageType | undefined,
    raw?: Buffer,
  ): IngestResult {
    const batch = this.prepare(source, values, pathType, raw);
    const closed = this.commit([batch]);
    return { counted: batch.counted, duplicates: batch.duplicates, closed };
  }

  /** Keeps the message as a sample while its key has fewer than the limit in this interval. */
  #maybeSample(
    sourcePk: number,
    bucket: number,
    receivedAt: number,
    p: Parsed,
    version: number,
    violations: MessageViolation[],
  ): void {
    if (this.options.sampleLimit <= 0) return;
    if (bucket !== this.#samplesBucket) {
      this.#samples = new Map();
      this.#samplesBucket = bucket;
    }
    const key = `${sourcePk}\0${p.type}\0${p.event}\0${version}`;
    let n = this.#samples.get(key);
    // After a restart the interval may already hold samples: counted once from the table.
    n ??= (this.#sampleCount.get(sourcePk, p.event, p.type, version, bucket) as { n: number }).n;
    if (n >= this.options.sampleLimit) {
      this.#samples.set(key, n);
      return;
    }
    this.#sample.run(
      bucket,
      sourcePk,
      p.type,
      p.event,
      version,
      receivedAt,
      JSON.stringify(p.message),
      JSON.stringify(violations),
    );
    this.#samples.set(key, n + 1);
  }
}

/**
 * Group commit: the batches prepared during one turn of the event loop are committed together in one
 * transaction on the next (`setImmediate`), and each request is answered once that commit is done.
 * Under many concurrent senders this turns many small commits into one, with the counts of the same
 * event merged into one upsert; a lone request waits one loop turn at most.
 */
export class GroupCommit {
  #queue: { batch: PreparedBatch; resolve: () => void; reject: (err: unknown) => void }[] = [];
  #scheduled = false;

  constructor(
    private readonly ingest: MonitorIngest,
    private readonly onClosed: (closed: ClosedInterval[]) => void,
  ) {}

  /** Resolves once `batch` is committed; rejects (nothing of it stored) when the commit failed. */
  submit(batch: PreparedBatch): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ batch, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const group = this.#queue;
    this.#queue = [];
    let closed: ClosedInterval[];
    try {
      closed = this.ingest.commit(group.map((g) => g.batch));
    } catch (err) {
      for (const g of group) g.reject(err);
      return;
    }
    for (const g of group) g.resolve();
    if (closed.length > 0) this.onClosed(closed);
  }
}
