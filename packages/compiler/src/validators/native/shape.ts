/**
 * What Ajv's draft-07 meta-schema check would refuse, checked up front over the whole prepared
 * schema: the native generator declines such a schema, so the Ajv fallback reports it exactly as
 * before (`validator-compile-failed`). Also declines what the generator does not implement.
 */
import type { Json } from '../../plan/types.js';
import { Decline, type SchemaObject } from './builder.js';

/** The JSON Schema simple types. */
export const SIMPLE_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

const SCHEMA_KEYWORDS = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'else',
  'if',
  'not',
  'propertyNames',
  'then',
];
const MAP_KEYWORDS = ['definitions', 'patternProperties', 'properties'];
const LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf'];
const NON_NEGATIVE = [
  'maxItems',
  'maxLength',
  'maxProperties',
  'minItems',
  'minLength',
  'minProperties',
];
const NUMBERS = ['exclusiveMaximum', 'exclusiveMinimum', 'maximum', 'minimum'];
const STRINGS = ['$comment', '$ref', 'contentEncoding', 'contentMediaType', 'description', 'format', 'pattern', 'title'];
const BOOLEANS = ['readOnly', 'uniqueItems', 'writeOnly'];
// Keywords Ajv 8 gives a meaning this generator does not implement (or that change the base URI).
const UNSUPPORTED = ['$id', 'nullable', 'discriminator', '$async', '$data', '$recursiveRef', '$dynamicRef'];

const isObject = (v: Json | undefined): v is SchemaObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function uniqueStrings(value: Json, what: string): void {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new Decline(`${what} is not an array of strings`);
  if (new Set(value).size !== value.length) throw new Decline(`${what} has duplicates`);
}

/** Throws {@link Decline} for the first schema position Ajv would refuse or this generator cannot do. */
export function checkShapes(schema: Json, isRoot = true): void {
  if (typeof schema === 'boolean') return;
  if (!isObject(schema)) throw new Decline('a schema is neither an object nor a boolean');
  for (const key of UNSUPPORTED)
    if (schema[key] !== undefined && !(isRoot && key === '$id'))
      throw new Decline(`keyword ${key} is not supported natively`);
  const child = (s: Json): void => checkShapes(s, false);
  for (const key of SCHEMA_KEYWORDS) if (schema[key] !== undefined) child(schema[key]!);
  for (const key of MAP_KEYWORDS) {
    const map = schema[key];
    if (map === undefined) continue;
    if (!isObject(map)) throw new Decline(`${key} is not an object`);
    for (const value of Object.values(map)) child(value);
  }
  for (const key of LIST_KEYWORDS) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) throw new Decline(`${key} is not a non-empty array`);
    list.forEach(child);
  }
  const items = schema.items;
  if (Array.isArray(items)) {
    if (items.length === 0) throw new Decline('items is an empty array');
    items.forEach(child);
  } else if (items !== undefined) child(items);
  const deps = schema.dependencies;
  if (deps !== undefined) {
    if (!isObject(deps)) throw new Decline('dependencies is not an object');
    for (const value of Object.values(deps))
      if (Array.isArray(value)) uniqueStrings(value, 'a dependencies list');
      else child(value);
  }
  for (const key of NON_NEGATIVE) {
    const v = schema[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0))
      throw new Decline(`${key} is not a non-negative integer`);
  }
  for (const key of NUMBERS)
    if (schema[key] !== undefined && typeof schema[key] !== 'number')
      throw new Decline(`${key} is not a number`);
  const multipleOf = schema.multipleOf;
  if (multipleOf !== undefined && (typeof multipleOf !== 'number' || multipleOf <= 0))
    throw new Decline('multipleOf is not a positive number');
  for (const key of STRINGS)
    if (schema[key] !== undefined && typeof schema[key] !== 'string')
      throw new Decline(`${key} is not a string`);
  for (const key of BOOLEANS)
    if (schema[key] !== undefined && typeof schema[key] !== 'boolean')
      throw new Decline(`${key} is not a boolean`);
  if (schema.required !== undefined) uniqueStrings(schema.required, 'required');
  if (schema.examples !== undefined && !Array.isArray(schema.examples))
    throw new Decline('examples is not an array');
  if (schema.enum !== undefined && (!Array.isArray(schema.enum) || schema.enum.length === 0))
    throw new Decline('enum is not a non-empty array');
  const type = schema.type;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (types.length === 0 || types.some((t) => typeof t !== 'string' || !SIMPLE_TYPES.includes(t)))
      throw new Decline('type names an unknown type');
    if (new Set(types).size !== types.length) throw new Decline('type has duplicates');
  }
}
