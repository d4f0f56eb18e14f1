/**
 * What `platen diff` finds between two plans, as plain data (the `--json` shape, version 1). Every
 * change names its event, its place in the payload and its class; see `docs/decisions.md#diff-classes`.
 */
import type { RuleType } from '../plan/types.js';

/**
 * Who a change breaks. `breaking-sender`: code that sends events valid under the old plan may now
 * be rejected (the accepted payloads narrowed). `breaking-consumer`: dashboards and pipelines reading
 * the events may now see data they do not expect, or miss data they read (widened, removed).
 * `breaking-both`: both at once (a type swapped for another, a property removed from a closed
 * object). `safe`: documentation, or an addition nothing relies on.
 */
export type ChangeClass = 'breaking-sender' | 'breaking-consumer' | 'breaking-both' | 'safe';

/** Every class, from most to least severe (the order summaries use). */
export const CHANGE_CLASSES: readonly ChangeClass[] = [
  'breaking-both',
  'breaking-sender',
  'breaking-consumer',
  'safe',
];

/**
 * One step of a path into an event's payload. Property names are data (any string); the other steps
 * are typed, so a property named `[]` is never taken for an array's items.
 */
export type PathStep =
  | { property: string }
  /** Every item of an array (`items`). */
  | { items: true }
  /** One item of a tuple. */
  | { item: number }
  /** The values of a map, or of the keys `additionalProperties` allows. */
  | { values: true }
  /** The values of the keys matching a `patternProperties` pattern. */
  | { pattern: string }
  /** One member of a union (`oneOf`/`anyOf` of objects or arrays), by its position in the new plan. */
  | { member: number };

/** What kind of change; stable codes (the `--json` shape's `kind`). */
export type ChangeKind =
  | 'event-added'
  | 'event-removed'
  | 'event-renamed'
  | 'version-added'
  | 'version-removed'
  | 'payload-required'
  | 'payload-optional'
  | 'property-added'
  | 'property-removed'
  | 'required-added'
  | 'required-removed'
  | 'type-narrowed'
  | 'type-widened'
  | 'type-changed'
  | 'enum-values-removed'
  | 'enum-values-added'
  | 'const-changed'
  | 'constraint-tightened'
  | 'constraint-loosened'
  | 'constraint-changed'
  | 'additional-properties-closed'
  | 'additional-properties-opened'
  | 'additional-properties-explicit'
  | 'union-member-added'
  | 'union-member-removed'
  | 'runtime-keyword-changed'
  | 'shape-changed'
  | 'description-changed'
  | 'title-changed'
  | 'examples-changed'
  | 'default-changed'
  | 'deprecated-changed'
  | 'labels-changed';

/** One change inside an event. */
export interface Change {
  kind: ChangeKind;
  class: ChangeClass;
  /** Where in the payload: `''` for the event itself, `/address/city`, `/items/[]/sku` (see {@link PathStep}). */
  pointer: string;
  /** The same place as typed steps. */
  path: PathStep[];
  /** The JSON Schema keyword concerned, when one is (`maxLength`, `enum`, `format`, `required`, …). */
  keyword?: string;
  /** A sentence for people: what changed, with the old and new values. */
  message: string;
}

/** How an event differs between the two plans. */
export type EventStatus = 'added' | 'removed' | 'changed' | 'renamed';

/** One event (a rule type and key) that differs. */
export interface EventDiff {
  type: RuleType;
  /** The key in the new plan (the old one, for a removed event). `null` for IDENTIFY, GROUP, COMMON. */
  key: string | null;
  /** For a rename: the key in the old plan. */
  fromKey?: string | null;
  status: EventStatus;
  /** The version compared in the old plan (absent when added). */
  fromVersion?: number;
  /** The version compared in the new plan (absent when removed). */
  toVersion?: number;
  /** The most severe class of its changes. */
  class: ChangeClass;
  /**
   * Whether the rule's `version` should be bumped (a breaking change to a version that stays), and
   * whether the new plan did (it compares a newer version against the old one). Absent for events
   * added or removed outright.
   */
  version?: { shouldBump: boolean; bumped: boolean };
  changes: Change[];
}

/** Counts over a {@link PlanDiff}. */
export interface DiffSummary {
  events: { added: number; removed: number; changed: number; renamed: number; unchanged: number };
  changes: Record<ChangeClass, number>;
  /** True when any change breaks senders or consumers. */
  breaking: boolean;
  /** Events with a breaking change whose version was not bumped. */
  unbumped: number;
}

/** The difference between two plans: the `--json` document's `events` and `summary`. */
export interface PlanDiff {
  events: EventDiff[];
  summary: DiffSummary;
}
