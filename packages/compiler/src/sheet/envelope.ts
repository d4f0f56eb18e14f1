/**
 * Where a rule's properties sit inside its JSON Schema (the Segment message), and the message schema
 * Platen writes around them when the sheet gives none.
 */
import type { Json, RuleType } from '../plan/types.js';
import { cloneJson, isJsonObject, setOwn } from './cells.js';

/** JSON Schema draft-07's URI, the `$schema` of a rule Platen writes. */
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** The path from a rule's root schema to its properties schema: `[]` for COMMON (the message itself). */
export function payloadPath(type: RuleType): string[] {
  if (type === 'IDENTIFY' || type === 'GROUP') return ['properties', 'traits'];
  if (type === 'COMMON') return [];
  return ['properties', 'properties'];
}

/** The schema of a properties schema when a sheet says nothing else: an object. */
export const PAYLOAD_BASE: { [k: string]: Json } = { type: 'object' };

/**
 * The rule schema around `payload` when the sheet has no Message schema: what Segment writes for a
 * new event (`$schema`, `context`, `traits`, `properties`, and `required: ["properties"]`), and
 * `{ type, properties: { traits } }` for identify and group.
 */
export function defaultEnvelope(type: RuleType, payload: Json): Json {
  if (type === 'COMMON') return payload;
  if (type === 'IDENTIFY' || type === 'GROUP')
    return { type: 'object', properties: { traits: payload } };
  return {
    $schema: DRAFT_07,
    type: 'object',
    properties: { context: {}, traits: {}, properties: payload },
    required: ['properties'],
  };
}

/** The value at `path` in `root`, when every step is an object holding the next key. */
export function getAt(root: Json, path: readonly string[]): Json | undefined {
  let node: Json | undefined = root;
  for (const key of path) {
    if (!isJsonObject(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** A copy of `root` without the value at `path` (non-empty). */
export function withoutAt(root: Json, path: readonly string[]): Json {
  const copy = cloneJson(root);
  const parent = getAt(copy, path.slice(0, -1));
  if (isJsonObject(parent)) delete parent[path[path.length - 1]!];
  return copy;
}

/**
 * Puts `value` at `path` (non-empty) in `root`, making objects on the way. False when a step is not an
 * object or the place is taken.
 */
export function putAt(root: Json, path: readonly string[], value: Json): boolean {
  let node: Json = root;
  for (const key of path.slice(0, -1)) {
    if (!isJsonObject(node)) return false;
    if (!Object.prototype.hasOwnProperty.call(node, key)) setOwn(node, key, {});
    node = node[key]!;
  }
  const last = path[path.length - 1]!;
  if (!isJsonObject(node) || Object.prototype.hasOwnProperty.call(node, last)) return false;
  setOwn(node, last, value);
  return true;
}
