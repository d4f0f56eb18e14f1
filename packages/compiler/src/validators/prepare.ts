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
  const formats: PreparedSchema['formats'] = [];
  const withAllOf: JsonObject[] = [];
  const schemas: JsonObject[] = [];
  const root = copySchema(schema, { formats, withAllOf, schemas }, undefined, '');
  // Schemas that are allOf parts are merged by their parent: closing one alone would reject the other parts' keys.
  const allOfParts = new Set<Json>();
  const allOfElements = new Set<Json>();
  for (const node of withAllOf) {
    for (const part of node.allOf as Json[]) {
      allOfElements.add(part);
      allOfParts.add((isObject(part) && resolveLocal(root, part.$ref)) || part);
    }
  }
  const payload = payloadPointer(type);
  const hasPayload = resolveLocal(root, '#' + payload) !== undefined;
  // COMMON constrains the whole message, whose objects (`context` above all) SDKs fill with their
  // own fields: nothing in it is closed. Segment reports unplanned keys for properties and traits only.
  if (type !== 'COMMON') closeObjects(root, { allOfParts, allOfElements }, schemas);
  for (const node of schemas) moveProtoProperties(node);
  if (isObject(root)) {
    // The plan's own root id (draft-04 `id` or `$id`) is replaced: ids must be unique per compile.
    delete root.id;
    root.$id = rootId;
  }
  return { root, payload: hasPayload ? payload : undefined, formats };
}

/** What {@link copySchema} learns on its way. */
interface CopyNotes {
  formats: PreparedSchema['formats'];
  /** Copied schemas with an `allOf` array (their parts are indexed once the copy is complete). */
  withAllOf: JsonObject[];
  /**
   * Every copied schema object, in post-order (a schema after its subschemas, those in keyword
   * order): the order the closing and `__proto__` passes visit them in.
   */
  schemas: JsonObject[];
}

/** A pointer built only when needed: most schemas have no `format` to report. */
interface PointerLink {
  parent: PointerLink | undefined;
  /** The escaped tokens this step adds, `/`-joined with a leading `/`. */
  tokens: string;
}

function pointerOf(link: PointerLink | undefined, last: string): string {
  let out = last;
  for (let l = link; l !== undefined; l = l.parent) out = l.tokens + out;
  return out;
}

/**
 * The sorted deep copy of a schema with its draft-04 forms rewritten (see {@link draft04Drops}),
 * in one walk: subschemas (draft-07 keywords) are copied as schemas, every other value as data
 * ({@link sortedCopy}). Formats are listed in pre-order, a schema's subschemas by keyword
 * (SCHEMA_KEYWORDS, MAP_KEYWORDS by sorted name, LIST_KEYWORDS, `items`); `at` + `tokens` is this
 * schema's pointer.
 */
function copySchema(
  node: Json,
  notes: CopyNotes,
  at: PointerLink | undefined,
  tokens: string,
): Json {
  if (!isObject(node)) return sortedCopy(node);
  const drop = draft04Drops(node);
  if (typeof node.format === 'string')
    notes.formats.push({ name: node.format, pointer: pointerOf(at, tokens) + '/format' });
  const here: PointerLink = { parent: at, tokens };
  // Subschemas first, in walk order (their formats come in that order); then every key, sorted.
  let copies: Map<string, Json> | undefined;
  const keep = (key: string, copy: Json): void => void (copies ??= new Map()).set(key, copy);
  for (const key of SCHEMA_KEYWORDS) {
    const child = node[key];
    if (child !== undefined) keep(key, copySchema(child, notes, here, `/${key}`));
  }
  for (const key of MAP_KEYWORDS) {
    const map = node[key];
    if (!isObject(map)) continue;
    const out: JsonObject = {};
    for (const name of Object.keys(map).sort())
      setOwn(out, name, copySchema(map[name]!, notes, here, `/${key}/${escapePointerToken(name)}`));
    keep(key, out);
  }
  for (const key of LIST_KEYWORDS) {
    const list = node[key];
    if (Array.isArray(list))
      keep(
        key,
        list.map((part, i) => copySchema(part, notes, here, `/${key}/${i}`)),
      );
  }
  const items = node.items;
  if (Array.isArray(items))
    keep(
      'items',
      items.map((part, i) => copySchema(part, notes, here, `/items/${i}`)),
    );
  else if (items !== undefined) keep('items', copySchema(items, notes, here, '/items'));
  const out: JsonObject = {};
  for (const key of Object.keys(node).sort()) {
    if (drop !== undefined && drop.has(key)) continue;
    setOwn(out, key, copies?.has(key) ? copies.get(key) : sortedCopy(node[key]!));
  }
  const exclusive = drop?.exclusive;
  if (exclusive !== undefined) for (const [flag, bound] of exclusive) out[flag] = node[bound]!;
  if (Array.isArray(out.allOf)) notes.withAllOf.push(out);
  notes.schemas.push(out);
  return out;
}

