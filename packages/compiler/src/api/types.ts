/**
 * The Segment Public API's tracking-plan resources, as Platen's client sends and receives them.
 * A Platen registry speaks the same contract, so these types describe both sides of the wire.
 */
import type { Json, RuleType } from '../plan/types.js';

/** The plan types the Public API knows. */
export const PLAN_TYPES = [
  'LIVE',
  'PROPERTY_LIBRARY',
  'RULE_LIBRARY',
  'TEMPLATE',
  'ENGAGE',
] as const;
/** One of {@link PLAN_TYPES}. */
export type PlanType = (typeof PLAN_TYPES)[number];

/** A tracking plan without its rules (what `GET /tracking-plans/{id}` returns). */
export interface ApiTrackingPlan {
  id: string;
  name?: string;
  slug?: string;
  description?: string;
  type: string;
  createdAt?: string;
  updatedAt?: string;
  resourceSchemaId?: string;
  /** Platen registry extension: the plan's current revision (also its `ETag`). Segment sends none. */
  revision?: number;
}

/** A rule as the API returns it. */
export interface ApiRule {
  type: RuleType;
  key?: string | null;
  version: number;
  jsonSchema: Json;
  createdAt?: string;
  updatedAt?: string;
  deprecatedAt?: string | null;
}

/** A rule as sent in `PUT`/`PATCH /tracking-plans/{id}/rules`; `newKey` renames (PATCH only). */
export interface ApiRuleInput {
  type: RuleType;
  key?: string | null;
  version: number;
  jsonSchema: Json;
  newKey?: string;
}

/** Names one rule, e.g. for `DELETE /tracking-plans/{id}/rules`. */
export interface ApiRuleRef {
  type: RuleType;
  key?: string | null;
  version: number;
}

/** Cursor pagination output; `next` is absent on the last page. */
export interface ApiPagination {
  current: string;
  next?: string;
  previous?: string;
  totalEntries?: number;
}

/** Cursor pagination input: `count` 1–1000 (server default 200), `cursor` from a previous page. */
export interface PageRequest {
  count?: number;
  cursor?: string;
}

/** One error of an `{ errors: [...] }` body. */
export interface ApiErrorItem {
  type: string;
  message: string;
  field?: string;
  data?: Record<string, unknown>;
  status?: number;
}

/** `data` of `GET /tracking-plans`. */
export interface ListPlansData {
  trackingPlans: ApiTrackingPlan[];
  pagination: ApiPagination;
}

/** `data` of `GET /tracking-plans/{id}/rules`. */
export interface ListRulesData {
  rules: ApiRule[];
  pagination: ApiPagination;
  /** Platen registry extension: the revision these rules are (also the `ETag`). Segment sends none. */
  revision?: number;
}

/** One entry of the Platen extension `GET /tracking-plans/{id}/rules/history`. */
export interface RuleRevision {
  /** 1, 2, 3, … per plan; `?revision=N` on list-rules reads the rules as they were after it. */
  revision: number;
  /** `REPLACE` (PUT), `UPSERT` (PATCH) or `REMOVE` (DELETE). */
  operation: 'REPLACE' | 'UPSERT' | 'REMOVE';
  createdAt: string;
  /** How many rules the write added, changed and removed. */
  added: number;
  changed: number;
  removed: number;
  /** The number of rules after the write. */
  ruleCount: number;
  /** The revision the write's `If-Match` named (it was checked against it); null for an unconditional write. */
  baseRevision?: number | null;
}

/** `data` of `GET /tracking-plans/{id}/rules/history` (Platen extension). */
export interface ListHistoryData {
  revisions: RuleRevision[];
  pagination: ApiPagination;
}
