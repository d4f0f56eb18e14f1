/**
 * The registry's stored rows (plans, rules, write outcomes) and their mapping to the API's shapes: what
 * the store reads and writes, kept apart from the SQL that does it.
 */
import { randomBytes } from 'node:crypto';
import {
  RULE_TYPES,
  type ApiRule,
  type ApiTrackingPlan,
  type RuleType,
} from '@platen/compiler/api';

/** A stored plan row, with its internal key and current revision. */
export interface PlanRow {
  pk: number;
  id: string;
  name: string;
  slug: string;
  description: string;
  type: string;
  created_at: string;
  updated_at: string;
  revision: number;
}

/** A stored rule row: its identity (rank of its type, key as JSON, version), schema text and times. */
export interface RuleRow {
  type: RuleType;
  type_rank: number;
  key: string | null;
  key_id: string;
  version: number;
  json_schema: string;
  created_at: string;
  updated_at: string;
}

/** The outcome of a rule write. */
export interface WriteResult {
  revision: number;
  added: number;
  changed: number;
  removed: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A new plan id: `tp_` and 22 random base-62 characters (~131 bits). */
export function newPlanId(): string {
  let id = 'tp_';
  for (const byte of randomBytes(22)) id += BASE62[byte % 62];
  return id;
}

/** `My Web Plan!` → `my-web-plan`. */
export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'plan'
  );
}

/** The API shape of a plan row. */
export function planToApi(row: PlanRow): ApiTrackingPlan {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    type: row.type,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revision: row.revision,
  };
}

/** The API shape of a rule row. */
export function ruleToApi(row: RuleRow): ApiRule {
  return {
    type: row.type,
    key: row.key,
    version: row.version,
    jsonSchema: JSON.parse(row.json_schema),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deprecatedAt: null,
  };
}

/** The columns that identify a rule: its type's rank (the IR's order), its key as JSON (null included), its version. */
export function identity(type: string, key: string | null, version: number) {
  return { type_rank: RULE_TYPES.indexOf(type as RuleType), key_id: JSON.stringify(key), version };
}
