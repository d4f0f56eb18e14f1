/**
 * Turns a rule's JSON Schema into the schema its validator is compiled from. Works on a deep copy:
 * the plan is never mutated. The copy differs from the plan in four ways, each for a stated reason:
 * - object keys are sorted, so the generated code does not depend on the plan's key order;
 * - a planned object without `additionalProperties` gets `additionalProperties: false`, because
 *   Platen's types are exact and Segment reports extra keys as unplanned properties (payloads of
 *   TRACK/PAGE/SCREEN/IDENTIFY/GROUP only: COMMON's message objects stay open);
 * - draft-04 leftovers Ajv's draft-07 mode rejects are rewritten (boolean `exclusiveMinimum`,
 *   `type: ["any"]`, `id`, a draft-04 `$schema`);
 * - the root gets a private `$id` so the payload can be compiled as `<id>#/properties/properties`
 *   with every `$ref` into the root's `definitions` still resolvable.
 */
import type { Json, RuleType } from '../plan/types.js';
import { escapePointerToken, parsePointer } from '../diagnostics/pointer.js';

type JsonObject = { [key: string]: Json };

/** The root id every prepared schema gets; callers add a unique suffix. */
export const ROOT_ID_PREFIX = 'platen:rule/';

/** Where the caller's payload lives inside a rule's schema, by rule type. */
export function payloadPointer(type: RuleType): string {
  switch (type) {
    case 'TRACK':
    case 'PAGE':
    case 'SCREEN':
      return '/properties/properties';
    case 'IDENTIFY':
    case 'GROUP':
      return '/properties/traits';
    case 'COMMON':
      return '';
  }
}

/** A schema ready for Ajv, plus what the walk learned. */
export interface PreparedSchema {
  /** The rewritten deep copy (a boolean schema stays a boolean). */
  root: Json;
  /** Pointer of the payload inside `root`, or `undefined` when the rule does not describe one. */
  payload: string | undefined;
  /** Every `format` value used, with the schema pointer (inside the rule) where it appears. */
  formats: { name: string; pointer: string }[];
}

// Keywords whose values are schemas, and those whose values are maps or arrays of schemas (draft-07).
const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'additionalItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
];
const MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];
const LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'];
// Siblings that make "which keys are planned" unknowable from `properties` alone: such objects stay open.
const OPENING_KEYWORDS = [
  'anyOf',
  'oneOf',
  'not',
  'if',
  'dependencies',
  '$ref',
  'unevaluatedProperties',
];

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets `out[key] = value` as an own data property, also for the key `__proto__`. */
function setOwn(out: JsonObject, key: string, value: Json | undefined): void {
  // Assignment is much cheaper than defineProperty; only `__proto__` would set a prototype instead.
  if (key !== '__proto__') out[key] = value!;
  else
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
}

/** Deep copy with object keys sorted (arrays keep their order: it can carry meaning). */
function sortedCopy(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) setOwn(out, key, sortedCopy(value[key]!));
  return out;
}

/** The same object with its keys re-sorted after additions; values are shared, not copied. */
function resort(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) setOwn(out, key, value[key]);
  return out;
}

/** Resolves a local `$ref` (`#/definitions/X`) inside `root`; anything else gives `undefined`. */
function resolveLocal(root: Json, ref: Json | undefined): Json | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  const tokens = parsePointer(decodeURIComponent(ref.slice(1)));
  if (tokens === undefined) return undefined;
  let node: Json | undefined = root;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

/** An object schema listing its keys and saying nothing else about extra ones. */
function isPlainObjectSchema(schema: JsonObject): boolean {
  return (
    isObject(schema.properties) &&
    schema.additionalProperties === undefined &&
    schema.patternProperties === undefined
  );
}

