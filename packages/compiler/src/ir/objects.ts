/**
 * `type: "object"`: `properties`, `required`, `additionalProperties`, `patternProperties`,
 * `propertyNames`, `minProperties`/`maxProperties`. An object with no `properties` whose
 * `additionalProperties` is a schema is a `map`. Linear in the number of properties.
 */
import { joinPointer } from '../diagnostics/pointer.js';
import {
  filePointer,
  has,
  isObject,
  neverNode,
  own,
  report,
  show,
  unknownNode,
  type JsonObject,
  type WalkContext,
  type WalkRole,
} from './context.js';
import { isUnicodePattern } from '../plan/meta-quick.js';
import { readNumber } from './scalars.js';
import type {
  IrIntersection,
  IrMap,
  IrNode,
  IrObject,
  IrPatternProperty,
  IrProperty,
} from './types.js';

/** Root-level message fields that plans leave as `{}` on purpose (no `untyped` warning). */
const PLACEHOLDERS = new Set(['context', 'traits', 'properties']);

/** Normalizes an object schema into an `object` or `map` node. */
export function objectNode(
  ctx: WalkContext,
  schema: JsonObject,
  path: string,
  pointer: string,
  depth: number,
): IrObject | IrMap {
  const props = readSchemaMap(ctx, schema, 'properties', path);
  const required = readRequired(ctx, schema, path);
  const additional = own(schema, 'additionalProperties');
  const patterns = readPatternProperties(ctx, schema, path, depth);
  const minProperties = readNumber(ctx, schema, 'minProperties', path, 'count');
  const maxProperties = readNumber(ctx, schema, 'maxProperties', path, 'count');
  const propertyNames = has(schema, 'propertyNames')
    ? ctx.walk(own(schema, 'propertyNames'), joinPointer(path, 'propertyNames'), depth + 1)
    : undefined;

  if (
    props === undefined &&
    required.length === 0 &&
    patterns.length === 0 &&
    isObject(additional)
  ) {
    const values = ctx.walk(additional, joinPointer(path, 'additionalProperties'), depth + 1);
    const map: IrMap = { kind: 'map', values, pointer };
    if (propertyNames) map.keys = propertyNames;
    if (minProperties !== undefined) map.minProperties = minProperties;
    if (maxProperties !== undefined) map.maxProperties = maxProperties;
    return map;
  }

  const properties: IrProperty[] = [];
  const requiredSet = new Set(required);
  if (props) {
    for (const name of Object.keys(props)) {
      const propPath = joinPointer(path, 'properties', name);
      const role: WalkRole = path === '' && PLACEHOLDERS.has(name) ? 'placeholder' : 'property';
      const type = ctx.walk(props[name], propPath, depth + 1, role);
      properties.push({
        name,
        required: requiredSet.has(name),
        type,
        pointer: filePointer(ctx, propPath),
      });
    }
  }
  const node: IrObject = {
    kind: 'object',
    properties,
    additionalProperties: false,
    patternProperties: patterns,
    pointer,
  };
  if (additional === undefined || !has(schema, 'additionalProperties')) {
    node.additionalProperties = unknownNode(pointer);
    node.additionalPropertiesImplicit = true;
  } else if (additional === true) {
    node.additionalProperties = unknownNode(
      filePointer(ctx, joinPointer(path, 'additionalProperties')),
    );
  } else if (additional !== false) {
    node.additionalProperties = ctx.walk(
      additional,
      joinPointer(path, 'additionalProperties'),
      depth + 1,
    );
  }
  // A name in `required` with no schema of its own must be present, and its value is checked like
  // any other unlisted key: by the `patternProperties` it matches, else by `additionalProperties`.
  const listed = new Set<string>();
  required.forEach((name, i) => {
    if ((props && has(props, name)) || listed.has(name)) return;
    listed.add(name);
    const requiredPath = joinPointer(path, 'required', i);
    const requiredPointer = filePointer(ctx, requiredPath);
    properties.push({
      name,
      required: true,
      type: unlistedType(ctx, node, name, requiredPath, requiredPointer),
      pointer: requiredPointer,
    });
    // With `properties` declared, a required name that nothing types (no property, pattern or
    // `additionalProperties` schema) is most often a typo; `unsatisfiable-required` already speaks
    // for one that `additionalProperties: false` forbids.
    if (
      props !== undefined &&
      node.additionalProperties !== false &&
      node.additionalProperties.kind === 'unknown' &&
      matchingPatterns(node, name).length === 0
    )
      report(ctx, 'required-undeclared', requiredPath, JSON.stringify(name));
  });

  if (propertyNames) node.propertyNames = propertyNames;
  if (minProperties !== undefined) node.minProperties = minProperties;
  if (maxProperties !== undefined) node.maxProperties = maxProperties;
  return node;
}

