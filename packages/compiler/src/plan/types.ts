/**
 * The internal, format-independent tracking plan. Every loader (Public API file, Config API v1beta,
 * Typewriter 8/9 plan.json, a folder of JSON Schemas, the API client) produces this shape.
 * It is plain, serializable data: where a rule came from in a file lives in {@link LoadedPlan}.
 */

import type { SheetPlaces } from '../sheet/places.js';

/** The rule types of Segment's Public API. */
export const RULE_TYPES = ['TRACK', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN', 'COMMON'] as const;
/** One of {@link RULE_TYPES}. */
export type RuleType = (typeof RULE_TYPES)[number];

/** A JSON value as read from a plan file. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One rule of a plan: a JSON Schema for the whole Segment message of one call type (and key/version). */
export interface Rule {
  type: RuleType;
  /** Event name (TRACK), page/screen name (PAGE/SCREEN); `null` for IDENTIFY, GROUP, COMMON and unnamed page/screen rules. Never trimmed or altered. */
  key: string | null;
  /** Integer ≥ 1. One key may have several versions; every one is kept. */
  version: number;
  /** The rule's JSON Schema, rooted at the Segment message (`properties.properties` holds event properties). */
  jsonSchema: Json;
  createdAt?: string;
  updatedAt?: string;
  deprecatedAt?: string | null;
}

/** A tracking plan with its rules merged in (the Segment Public API shape). */
export interface Plan {
  id: string;
  name: string;
  slug?: string;
  description?: string;
  /** `LIVE` | `PROPERTY_LIBRARY` | `RULE_LIBRARY` | `TEMPLATE` | `ENGAGE` */
  type: string;
  createdAt?: string;
  updatedAt?: string;
  resourceSchemaId?: string;
  /** What `platen pull` read (Platen's own field): `platen push` refuses to overwrite later remote changes. */
  pulled?: PulledState;
  rules: Rule[];
}

/**
 * The remote state a plan file was pulled from, which `platen pull` records in the file and `platen
 * push` checks before it writes, so a push never silently overwrites changes made remotely since.
 */
export interface PulledState {
  /** The Platen registry's revision the rules were read at; absent for Segment's API, which has none. */
  revision?: number;
  /** SHA-256 (hex) of the pulled rules' canonical JSON: without revisions, push compares the remote rules to it. */
  rulesSha256: string;
}

/** The formats a plan can be read from. */
export const PLAN_FORMATS = [
  'public-api',
  'config-api',
  'typewriter',
  'json-schema-dir',
  'spreadsheet',
] as const;
/** One of {@link PLAN_FORMATS}. */
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** Where one rule came from, so diagnostics can point at the exact place in the source. */
export interface RuleSource {
  /** The file holding the rule (for a JSON Schema folder: that schema's file). */
  file: string;
  /**
   * JSON pointer (RFC 6901) to the rule's JSON Schema inside `file`, e.g. `/rules/3/jsonSchema`.
   * For Typewriter 8/9 plans, where properties were hoisted, this points at the hoisted schema and
   * `hoisted` is true: a pointer into the IR's `/properties/properties/…` maps to `pointer + …`.
   */
  pointer: string;
  hoisted?: boolean;
  /** Pointer to the rule record itself (`/rules/3`, `/rules/events/3`; `''` for a schema file). */
  rulePointer?: string;
  /** Pointers to where the rule's `type`, `key` and `version` came from, when the file holds them. */
  fields?: { type?: string; key?: string; version?: string };
}

/** The text of one source file, kept so positions (line/column) can be computed lazily. */
export interface PlanSourceText {
  text: string;
  /** `sheet`: a spreadsheet (.xlsx, .csv); `text` is empty and `places` maps pointers to cells. */
  syntax: 'json' | 'yaml' | 'sheet';
  /** For a spreadsheet: JSON pointer (`/rules/3/jsonSchema/…`) → where that part came from. */
  places?: SheetPlaces;
}

/** A plan together with where it was read from. `ruleSources[i]` describes `plan.rules[i]`. */
export interface LoadedPlan {
  plan: Plan;
  format: PlanFormat;
  /** The file or folder the plan was read from. */
  file: string;
  ruleSources: RuleSource[];
  /** Pointer to the rules in `file` (`/rules`, `/data/rules`), for plan-level diagnostics. */
  rulesPointer?: string;
  /** Source text by file name (BOM stripped), so diagnostics can be given a line and column on demand. */
  sources?: Record<string, PlanSourceText>;
}

/** Identifies a rule in messages and manifests. */
export interface RuleRef {
  type: RuleType;
  key: string | null;
  version: number;
}
