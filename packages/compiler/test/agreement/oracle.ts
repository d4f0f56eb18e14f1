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
import type { GenSchema } from './schemas.js';

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
export function relaxSchema(
  schema: Json,
  defs: Obj = (isObj(schema) && isObj(schema.definitions) ? schema.definitions : {}) as Obj,
): Json {
  if (Array.isArray(schema)) return schema.map((s) => relaxSchema(s, defs));
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
        Object.entries(v as Obj).map(([n, s]) => [n, relaxSchema(s, defs)]),
      );
    else out[k === 'oneOf' ? 'anyOf' : k] = relaxSchema(v, defs);
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
  const open = (members: Json[]): Json[] =>
    members.map((m) => {
      const r = resolve(m);
      if (isObj(r) && Array.isArray(r.anyOf) && Object.keys(r).length === 1)
        return { anyOf: open(r.anyOf) };
      return isObjectSchema(r) && r.additionalProperties === false
        ? { ...(relaxSchema(r, defs) as Obj), additionalProperties: true }
        : m;
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
