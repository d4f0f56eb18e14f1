/**
 * The keyword walk: one JSON Schema (object or boolean) → one IR node. Handles `$ref`, `const`,
 * `enum`, `type` (single, arrays, `"any"`, absent), `allOf`/`anyOf`/`oneOf`, runtime-only keywords
 * and the documentation keywords; delegates each type's keywords to its own module.
 */
import { joinPointer } from '../diagnostics/pointer.js';
import type { Json } from '../plan/types.js';
import { arrayNode } from './arrays.js';
import {
  filePointer,
  has,
  isObject,
  MAX_DEPTH,
  neverNode,
  own,
  report,
  show,
  unknownNode,
  type JsonObject,
  type WalkContext,
  type WalkRole,
} from './context.js';
import { mergeAll } from './merge.js';
import { objectNode } from './objects.js';
import { refNode } from './refs.js';
import { numericNode, readBoolean, readString, stringNode } from './scalars.js';
import { isUntyped, type TypeName, schemaTypes } from './types-keyword.js';
import { assertNever, type IrNode, type IrUnion } from './types.js';
import { combinatorNode, enumNode, literalNode } from './union.js';

/** Keywords only the runtime validator can enforce: kept in `runtimeOnly`, the type is not narrowed. */
const RUNTIME_ONLY = [
  'not',
  'if',
  'then',
  'else',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
];

const RUNTIME_ONLY_SET: ReadonlySet<string> = new Set(RUNTIME_ONLY);

/**
 * The {@link RUNTIME_ONLY} keywords of `schema`, in that list's order. One pass over the schema's
 * own keys (a handful) instead of a lookup per keyword: this runs for every schema of the plan.
 */
function runtimeOnlyKeywords(schema: JsonObject): string[] {
  let found = false;
  for (const key of Object.keys(schema))
    if (RUNTIME_ONLY_SET.has(key)) {
      found = true;
      break;
    }
  return found ? RUNTIME_ONLY.filter((k) => has(schema, k)) : [];
}

/** Normalizes one schema at `path` (escaped pointer inside the rule's schema). Never throws for bad input. */
export function walkSchema(
  ctx: WalkContext,
  schema: Json | undefined,
  path: string,
  depth: number,
  role: WalkRole = 'other',
): IrNode {
  const pointer = filePointer(ctx, path);
  if (depth > MAX_DEPTH) {
    if (!ctx.tooDeepReported) report(ctx, 'schema-too-deep', path, String(MAX_DEPTH));
    ctx.tooDeepReported = true;
    return unknownNode(pointer);
  }
  if (schema === true || schema === undefined) return unknownNode(pointer);
  if (schema === false) return neverNode(pointer);
  if (!isObject(schema)) {
    report(
      ctx,
      'invalid-keyword-value',
      path,
      `a schema must be an object or a boolean, got ${show(schema)}`,
    );
    return unknownNode(pointer);
  }
  const node = shape(ctx, schema, path, pointer, depth, role);
  addDocs(ctx, node, schema, path);
  return node;
}

/** The type a schema object describes, before documentation is attached. */
function shape(
  ctx: WalkContext,
  schema: JsonObject,
  path: string,
  pointer: string,
  depth: number,
  role: WalkRole,
): IrNode {
  const ref = own(schema, '$ref');
  if (typeof ref === 'string') return refNode(ctx, schema, ref, path, depth);
  if (has(schema, '$ref'))
    report(
      ctx,
      'invalid-keyword-value',
      joinPointer(path, '$ref'),
      `\`$ref\` must be a string, got ${show(ref)}`,
    );

  const runtimeOnly = runtimeOnlyKeywords(schema);
  const notValue = own(schema, 'not');
  // `not: {}` / `not: true` rejects everything: that much a type can say.
  if (notValue === true || (isObject(notValue) && Object.keys(notValue).length === 0))
    return neverNode(pointer);

  const parts: IrNode[] = [];
  const core = coreNode(ctx, schema, path, pointer, depth);
  if (core) parts.push(core);
  if (has(schema, 'allOf')) {
    const allOf = own(schema, 'allOf');
    if (Array.isArray(allOf) && allOf.length > 0) {
      allOf.forEach((part, i) =>
        parts.push(ctx.walk(part, joinPointer(path, 'allOf', i), depth + 1)),
      );
    } else {
      report(
        ctx,
        'invalid-keyword-value',
        joinPointer(path, 'allOf'),
        `\`allOf\` must be a non-empty array of schemas, got ${show(allOf)}`,
      );
    }
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    if (!has(schema, keyword)) continue;
    const union = combinatorNode(ctx, keyword, own(schema, keyword), path, depth);
    if (union) parts.push(union);
  }
  for (const keyword of runtimeOnly)
    report(ctx, 'runtime-only-keyword', joinPointer(path, keyword), keyword);

  let node: IrNode;
  if (parts.length === 0) {
    if (role === 'property' && isUntyped(schema))
      report(ctx, 'untyped', path, show(lastToken(path)));
    node = unknownNode(pointer);
  } else if (parts.length === 1) {
    node = parts[0] as IrNode;
  } else {
    node = mergeAll(ctx, parts, path, pointer);
  }
  if (runtimeOnly.length > 0) node = { ...node, runtimeOnly };
  return node;
}

