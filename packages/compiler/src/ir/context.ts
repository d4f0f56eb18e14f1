/**
 * State shared while one rule's schema is walked: where the rule lives in the plan file, the
 * diagnostics sink, and the `$ref` definitions found so far. Also the small JSON helpers every
 * keyword handler uses.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { Json, RuleRef, RuleSource } from '../plan/types.js';
import { IR_CODES, type IrCode } from './codes.js';
import type { IrDefinition, IrNode } from './types.js';

// The one limit every stage shares (deeper schemas become `unknown` with `schema-too-deep`); `$ref`
// chains can nest the IR's walk deeper than plan validation's JSON check sees.
export { MAX_DEPTH } from '../depth.js';

/** A JSON object (not an array, not null). */
export type JsonObject = { [key: string]: Json };

/**
 * Why a schema is being walked: `property` schemas warn when untyped; `placeholder` marks the
 * root-level `context: {}` / `traits: {}` of a message schema, which are untyped on purpose.
 */
export type WalkRole = 'property' | 'placeholder' | 'other';

/** Walks one schema at `path` (an escaped pointer inside the rule's schema) into an IR node. */
export type Walk = (
  schema: Json | undefined,
  path: string,
  depth: number,
  role?: WalkRole,
) => IrNode;

/** Everything a keyword handler needs while normalizing one rule. */
export interface WalkContext {
  rule: RuleRef;
  source: RuleSource;
  /** The rule's whole JSON Schema: `$ref` pointers resolve against it. */
  root: Json;
  diagnostics: Diagnostic[];
  /** Definitions reached through `$ref`, by target pointer, in the order first reached. */
  definitions: Map<string, IrDefinition>;
  /** Targets whose definitions are being normalized right now (a hit means recursion). */
  inProgress: string[];
  /** `schema-too-deep` is reported once per rule, not once per truncated branch. */
  tooDeepReported: boolean;
  walk: Walk;
}

const HOISTED_PREFIX = '/properties/properties';

/**
 * Maps a pointer inside the rule's schema to a pointer inside the plan file. Typewriter 8/9 plans
 * stored event properties at the rule's root; their loader wrapped them back under
 * `/properties/properties`, so that prefix maps to the rule's own pointer.
 */
export function filePointer(ctx: WalkContext, path: string): string {
  if (
    ctx.source.hoisted === true &&
    (path === HOISTED_PREFIX || path.startsWith(HOISTED_PREFIX + '/'))
  ) {
    return ctx.source.pointer + path.slice(HOISTED_PREFIX.length);
  }
  return ctx.source.pointer + path;
}

/** Records a diagnostic for the rule at schema `path`, with the message from the code table. */
export function report(ctx: WalkContext, code: IrCode, path: string, detail = ''): void {
  const entry = IR_CODES[code];
  ctx.diagnostics.push({
    code,
    severity: entry.severity,
    message: entry.message(detail),
    file: ctx.source.file,
    rule: { type: ctx.rule.type, key: ctx.rule.key, version: ctx.rule.version },
    pointer: filePointer(ctx, path),
  });
}

/** True for a JSON object (a schema, a `properties` map), false for arrays and null. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value of an own property, never one inherited from `Object.prototype` (`constructor`, `__proto__`). */
export function own(obj: JsonObject, key: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** True when `obj` has `key` as an own property. */
export function has(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Renders a value for a message, short and quoted (`"strng"`, `5`). */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/** The `unknown` node: any JSON value. */
export function unknownNode(pointer: string): IrNode {
  return { kind: 'unknown', pointer };
}

/** The `never` node: no value. */
export function neverNode(pointer: string): IrNode {
  return { kind: 'never', pointer };
}
