/**
 * Unions: `enum` and `const` (literals), `anyOf`/`oneOf`, and discriminator detection. Every
 * algorithm here is linear in the number of members: plans carry enums of 100,000 values.
 */
import { joinPointer } from '../diagnostics/pointer.js';
import type { Json } from '../plan/types.js';
import {
  filePointer,
  isObject,
  MAX_DEPTH,
  neverNode,
  report,
  show,
  unknownNode,
  type WalkContext,
} from './context.js';
import { canonicalJson } from './hash.js';
import { derefObject } from './refs.js';
import type { IrLiteral, IrNode, IrObject, IrProperty, IrUnion } from './types.js';

/** The JSON Schema type names a value satisfies (an integer is both `integer` and `number`). */
export function valueTypes(value: Json): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  switch (typeof value) {
    case 'string':
      return ['string'];
    case 'boolean':
      return ['boolean'];
    case 'number':
      return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
    default:
      return ['object'];
  }
}

/**
 * The exact type of one JSON value at schema `path`: primitives become literals; objects and arrays
 * (in `const`/`enum`) become closed objects and fixed tuples of their members' exact types.
 */
export function literalNode(ctx: WalkContext, value: Json, path: string, depth: number): IrNode {
  const pointer = filePointer(ctx, path);
  if (value === null || typeof value !== 'object') {
    const node: IrLiteral = { kind: 'literal', value, pointer };
    return node;
  }
  if (depth > MAX_DEPTH) return unknownNode(pointer);
  if (Array.isArray(value)) {
    const items = value.map((item, i) => literalNode(ctx, item, joinPointer(path, i), depth + 1));
    return { kind: 'tuple', items, minItems: items.length, rest: false, pointer };
  }
  const properties: IrProperty[] = Object.keys(value).map((name) => {
    const childPath = joinPointer(path, name);
    const type = literalNode(ctx, value[name] as Json, childPath, depth + 1);
    return { name, required: true, type, pointer: filePointer(ctx, childPath) };
  });
  const node: IrObject = {
    kind: 'object',
    properties,
    additionalProperties: false,
    patternProperties: [],
    pointer,
  };
  return node;
}

/**
 * `enum`: a union of the exact types of its values (origin `enum`), duplicates removed, values that
 * the schema's explicit `type` rules out dropped. One value is just that literal; none is an error.
 */
export function enumNode(
  ctx: WalkContext,
  values: Json[],
  allowedTypes: Set<string> | undefined,
  path: string,
  depth: number,
): IrNode {
  const pointer = filePointer(ctx, path);
  const enumPath = joinPointer(path, 'enum');
  if (values.length === 0) {
    report(ctx, 'empty-enum', enumPath);
    return neverNode(pointer);
  }
  const seen = new PrimitiveSet();
  const members: IrNode[] = [];
  const memberPointer = filePointer(ctx, enumPath) + '/';
  values.forEach((value, i) => {
    if (allowedTypes && !valueTypes(value).some((t) => allowedTypes.has(t))) return;
    if (
      !seen.add(
        typeof value === 'object' && value !== null ? canonicalJson(value) : value,
        typeof value === 'object' && value !== null,
      )
    )
      return;
    // Primitive members are the common (and huge) case: build them without the generic walk.
    members.push(
      value === null || typeof value !== 'object'
        ? { kind: 'literal', value, pointer: memberPointer + i }
        : literalNode(ctx, value, enumPath + '/' + i, depth + 1),
    );
  });
  if (members.length === 0) {
    report(ctx, 'enum-type-mismatch', enumPath);
    return neverNode(pointer);
  }
  if (members.length === 1) return { ...(members[0] as IrNode), pointer };
  const node: IrUnion = { kind: 'union', members, origin: 'enum', pointer };
  return node;
}

/** `anyOf` / `oneOf`: a union of the normalized members, with a discriminator when one exists. */
export function combinatorNode(
  ctx: WalkContext,
  keyword: 'anyOf' | 'oneOf',
  value: Json | undefined,
  path: string,
  depth: number,
): IrNode | undefined {
  const keywordPath = joinPointer(path, keyword);
  if (!Array.isArray(value) || value.length === 0) {
    report(
      ctx,
      'invalid-keyword-value',
      keywordPath,
      `\`${keyword}\` must be a non-empty array of schemas, got ${show(value)}`,
    );
    return undefined;
  }
  const members = value.map((member, i) =>
    ctx.walk(member, joinPointer(keywordPath, i), depth + 1),
  );
  const pointer = filePointer(ctx, path);
  if (members.length === 1) return members[0];
  const node: IrUnion = { kind: 'union', members, origin: keyword, pointer };
  const discriminator = findDiscriminator(ctx, members);
  if (discriminator !== undefined) node.discriminator = discriminator;
  return node;
}

/**
 * The property that tells union members apart: every member is an object (directly or through a
 * `$ref`) that requires it with a literal type, and no two members share the literal.
 */
export function findDiscriminator(
  ctx: WalkContext,
  members: readonly IrNode[],
): string | undefined {
  const objects: IrObject[] = [];
  for (const member of members) {
    const object = derefObject(ctx, member);
    if (!object) return undefined;
    objects.push(object);
  }
  const [first] = objects;
  if (!first || objects.length < 2) return undefined;
  const byName = objects.map((o) => new Map(o.properties.map((p) => [p.name, p])));
  for (const candidate of first.properties) {
    if (!candidate.required || candidate.type.kind !== 'literal') continue;
    const seen = new Set<string>();
    const distinct = byName.every((props) => {
      const prop = props.get(candidate.name);
      if (!prop || !prop.required || prop.type.kind !== 'literal') return false;
      const key = typeof prop.type.value + ':' + String(prop.type.value);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (distinct) return candidate.name;
  }
  return undefined;
}

/** True when a schema value is an object or boolean schema. */
export function isSchema(value: Json | undefined): boolean {
  return typeof value === 'boolean' || isObject(value);
}

/**
 * Remembers JSON values already seen, without building a combined key string per value: `1` and
 * `"1"` stay distinct, and structured values are compared by their canonical JSON.
 */
class PrimitiveSet {
  private readonly strings = new Set<string>();
  private readonly structured = new Set<string>();
  private readonly others = new Set<number | boolean | null>();

  /** Adds a value; false when it was already present. */
  add(value: string | number | boolean | null, structured: boolean): boolean {
    const set: Set<string | number | boolean | null> = structured
      ? this.structured
      : typeof value === 'string'
        ? this.strings
        : this.others;
    if (set.has(value)) return false;
    set.add(value);
    return true;
  }
}