/**
 * The type of a required key that `properties` does not list. Every `patternProperties` schema whose
 * pattern matches the name applies (an intersection when several do); with none, the
 * `additionalProperties` schema does. Explicit `additionalProperties: false` forbids the key that
 * `required` demands: nothing is valid, so the key is `never`, with an `unsatisfiable-required` warning.
 */
function unlistedType(
  ctx: WalkContext,
  node: IrObject,
  name: string,
  path: string,
  pointer: string,
): IrNode {
  const matching = matchingPatterns(node, name);
  const [first] = matching;
  if (first !== undefined) {
    if (matching.length === 1) return first.type;
    const both: IrIntersection = {
      kind: 'intersection',
      members: matching.map((p) => p.type),
      pointer,
    };
    return both;
  }
  if (node.additionalProperties !== false) {
    // An absent or `true` `additionalProperties` allows any value; a schema types the key.
    const extra = node.additionalProperties;
    return extra.kind === 'unknown' ? unknownNode(pointer) : extra;
  }
  report(ctx, 'unsatisfiable-required', path, JSON.stringify(name));
  return neverNode(pointer);
}

/** The `patternProperties` of `node` whose pattern matches the key `name` (patterns are valid: see below). */
export function matchingPatterns(node: IrObject, name: string): IrPatternProperty[] {
  return node.patternProperties.filter((p) => new RegExp(p.pattern, 'u').test(name));
}

/** An open object with no known properties: the payload of a rule with no (or an untyped) schema. */
export function openObject(pointer: string): IrObject {
  return {
    kind: 'object',
    properties: [],
    additionalProperties: unknownNode(pointer),
    additionalPropertiesImplicit: true,
    patternProperties: [],
    pointer,
  };
}

/** Reads a `{ name: schema }` keyword (`properties`, `patternProperties`); not an object → error. */
function readSchemaMap(
  ctx: WalkContext,
  schema: JsonObject,
  keyword: string,
  path: string,
): JsonObject | undefined {
  if (!has(schema, keyword)) return undefined;
  const value = own(schema, keyword);
  if (isObject(value)) return value;
  report(
    ctx,
    'invalid-keyword-value',
    joinPointer(path, keyword),
    `\`${keyword}\` must be an object of schemas, got ${show(value)}`,
  );
  return undefined;
}

/** Reads `required`: an array of strings (a non-string entry is reported and skipped). */
function readRequired(ctx: WalkContext, schema: JsonObject, path: string): string[] {
  if (!has(schema, 'required')) return [];
  const value = own(schema, 'required');
  const keywordPath = joinPointer(path, 'required');
  // Draft-03 wrote `required: true` on the property itself; it has no meaning in later drafts.
  if (!Array.isArray(value)) {
    report(
      ctx,
      'invalid-keyword-value',
      keywordPath,
      `\`required\` must be an array of property names, got ${show(value)}`,
    );
    return [];
  }
  const names: string[] = [];
  value.forEach((name, i) => {
    if (typeof name === 'string') names.push(name);
    else
      report(
        ctx,
        'invalid-keyword-value',
        joinPointer(keywordPath, i),
        `\`required\` entries must be strings, got ${show(name)}`,
      );
  });
  return names;
}

/** Reads `patternProperties`, rejecting patterns that do not compile. */
function readPatternProperties(
  ctx: WalkContext,
  schema: JsonObject,
  path: string,
  depth: number,
): IrPatternProperty[] {
  const map = readSchemaMap(ctx, schema, 'patternProperties', path);
  if (!map) return [];
  const out: IrPatternProperty[] = [];
  for (const pattern of Object.keys(map)) {
    const patternPath = joinPointer(path, 'patternProperties', pattern);
    if (!isUnicodePattern(pattern)) {
      report(
        ctx,
        'invalid-keyword-value',
        patternPath,
        `pattern ${show(pattern)} is not a valid regular expression`,
      );
      continue;
    }
    const type = ctx.walk(map[pattern], patternPath, depth + 1);
    out.push({ pattern, type, pointer: filePointer(ctx, patternPath) });
  }
  return out;
}