/**
 * Draft-04 forms Ajv's draft-07 mode rejects, rewritten to their draft-07 meaning: the keys a copy
 * leaves out, and the boolean exclusive flags that take their bound's number; `undefined` (the usual
 * answer) when nothing changes.
 * - `exclusiveMinimum: true` beside a numeric `minimum` becomes `exclusiveMinimum: <minimum>`
 *   (likewise for the maximum); any other boolean exclusive flag is dropped;
 * - `type: "any"` or a `type` list containing it is invalid JSON Schema seen in real plans; it
 *   means no type constraint;
 * - draft-04 `id` (a base URI) is tolerated by ignoring it; Ajv 8 refuses it outright;
 * - every schema is compiled as draft-07, so `$schema` goes: naming another draft would make Ajv
 *   look for a meta-schema it was not given.
 */
function draft04Drops(node: JsonObject): Draft04Drops | undefined {
  const type = node.type;
  if (
    typeof node.exclusiveMinimum !== 'boolean' &&
    typeof node.exclusiveMaximum !== 'boolean' &&
    type !== 'any' &&
    !(Array.isArray(type) && type.includes('any')) &&
    typeof node.id !== 'string' &&
    node.$schema === undefined
  )
    return undefined;
  const drop: Draft04Drops = new Set();
  const add = (key: string): void => void drop.add(key);
  for (const [flag, bound] of EXCLUSIVE) {
    if (typeof node[flag] !== 'boolean') continue;
    if (node[flag] === true && typeof node[bound] === 'number') {
      add(bound);
      (drop.exclusive ??= []).push([flag, bound]);
    } else add(flag);
  }
  if (type === 'any' || (Array.isArray(type) && type.includes('any'))) add('type');
  if (typeof node.id === 'string') add('id');
  if (node.$schema !== undefined) add('$schema');
  return drop.size > 0 ? drop : undefined;
}

/** Keys to leave out of a copy, and exclusive flags that take their bound's number. */
type Draft04Drops = Set<string> & { exclusive?: [string, string][] };

const EXCLUSIVE = [
  ['exclusiveMinimum', 'minimum'],
  ['exclusiveMaximum', 'maximum'],
] as const;

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
 * directly by `$ref` that use becomes `allOf: [{ $ref }]` closed the same way. `schemas` is every
 * schema of the copy, subschemas first.
 */
function closeObjects(root: Json, index: AllOfIndex, schemas: readonly JsonObject[]): void {
  for (const node of schemas) {
    if (index.allOfParts.has(node)) continue;
    if (node.$ref !== undefined && !index.allOfElements.has(node)) {
      closeDirectUse(root, node, index);
      continue;
    }
    if (OPENING_KEYWORDS.some((k) => node[k] !== undefined)) continue;
    if (Array.isArray(node.allOf)) {
      closeOverParts(root, node);
      continue;
    }
    if (isPlainObjectSchema(node)) {
      const properties = node.properties as JsonObject;
      if (Array.isArray(node.required))
        for (const name of node.required) if (typeof name === 'string') plan(properties, name);
      node.properties = resort(properties);
      node.additionalProperties = false;
    }
  }
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

/**
 * Ajv skips a property named `__proto__` in `properties` (prototype safety), so it would go
 * unchecked and, in a closed object, be reported as unplanned. The same schema under
 * `patternProperties: { "^__proto__$": … }` is checked and counts as planned.
 */
function moveProtoProperties(node: JsonObject): void {
  const props = node.properties;
  if (!isObject(props) || !Object.hasOwn(props, '__proto__')) return;
  const schema = props['__proto__']!;
  delete props['__proto__'];
  const patterns: JsonObject = isObject(node.patternProperties) ? node.patternProperties : {};
  const key = '^__proto__$';
  patterns[key] = Object.hasOwn(patterns, key) ? { allOf: [patterns[key]!, schema] } : schema;
  node.patternProperties = patterns;
}