/** Prepares one rule's schema. Pure: `schema` is only read. */
export function prepareSchema(schema: Json, type: RuleType, rootId: string): PreparedSchema {
  const root = sortedCopy(schema);
  const formats: PreparedSchema['formats'] = [];
  // Schemas that are allOf parts are merged by their parent: closing one alone would reject the other parts' keys.
  const allOfParts = new Set<Json>();
  const allOfElements = new Set<Json>();
  const visit = (node: Json, pointer: string): void => {
    if (!isObject(node)) return;
    rewriteDraft04(node);
    if (typeof node.format === 'string')
      formats.push({ name: node.format, pointer: pointer + '/format' });
    if (Array.isArray(node.allOf)) {
      for (const part of node.allOf) {
        allOfElements.add(part);
        allOfParts.add((isObject(part) && resolveLocal(root, part.$ref)) || part);
      }
    }
    for (const [child, childPointer] of childSchemas(node, pointer)) visit(child, childPointer);
  };
  visit(root, '');
  const payload = payloadPointer(type);
  const hasPayload = resolveLocal(root, '#' + payload) !== undefined;
  // COMMON constrains the whole message, whose objects (`context` above all) SDKs fill with their
  // own fields: nothing in it is closed. Segment reports unplanned keys for properties and traits only.
  if (type !== 'COMMON') closeObjects(root, { allOfParts, allOfElements });
  moveProtoProperties(root);
  if (isObject(root)) {
    // The plan's own root id (draft-04 `id` or `$id`) is replaced: ids must be unique per compile.
    delete root.id;
    root.$id = rootId;
  }
  return { root, payload: hasPayload ? payload : undefined, formats };
}

/** Draft-04 forms Ajv's draft-07 mode rejects, rewritten to their draft-07 meaning. */
function rewriteDraft04(node: JsonObject): void {
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof node[flag] !== 'boolean') continue;
    if (node[flag] === true && typeof node[bound] === 'number') {
      node[flag] = node[bound];
      delete node[bound];
    } else delete node[flag];
  }
  // `type: ["any"]` is invalid JSON Schema seen in real plans; it means no type constraint.
  if (Array.isArray(node.type) && node.type.includes('any')) delete node.type;
  if (node.type === 'any') delete node.type;
  // Draft-04 `id` (a base URI) is tolerated by ignoring it; Ajv 8 refuses it outright.
  if (typeof node.id === 'string') delete node.id;
  // Every schema is compiled as draft-07 (draft-04 forms rewritten above); a `$schema` naming
  // another draft would make Ajv look for a meta-schema it was not given.
  delete node.$schema;
}

/** Where allOf parts are, from the first walk. */
interface AllOfIndex {
  /** The schemas allOf parts are (a `$ref` part counts as its target). */
  allOfParts: Set<Json>;
  /** The allOf array elements themselves (a `$ref` part is its `{ $ref }` object). */
  allOfElements: Set<Json>;
}

// Keywords that do not validate: kept when a `$ref` is rewritten (draft-07 ignores `$ref` siblings).
const ANNOTATIONS = [
  '$ref',
  'title',
  'description',
  '$comment',
  'examples',
  'default',
  'deprecated',
  'labels',
];

