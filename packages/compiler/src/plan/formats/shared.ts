/** Helpers every format loader shares: picking plan and rule fields, and the hoisted-payload mapping. */
import type { Diagnostic } from '../../diagnostics/types.js';
import { joinPointer, parsePointer } from '../../diagnostics/pointer.js';
import { planDiagnostic } from '../codes.js';
import {
  RULE_TYPES,
  type Json,
  type LoadedPlan,
  type Plan,
  type PulledState,
  type Rule,
  type RuleRef,
  type RuleSource,
} from '../types.js';

/** A loader's answer: a plan (when its container shape made sense) and what went wrong. */
export interface FormatResult {
  loaded?: LoadedPlan;
  diagnostics: Diagnostic[];
}

/** True for a JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PLAN_STRING_FIELDS = [
  'id',
  'name',
  'slug',
  'description',
  'type',
  'createdAt',
  'updatedAt',
  'resourceSchemaId',
] as const;

/**
 * Copies the known plan fields of a Public API plan object. A field of the wrong JSON type becomes an
 * `invalid-plan` diagnostic; `id`/`name` default to `''` and `type` to `LIVE` when absent.
 */
export function pickPlanFields(
  raw: Record<string, unknown>,
  file: string,
  base: string,
  diagnostics: Diagnostic[],
): Omit<Plan, 'rules'> {
  const plan: Omit<Plan, 'rules'> = { id: '', name: '', type: 'LIVE' };
  for (const field of PLAN_STRING_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') plan[field] = value;
    else
      diagnostics.push(
        planDiagnostic('invalid-plan', `The plan's "${field}" must be a string.`, {
          file,
          pointer: joinPointer(base, field),
        }),
      );
  }
  const pulled = pickPulled(raw.pulled);
  if (pulled) plan.pulled = pulled;
  else if (raw.pulled !== undefined)
    diagnostics.push(
      planDiagnostic(
        'invalid-plan',
        'The plan\'s "pulled" (written by platen pull) must be an object with "rulesSha256" (64 hex digits) ' +
          'and an optional integer "revision"; run platen pull again.',
        { file, pointer: joinPointer(base, 'pulled') },
      ),
    );
  return plan;
}

/** The `pulled` record `platen pull` writes, or undefined when `value` is not one. */
function pickPulled(value: unknown): PulledState | undefined {
  if (!isObject(value)) return undefined;
  const { revision, rulesSha256 } = value;
  if (typeof rulesSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(rulesSha256)) return undefined;
  if (revision === undefined) return { rulesSha256 };
  if (!(Number.isSafeInteger(revision) && (revision as number) >= 0)) return undefined;
  return { revision: revision as number, rulesSha256 };
}

/**
 * Copies a rule record's fields without judging them (that is `validatePlan`'s job): `key` absent
 * becomes `null`, timestamps are kept only when present. The schema is shared, never copied.
 */
export function pickRule(raw: Record<string, unknown>): Rule {
  const rule = {
    type: raw.type,
    key: raw.key === undefined ? null : raw.key,
    version: raw.version,
    jsonSchema: raw.jsonSchema,
  } as Rule;
  for (const field of ['createdAt', 'updatedAt', 'deprecatedAt'] as const)
    if (raw[field] !== undefined) (rule as unknown as Record<string, unknown>)[field] = raw[field];
  return rule;
}

// Keywords that describe the whole message (or anchor `$ref`s) rather than the event properties:
// when a payload schema is wrapped back into the message root, these move to the root.
const ROOT_KEYWORDS = new Set([
  '$schema',
  '$id',
  'id',
  'description',
  'labels',
  'definitions',
  '$defs',
]);

/**
 * Wraps an event-properties schema (Typewriter's hoisted layout, or one file of a JSON Schema folder)
 * into the message-root layout: `{ type: 'object', properties: { properties: <payload> }, required }`.
 * `definitions`/`$defs` move to the root so `#/definitions/...` references still resolve.
 */
export function wrapPayload(schema: Json): Json {
  if (typeof schema === 'boolean') return { type: 'object', properties: { properties: schema } };
  if (!isObject(schema)) return schema;
  const root: Record<string, Json> = {};
  const payload: Record<string, Json> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'eventMetadata') continue;
    if (ROOT_KEYWORDS.has(k)) root[k] = v as Json;
    else payload[k] = v as Json;
  }
  root.type = 'object';
  root.properties = { properties: payload };
  const required = payload.required;
  const props = payload.properties;
  // Typewriter spreads the message root under the payload, so a payload with no `required` of its
  // own shows the root's `["properties"]`: that one belongs to the root, not to the event.
  const leaked =
    Array.isArray(required) &&
    required.length === 1 &&
    required[0] === 'properties' &&
    !(isObject(props) && Object.prototype.hasOwnProperty.call(props, 'properties'));
  if (leaked) delete payload.required;
  if (leaked || (Array.isArray(required) && required.length > 0)) root.required = ['properties'];
  return root;
}

/**
 * Maps a pointer inside a rule's (message-root) schema to a pointer inside the rule's file. For hoisted
 * sources, `/properties/properties/<rest>` lives at `<rest>` in the file and root keywords keep their
 * place; the synthesized root (`type`, `properties`) maps to the schema itself.
 */
export function toFilePointer(source: RuleSource, schemaPointer: string): string {
  if (!source.hoisted) return source.pointer + schemaPointer;
  const tokens = parsePointer(schemaPointer);
  if (!tokens || tokens.length === 0) return source.pointer;
  if (tokens[0] === 'properties' && tokens[1] === 'properties')
    return joinPointer(source.pointer, ...tokens.slice(2));
  if (ROOT_KEYWORDS.has(tokens[0]!) || tokens[0] === 'required')
    return source.pointer + schemaPointer;
  return source.pointer;
}

/** The rule's identity for diagnostics, when its type, key and version are well-formed enough to name it. */
export function ruleRefOf(rule: Rule): RuleRef | undefined {
  const typeOk = (RULE_TYPES as readonly unknown[]).includes(rule.type);
  const keyOk = rule.key === null || typeof rule.key === 'string';
  return typeOk && keyOk && Number.isInteger(rule.version)
    ? { type: rule.type, key: rule.key, version: rule.version }
    : undefined;
}
