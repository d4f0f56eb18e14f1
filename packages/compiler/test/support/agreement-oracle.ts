/**
 * The oracle: a fresh Ajv (draft-07, allErrors, every ajv-formats format) that knows nothing of
 * Platen. Two documented product decisions are applied to the schema first, in this file's own code:
 * - a planned object (one with `properties`) that leaves `additionalProperties` absent is closed
 *   over its `properties` and `required` keys (types are exact; Segment reports extra keys as
 *   unplanned). An `allOf` over plain objects is closed over the union of its parts' keys, and the
 *   parts themselves stay open;
 * - `anyOf`/`oneOf` members are closed like any other planned object.
 * `relaxed` additionally drops what TypeScript cannot express, giving the schema a type must equal.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Json } from '../../src/plan/types.js';
import type { GenSchema } from './agreement-schemas.js';

type Obj = { [key: string]: Json };
// The CommonJS default export is the function under Node, `.default` under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv, opts: { mode: 'full' }) => Ajv;

const isObj = (v: Json | undefined): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords TypeScript cannot express: the type must ignore them (be no narrower than the schema). */
export const RUNTIME_ONLY = [
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
];

/** Deep copy with the product's closing rule applied (see the file comment). */
export function closeSchema(schema: Json, definitions: Record<string, Json>): Json {
  const defs = definitions as Obj;
  const resolve = (node: Json): Json =>
    isObj(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/definitions/')
      ? defs[node.$ref.slice('#/definitions/'.length)]!
      : node;
  // A definition an allOf part points at is a part too: the allOf's parent closes over it.
  const partDefs = new Set<string>();
  const findParts = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(findParts);
    else if (isObj(node)) {
      if (Array.isArray(node.allOf))
        for (const p of node.allOf)
          if (isObj(p) && typeof p.$ref === 'string')
            partDefs.add(p.$ref.slice('#/definitions/'.length));
      Object.values(node).forEach(findParts);
    }
  };
  findParts(schema);
  const walk = (node: Json, isPart: boolean): Json => {
    if (Array.isArray(node)) return node.map((n) => walk(n, false));
    if (!isObj(node)) return node;
    const out: Obj = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'enum' || k === 'const' || k === 'required') out[k] = v;
      else if (k === 'properties')
        out[k] = Object.fromEntries(Object.entries(v as Obj).map(([n, s]) => [n, walk(s, false)]));
      else if (k === 'definitions')
        out[k] = Object.fromEntries(
          Object.entries(v as Obj).map(([n, s]) => [n, walk(s, partDefs.has(n))]),
        );
      else if (k === 'allOf') out[k] = (v as Json[]).map((p) => walk(p, true));
      else out[k] = walk(v, false);
    }
    if (isPart || out.additionalProperties !== undefined) return out;
    if (Array.isArray(node.allOf)) {
      const keys = new Set<string>(Object.keys((node.properties as Obj | undefined) ?? {}));
      for (const part of node.allOf.map(resolve)) {
        for (const key of Object.keys(((part as Obj).properties as Obj | undefined) ?? {}))
          keys.add(key);
        for (const key of ((part as Obj).required as string[] | undefined) ?? []) keys.add(key);
      }
      out.propertyNames = keys.size === 0 ? false : { enum: [...keys] };
    } else if (isObj(node.properties)) {
      // A key named only in `required` is planned too: listed with no constraint of its own.
      const properties = { ...(out.properties as Obj) };
      for (const key of (node.required as string[] | undefined) ?? [])
        if (!Object.hasOwn(properties, key)) properties[key] = true;
      out.properties = properties;
      out.additionalProperties = false;
    }
    return out;
  };
  return walk(schema, false);
}

/**
 * Strips runtime-only keywords, `integer` → `number`, `oneOf` → `anyOf` (exclusivity is runtime-only),
 * and widens an `additionalProperties` schema beside `properties` to any of their schemas.
 */
export function relaxSchema(schema: Json, defs?: Obj, opened?: Map<string, Json>): Json {
  if (defs === undefined || opened === undefined) {
    // The root call: opened copies of definitions (see deepOpen) are added beside the others.
    const root = new Map<string, Json>();
    const out = relaxSchema(
      schema,
      (isObj(schema) && isObj(schema.definitions) ? schema.definitions : {}) as Obj,
      root,
    );
    if (root.size === 0 || !isObj(out)) return out;
    return { ...out, definitions: { ...(out.definitions as Obj), ...Object.fromEntries(root) } };
  }
  if (Array.isArray(schema)) return schema.map((s) => relaxSchema(s, defs, opened));
  if (!isObj(schema)) return schema;
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (RUNTIME_ONLY.includes(k) && (k !== 'format' || typeof v === 'string')) continue;
    if (k === 'enum' || k === 'const' || k === 'required') out[k] = v;
    else if (k === 'type')
      out[k] = Array.isArray(v)
        ? [...new Set(v.map((t) => (t === 'integer' ? 'number' : t)))]
        : v === 'integer'
          ? 'number'
          : v;
    else if (k === 'properties' || k === 'definitions')
      out[k] = Object.fromEntries(
        Object.entries(v as Obj).map(([n, s]) => [n, relaxSchema(s, defs, opened)]),
      );
    else out[k === 'oneOf' ? 'anyOf' : k] = relaxSchema(v, defs, opened);
  }
  // TS checks excess keys of a union literal against all members together: once one member has an
  // index signature, no member can refuse an extra key, so the union's closed members read as open.
  // (A member is open when `additionalProperties` is true or a schema; `$ref` members are resolved,
  // and a closed one is inlined, opened.)
  const resolve = (m: Json): Json =>
    isObj(m) && typeof m.$ref === 'string' && m.$ref.startsWith('#/definitions/')
      ? (defs[m.$ref.slice('#/definitions/'.length)] ?? m)
      : m;
  const isObjectSchema = (r: Json): r is Obj =>
    isObj(r) && (r.type === 'object' || isObj(r.properties)) && r.propertyNames === undefined;
  // TS flattens a union of unions, so nested members count as members.
  const flat = (members: Json[]): Json[] =>
    members.flatMap((m) => {
      const r = resolve(m);
      return isObj(r) && Array.isArray(r.anyOf) && Object.keys(r).length === 1
        ? flat(r.anyOf)
        : [r];
    });
  // Once the union's own excess check passes, TS relates the literal to each member without any
  // further excess check, nested literals included: every member is open all the way down.
  const open = (members: Json[]): Json[] =>
    members.map((m) => {
      const r = resolve(m);
      if (isObj(r) && Array.isArray(r.anyOf) && Object.keys(r).length === 1)
        return { anyOf: open(r.anyOf) };
      // A `$ref` member resolves to a definition not yet relaxed; the others already are.
      return deepOpen(r === m ? m : relaxSchema(r, defs, opened), defs, opened);
    });
  if (
    Array.isArray(out.anyOf) &&
    flat(out.anyOf).some((r) => isObjectSchema(r) && r.additionalProperties !== false)
  )
    out.anyOf = open(out.anyOf);
  // An index signature must admit every listed property's type: extra keys can be any of them.
  if (isObj(out.additionalProperties) && isObj(out.properties))
    out.additionalProperties = {
      anyOf: [out.additionalProperties, ...Object.values(out.properties)],
    };
  return out;
}