/** Lists `name` as planned (`true`: no constraint of its own) unless `properties` has it already. */
function plan(properties: JsonObject, name: string): void {
  if (Object.hasOwn(properties, name)) return;
  Object.defineProperty(properties, name, {
    value: true,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Adds `additionalProperties: false` to every planned object that left it absent; a key named only
 * in `required` counts as planned (the type demands it as `unknown`). An object whose `allOf` parts
 * are all plain objects is closed over the union of their keys (listed as `true` properties so the
 * parts still do the checking). A definition that is an allOf part stays open, so where it is used
 * directly by `$ref` that use becomes `allOf: [{ $ref }]` closed the same way.
 */
function closeObjects(root: Json, index: AllOfIndex): void {
  const seen = new Set<Json>();
  const walk = (node: Json): void => {
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    eachChild(node, walk);
    if (index.allOfParts.has(node)) return;
    if (node.$ref !== undefined && !index.allOfElements.has(node)) {
      closeDirectUse(root, node, index);
      return;
    }
    if (OPENING_KEYWORDS.some((k) => node[k] !== undefined)) return;
    if (Array.isArray(node.allOf)) {
      closeOverParts(root, node);
      return;
    }
    if (isPlainObjectSchema(node)) {
      const properties = node.properties as JsonObject;
      if (Array.isArray(node.required))
        for (const name of node.required) if (typeof name === 'string') plan(properties, name);
      node.properties = resort(properties);
      node.additionalProperties = false;
    }
  };
  walk(root);
}

function closeDirectUse(root: Json, node: JsonObject, index: AllOfIndex): void {
  const target = resolveLocal(root, node.$ref);
  if (!isObject(target) || !index.allOfParts.has(target) || !isPlainObjectSchema(target)) return;
  if (OPENING_KEYWORDS.some((k) => target[k] !== undefined) || target.allOf !== undefined) return;
  for (const key of Object.keys(node)) if (!ANNOTATIONS.includes(key)) delete node[key];
  node.allOf = [{ $ref: node.$ref! }];
  delete node.$ref;
  closeOverParts(root, node);
}

function closeOverParts(root: Json, node: JsonObject): void {
  if (node.additionalProperties !== undefined || node.patternProperties !== undefined) return;
  const parts = (node.allOf as Json[]).map((p) =>
    isObject(p) && p.$ref !== undefined ? resolveLocal(root, p.$ref) : p,
  );
  const objects = parts.filter(isObject);
  if (objects.length !== parts.length || !objects.every(isPlainObjectSchema)) return;
  if (
    objects.some(
      (p) =>
        OPENING_KEYWORDS.some((k) => k !== '$ref' && p[k] !== undefined) || p.allOf !== undefined,
    )
  )
    return;
  const own: JsonObject = isObject(node.properties) ? node.properties : {};
  for (const part of [node, ...objects]) {
    for (const name of Object.keys(isObject(part.properties) ? part.properties : {}))
      plan(own, name);
    if (Array.isArray(part.required))
      for (const name of part.required) if (typeof name === 'string') plan(own, name);
  }
  node.properties = resort(own);
  node.additionalProperties = false;
}

/** Calls `fn` with each direct subschema of a schema (as {@link childSchemas}, without pointers). */
function eachChild(node: JsonObject, fn: (child: Json) => void): void {
  for (const key of SCHEMA_KEYWORDS) if (node[key] !== undefined) fn(node[key]!);
  for (const key of MAP_KEYWORDS) {
    const map = node[key];
    if (isObject(map)) for (const name of Object.keys(map)) fn(map[name]!);
  }
  for (const key of LIST_KEYWORDS) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach(fn);
  }
  const items = node.items;
  if (Array.isArray(items)) items.forEach(fn);
  else if (items !== undefined) fn(items);
}

/** The direct subschemas of a schema (draft-07 keywords), each with its pointer. */
function childSchemas(node: JsonObject, pointer: string): [Json, string][] {
  const out: [Json, string][] = [];
  for (const key of SCHEMA_KEYWORDS)
    if (node[key] !== undefined) out.push([node[key]!, `${pointer}/${key}`]);
  for (const key of MAP_KEYWORDS) {
    const map = node[key];
    if (!isObject(map)) continue;
    for (const name of Object.keys(map))
      out.push([map[name]!, `${pointer}/${key}/${escapePointerToken(name)}`]);
  }
  for (const key of LIST_KEYWORDS) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((part, i) => out.push([part, `${pointer}/${key}/${i}`]));
  }
  const items = node.items;
  if (Array.isArray(items)) items.forEach((part, i) => out.push([part, `${pointer}/items/${i}`]));
  else if (items !== undefined) out.push([items, `${pointer}/items`]);
  return out;
}

/**
 * Ajv skips a property named `__proto__` in `properties` (prototype safety), so it would go
 * unchecked and, in a closed object, be reported as unplanned. The same schema under
 * `patternProperties: { "^__proto__$": … }` is checked and counts as planned.
 */
function moveProtoProperties(node: Json): void {
  if (!isObject(node)) return;
  eachChild(node, moveProtoProperties);
  const props = node.properties;
  if (!isObject(props) || !Object.hasOwn(props, '__proto__')) return;
  const schema = props['__proto__']!;
  delete props['__proto__'];
  const patterns: JsonObject = isObject(node.patternProperties) ? node.patternProperties : {};
  const key = '^__proto__$';
  patterns[key] = Object.hasOwn(patterns, key) ? { allOf: [patterns[key]!, schema] } : schema;
  node.patternProperties = patterns;
}