/** The type from `const`, `enum` or `type` (explicit or implied by keywords); `undefined` when none. */
function coreNode(
  ctx: WalkContext,
  schema: JsonObject,
  path: string,
  pointer: string,
  depth: number,
): IrNode | undefined {
  const types = schemaTypes(ctx, schema, path);
  const hasConst = has(schema, 'const');
  const hasEnum = has(schema, 'enum');
  // An unusable `type` (`"any"`, a misspelling) says nothing, but `const`/`enum` beside it still do.
  if (types.kind === 'unknown' && !hasConst && !hasEnum) return unknownNode(pointer);
  // The explicit types a `const`/`enum` value must have (only built when there is one).
  const allowed =
    (hasConst || hasEnum) && types.kind === 'types' && types.explicit
      ? new Set<string>(types.names)
      : undefined;
  if (allowed?.has('number')) allowed.add('integer');
  if (hasConst) {
    const value = own(schema, 'const') as Json;
    const fits =
      !allowed ||
      allowed.has(valueTypeName(value)) ||
      (typeof value === 'number' && allowed.has('number'));
    if (fits) return literalNode(ctx, value, joinPointer(path, 'const'), depth + 1);
    report(ctx, 'enum-type-mismatch', joinPointer(path, 'const'));
    return neverNode(pointer);
  }
  if (hasEnum) {
    const values = own(schema, 'enum');
    if (Array.isArray(values)) return { ...enumNode(ctx, values, allowed, path, depth), pointer };
    report(
      ctx,
      'invalid-keyword-value',
      joinPointer(path, 'enum'),
      `\`enum\` must be an array of values, got ${show(values)}`,
    );
  }
  if (types.kind === 'unknown') return unknownNode(pointer);
  if (types.kind === 'none') return undefined;
  const members = types.names.map((name) => typedNode(ctx, name, schema, path, pointer, depth));
  if (members.length === 1) return members[0];
  const nullable = members.length === 2 && types.names.includes('null');
  const node: IrUnion = {
    kind: 'union',
    members,
    origin: nullable ? 'nullable' : 'type-array',
    pointer,
  };
  return node;
}

/** The node for one type name, with that type's keywords. */
function typedNode(
  ctx: WalkContext,
  name: TypeName,
  schema: JsonObject,
  path: string,
  pointer: string,
  depth: number,
): IrNode {
  switch (name) {
    case 'string':
      return stringNode(ctx, schema, path, pointer);
    case 'number':
    case 'integer':
      return numericNode(ctx, name, schema, path, pointer);
    case 'boolean':
      return { kind: 'boolean', pointer };
    case 'null':
      return { kind: 'null', pointer };
    case 'object':
      return objectNode(ctx, schema, path, pointer, depth);
    case 'array':
      return arrayNode(ctx, schema, path, pointer, depth);
    default:
      return assertNever(name, 'type name');
  }
}

/** The JSON Schema type name of a value, `integer` for whole numbers. */
function valueTypeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Documentation keywords: `title`, `description`, `examples`, `default`, `deprecated`. */
function addDocs(ctx: WalkContext, node: IrNode, schema: JsonObject, path: string): void {
  const title = readString(ctx, schema, 'title', path);
  if (title !== undefined) node.title = title;
  const description = readString(ctx, schema, 'description', path);
  if (description !== undefined) node.description = description;
  if (has(schema, 'examples')) {
    const examples = own(schema, 'examples');
    if (Array.isArray(examples)) node.examples = examples;
    else
      report(
        ctx,
        'invalid-keyword-value',
        joinPointer(path, 'examples'),
        `\`examples\` must be an array, got ${show(examples)}`,
      );
  }
  if (has(schema, 'default')) node.default = own(schema, 'default') as Json;
  if (readBoolean(ctx, schema, 'deprecated', path) === true) node.deprecated = true;
}

/** The last unescaped token of a pointer, for messages. */
function lastToken(path: string): string {
  const token = path.slice(path.lastIndexOf('/') + 1);
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