// Keywords whose value is one schema, or a map or list of schemas (the generator's draft-07 subset).
// (`not` is left alone: opening under it would make the oracle stricter, and the generator never writes it.)
const SCHEMA_KEYS = ['additionalProperties', 'items', 'additionalItems', 'contains'];
const MAP_KEYS = ['properties', 'patternProperties'];
const LIST_KEYS = ['anyOf', 'allOf', 'items'];

/**
 * A relaxed schema with every object in it open: `additionalProperties: false` becomes `true` and
 * the closing `propertyNames` goes. A `$ref` to a definition points at an opened copy of it
 * (`<name>~open`, made once and added at the root), so recursion stays finite.
 */
function deepOpen(node: Json, defs: Obj, opened: Map<string, Json>): Json {
  if (!isObj(node)) return node;
  const out: Obj = {};
  const also: Json[] = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === 'propertyNames') continue;
    // An object or array in const/enum is typed as a closed object or a fixed tuple: open it too.
    if (k === 'const' && typeof v === 'object' && v !== null) also.push(openValue(v));
    else if (k === 'enum' && Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null))
      also.push({ anyOf: v.map(openValue) });
    else if (k === 'additionalProperties' && v === false) out[k] = true;
    else if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) {
      const name = v.slice('#/definitions/'.length);
      const copy = `${name}~open`;
      if (!opened.has(copy) && isObj(defs) && Object.hasOwn(defs, name)) {
        opened.set(copy, true);
        opened.set(copy, deepOpen(relaxSchema(defs[name]!, defs, opened), defs, opened));
      }
      out[k] = opened.has(copy) ? `#/definitions/${copy.replace(/~/g, '~0')}` : v;
    } else if (MAP_KEYS.includes(k) && isObj(v))
      out[k] = Object.fromEntries(
        Object.entries(v).map(([n, s]) => [n, deepOpen(s, defs, opened)]),
      );
    else if (LIST_KEYS.includes(k) && Array.isArray(v))
      out[k] = v.map((s) => deepOpen(s, defs, opened));
    else if (SCHEMA_KEYS.includes(k)) out[k] = deepOpen(v, defs, opened);
    else out[k] = v;
  }
  if (also.length > 0) out.allOf = [...((out.allOf as Json[] | undefined) ?? []), ...also];
  return out;
}

/** The schema of the values a literal's type admits once excess keys go unchecked: the value's keys at least. */
function openValue(value: Json): Json {
  // (`items: []` is not a valid draft-07 schema: an empty tuple is just `maxItems: 0`.)
  if (Array.isArray(value))
    return value.length === 0
      ? { type: 'array', maxItems: 0 }
      : {
          type: 'array',
          items: value.map(openValue),
          minItems: value.length,
          maxItems: value.length,
        };
  if (!isObj(value)) return { const: value };
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, openValue(v)])),
    required: Object.keys(value),
  };
}

/** A fresh oracle Ajv: draft-07, allErrors, all formats in full mode. */
export function createOracle(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  addFormats(ajv, { mode: 'full' });
  return ajv;
}

/** The oracle's validators for one generated schema: `strict` (the schema) and `relaxed` (its TS-expressible part). */
export interface OracleValidators {
  strict: ValidateFunction;
  relaxed: ValidateFunction;
}

/** Compiles the closed schema (and its relaxed form) with `ajv`. */
export function oracleFor(ajv: Ajv, gen: GenSchema): OracleValidators {
  const closed = closeSchema(
    { ...(gen.payload as Obj), definitions: gen.definitions },
    gen.definitions,
  );
  const strict = ajv.compile(closed as object);
  const relaxed = relaxSchema(closed);
  // Most schemas have nothing to relax: one compile serves both (Ajv compiles are the suite's main cost).
  return {
    strict,
    relaxed:
      JSON.stringify(relaxed) === JSON.stringify(closed) ? strict : ajv.compile(relaxed as object),
  };
}
