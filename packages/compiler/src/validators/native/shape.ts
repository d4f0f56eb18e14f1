/**
 * What Ajv's draft-07 meta-schema check would refuse, checked up front over the whole prepared
 * schema: the native generator declines such a schema, so the Ajv fallback reports it exactly as
 * before (`validator-compile-failed`). Also declines what the generator does not implement.
 */
import type { Json } from '../../plan/types.js';
import { Decline, type SchemaObject } from './decline.js';

/** The JSON Schema simple types. */
export const SIMPLE_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

const SCHEMA_KEYWORDS = new Set([
  'additionalItems',
  'additionalProperties',
  'contains',
  'else',
  'if',
  'not',
  'propertyNames',
  'then',
]);
const MAP_KEYWORDS = new Set(['definitions', 'patternProperties', 'properties']);
const LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf']);
const NON_NEGATIVE = new Set([
  'maxItems',
  'maxLength',
  'maxProperties',
  'minItems',
  'minLength',
  'minProperties',
]);
const NUMBERS = new Set(['exclusiveMaximum', 'exclusiveMinimum', 'maximum', 'minimum']);
const STRINGS = new Set([
  '$comment',
  '$ref',
  'contentEncoding',
  'contentMediaType',
  'description',
  'format',
  'pattern',
  'title',
]);
const BOOLEANS = new Set(['readOnly', 'uniqueItems', 'writeOnly']);
// Keywords Ajv 8 gives a meaning this generator does not implement (or that change the base URI).
const UNSUPPORTED = new Set([
  '$id',
  'nullable',
  'discriminator',
  '$async',
  '$data',
  '$recursiveRef',
  '$dynamicRef',
]);

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
  // One pass over the keys the schema has (plan schemas are objects with few keys, often in
  // dictionary mode, where looking up absent keywords one by one is what costs).
  for (const key in schema) {
    const value = schema[key]!;
    if (SCHEMA_KEYWORDS.has(key)) checkShapes(value, false);
    else if (MAP_KEYWORDS.has(key)) {
      if (!isObject(value)) throw new Decline(`${key} is not an object`);
      for (const k in value) checkShapes(value[k]!, false);
    } else if (LIST_KEYWORDS.has(key)) {
      if (!Array.isArray(value) || value.length === 0)
        throw new Decline(`${key} is not a non-empty array`);
      for (const part of value) checkShapes(part, false);
    } else if (NON_NEGATIVE.has(key)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        throw new Decline(`${key} is not a non-negative integer`);
    } else if (NUMBERS.has(key)) {
      if (typeof value !== 'number') throw new Decline(`${key} is not a number`);
    } else if (STRINGS.has(key)) {
      if (typeof value !== 'string') throw new Decline(`${key} is not a string`);
    } else if (BOOLEANS.has(key)) {
      if (typeof value !== 'boolean') throw new Decline(`${key} is not a boolean`);
    } else if (UNSUPPORTED.has(key)) {
      if (!(isRoot && key === '$id')) throw new Decline(`keyword ${key} is not supported natively`);
    } else
      switch (key) {
        case 'items':
          if (!Array.isArray(value)) checkShapes(value, false);
          else if (value.length === 0) throw new Decline('items is an empty array');
          else for (const part of value) checkShapes(part, false);
          break;
        case 'dependencies':
          if (!isObject(value)) throw new Decline('dependencies is not an object');
          for (const k in value) {
            const dep = value[k]!;
            if (Array.isArray(dep)) uniqueStrings(dep, 'a dependencies list');
            else checkShapes(dep, false);
          }
          break;
        case 'multipleOf':
          if (typeof value !== 'number' || value <= 0)
            throw new Decline('multipleOf is not a positive number');
          break;
        case 'required':
          uniqueStrings(value, 'required');
          break;
        case 'examples':
          if (!Array.isArray(value)) throw new Decline('examples is not an array');
          break;
        case 'enum':
          if (!Array.isArray(value) || value.length === 0)
            throw new Decline('enum is not a non-empty array');
          break;
        case 'type': {
          const types = Array.isArray(value) ? value : [value];
          if (
            types.length === 0 ||
            types.some((t) => typeof t !== 'string' || !SIMPLE_TYPES.includes(t))
          )
            throw new Decline('type names an unknown type');
          if (new Set(types).size !== types.length) throw new Decline('type has duplicates');
        }
      }
  }
}
