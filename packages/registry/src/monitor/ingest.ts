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
   * Validates, counts and commits one request's messages for `source`. Throws {@link IngestError}
   * (nothing stored) for a malformed or oversized message.
   */
  ingest(
    source: SourceRow,
    values: readonly unknown[],
    pathType: MessageType | undefined,
    checkSizes: boolean,
  ): IngestResult {
    const parsed = values.map((v, i) => parseMessage(v, pathType, i));
    if (checkSizes) {
      parsed.forEach((p, i) => {
        const size = Buffer.byteLength(JSON.stringify(p.message));
        if (size > this.options.maxMessageBytes)
          throw new IngestError(
            413,
            `batch[${i}] is ${size} bytes, larger than the limit of ${this.options.maxMessageBytes} bytes per message`,
          );
      });
    }
    const receivedAt = this.now();
    const bucket = bucketOf(receivedAt, this.options.intervalMs);
    const plan = this.#validators(source);
    const validate = this.options.validate;
    const aggregates = new Map<string, Aggregate>();
    const fresh: number[] = [];
    const inBatch = new Set<number>();
    const violating: { p: Parsed; version: number; violations: MessageViolation[] }[] = [];
    let duplicates = 0;
    this.#dedupe.advance(receivedAt);
    for (const p of parsed) {
      const id = p.message.messageId;
      if (typeof id === 'string' && id !== '') {
        const key = fingerprint(source.pk, id);
        if (inBatch.has(key) || this.#dedupe.seen(key)) {
          duplicates++;
          continue;
        }
        inBatch.add(key);
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
      const aggKey = `${p.type}\0${p.event}\0${version}`;
      let agg = aggregates.get(aggKey);
      if (!agg) {
        agg = {
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
      violating.push({ p, version, violations });
    }
    let remember: () => void = () => {};
    let closed: ClosedInterval[] = [];
    const write = this.db.transaction(() => {
      closed = this.intervals.observe(bucket);
      remember = this.#dedupe.record(fresh);
      for (const a of aggregates.values()) {
        const c = a.byClass;
        this.#upsert.run(
          source.pk,
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
      for (const { p, version, violations } of violating) {
        const sentAt = p.message.sentAt ?? p.message.timestamp;
        const messageId = p.message.messageId;
        for (const v of violations)
          this.#violation.run(
            bucket,
            receivedAt,
            typeof sentAt === 'string' ? sentAt : null,
            typeof messageId === 'string' ? messageId : null,
            source.pk,
            p.type,
            p.event,
            version,
            v.class,
            v.keyword,
            v.path,
            v.description,
          );
        this.#maybeSample(source.pk, bucket, receivedAt, p, version, violations);
      }
    });
    write.immediate();
    remember();
    return { counted: parsed.length - duplicates, duplicates, closed };
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
