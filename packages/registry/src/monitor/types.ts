/** The monitoring module's public types: options, violation classes, rows the reads return. */

/** The call types the Tracking API accepts. */
export const CALL_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
/** One of {@link CALL_TYPES}. */
export type MessageType = (typeof CALL_TYPES)[number];

/**
 * The violation classes, in report order (see docs/decisions.md#monitor-violation-classes for the
 * mapping from JSON Schema keywords).
 */
export const VIOLATION_CLASSES = [
  'unplanned_event',
  'unplanned_property',
  'missing_required',
  'wrong_type',
  'other',
] as const;
/** One of {@link VIOLATION_CLASSES}. */
export type ViolationClass = (typeof VIOLATION_CLASSES)[number];

/** Counts per violation class. */
export type ViolationCounts = Record<ViolationClass, number>;

/** One violation of one message, as stored (Protocols' fields). */
export interface MessageViolation {
  class: ViolationClass;
  /** The JSON Schema keyword that failed (`unplanned` for an unplanned event). */
  keyword: string;
  /** JSON pointer into the message (`/properties/revenue`); `""` for the message itself. */
  path: string;
  /** A sentence for people, e.g. `/properties/revenue must be number, got string "12"`. */
  description: string;
}

/** How monitoring runs inside `startRegistry` (`RegistryOptions.monitor`). */
export interface MonitorOptions {
  /** Rollup interval in ms: at least 60000 (one minute), and a whole number of minutes. @default 3600000 (hourly) */
  intervalMs?: number;
  /** How long rollups, violations and samples are kept, in ms; 0 keeps them forever. @default 90 days */
  retainMs?: number;
  /** `false` counts messages without validating them (the benchmark's baseline). @default true */
  validate?: boolean;
  /** Violating messages kept per interval x source x type x event x version. @default 5 */
  sampleLimit?: number;
  /**
   * How long a messageId is remembered, in ms: a message seen again within it is acknowledged but
   * not counted again. Remembered for at least this long and at most twice it. @default 600000 (10 min)
   */
  dedupeWindowMs?: number;
  /** Most messageIds per dedupe generation before it rotates early (bounds memory). @default 4000000 */
  dedupeMaxPerGeneration?: number;
  /** Largest message, bytes of JSON. @default 32768 (Segment's 32 KB) */
  maxMessageBytes?: number;
  /** Largest batch request, bytes of (decompressed) JSON. @default 512000 (Segment's 500 KB) */
  maxBatchBytes?: number;
  /** How often the closed-interval check runs without traffic, in ms (0: only on traffic and tick()). @default 1000 */
  tickMs?: number;
}

/** What the closed-interval hook receives: an interval no later batch can add to. */
export interface ClosedInterval {
  /** The interval's start, ms since the epoch (inclusive). */
  start: number;
  /** Its end (exclusive): `start + intervalMs`. */
  end: number;
  intervalMs: number;
}

/** A listener of closed intervals; an exception it throws is logged, never breaks ingest. */
export type IntervalListener = (interval: ClosedInterval) => void;

/** The monitoring part of a running registry. */
export interface RunningMonitor {
  /** The rollup interval in ms. */
  readonly intervalMs: number;
  /**
   * Calls `listener` once for every interval that closes from now on (in order, after the last batch
   * of that interval was committed). Returns a function that removes it.
   */
  onIntervalClosed(listener: IntervalListener): () => void;
  /**
   * Checks the clock now: closes every interval the clock has moved past (firing listeners) and runs
   * retention. Tests with an injected clock call it after moving the clock.
   */
  tick(): void;
}

/** Filters of the volume and violation reads (API query parameters, CLI flags). */
export interface MonitorQuery {
  /** Source id, slug or name. */
  source?: string;
  event?: string;
  type?: MessageType;
  /** Inclusive start, ms since the epoch. */
  from?: number;
  /** Exclusive end, ms since the epoch. */
  to?: number;
  /** Group stored intervals into intervals of this many ms (a multiple of the stored one). */
  interval?: number;
}

/** One volume point: a source x type x event x version over one interval. */
export interface VolumeRow {
  source: string;
  type: MessageType;
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

/** One distinct violation over the queried time, with how often it occurred. */
export interface ViolationRow {
  source: string;
  type: MessageType;
  event: string;
  version: number;
  class: ViolationClass;
  keyword: string;
  path: string;
  description: string;
  count: number;
  first_seen: string;
  last_seen: string;
}

/** One row of `platen monitor report --json`: a source x type x event x version over the period. */
export interface ReportRow {
  source: string;
  type: MessageType;
  event: string;
  version: number;
  planned: boolean;
  received: number;
  valid: number;
  invalid: number;
  unplanned_properties: number;
  violations: ViolationCounts;
  /** Messages received in the period before, of the same length (what "change" compares with). */
  previous_received: number;
  /** received - previous_received. */
  change: number;
}

/** One line of the export: Segment's `violation_generated` columns (a type, so it is a string record). */
export type ExportRow = {
  id: string;
  event_sent_at: string;
  source_slug: string;
  source_name: string;
  event_type: string;
  event_name: string;
  violation_description: string;
};
