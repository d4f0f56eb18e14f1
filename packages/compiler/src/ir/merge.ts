/**
 * `allOf`: parts that are all objects merge into one object (required names unioned, property types
 * merged); a contradiction (two different literals, `string` and `number`) becomes `never` with an
 * `allof-conflict` warning. Anything else stays an `intersection`.
 */
import { neverNode, report, type WalkContext } from './context.js';
import { matchingPatterns } from './objects.js';
import { derefObject } from './refs.js';
import type { IrIntersection, IrNode, IrObject, IrPatternProperty, IrProperty } from './types.js';

/** Scalar kinds whose nodes can be merged by keeping one side's constraints. */
const SCALARS = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/**
 * Combines the parts of an `allOf` (and the schema's own type, when it has one). `path` is the
 * schema-relative location used for conflict warnings; `pointer` is the resulting node's pointer.
 */
export function mergeAll(ctx: WalkContext, parts: IrNode[], path: string, pointer: string): IrNode {
  if (parts.some((p) => p.kind === 'never')) return neverNode(pointer);
  // `unknown` constrains nothing: `A & unknown` is `A`.
  const useful = parts.filter((p) => p.kind !== 'unknown');
  if (useful.length === 0) return { kind: 'unknown', pointer };
  if (useful.length === 1) return useful[0] as IrNode;
  const objects = useful.map((p) => derefObject(ctx, p));
  if (objects.every((o): o is IrObject => o !== undefined))
    return mergeObjects(ctx, objects, path, pointer);
  let merged = useful[0] as IrNode;
  for (const part of useful.slice(1)) {
    const next = mergeScalars(merged, part);
    if (next) {
      merged = next;
    } else if (isScalarLike(merged) && isScalarLike(part)) {
      report(ctx, 'allof-conflict', path, `${describe(merged)} and ${describe(part)}`);
      return neverNode(pointer);
    } else {
      const node: IrIntersection = { kind: 'intersection', members: useful, pointer };
      return node;
    }
  }
  return { ...merged, pointer };
}

/** Merges objects: properties in order of first appearance, each name's types merged. */
function mergeObjects(
  ctx: WalkContext,
  objects: IrObject[],
  path: string,
  pointer: string,
): IrNode {
  const byName = new Map<string, IrProperty>();
  const patternProperties: IrPatternProperty[] = [];
  for (const object of objects) {
    for (const prop of object.properties) {
      const existing = byName.get(prop.name);
      if (!existing) {
        byName.set(prop.name, { ...prop });
        continue;
      }
      existing.required = existing.required || prop.required;
      existing.type = mergeTypes(ctx, existing.type, prop.type, path, prop.name);
    }
    patternProperties.push(...object.patternProperties);
  }
  // Each part checks the keys it does not list by its own `additionalProperties`: an explicit
  // `false` forbids another part's property (it must be absent: `never`), a schema constrains it.
  for (const object of objects) {
    const extra = object.additionalProperties;
    if (
      object.additionalPropertiesImplicit === true ||
      (extra !== false && extra.kind === 'unknown')
    )
      continue;
    const listed = new Set(object.properties.map((p) => p.name));
    for (const prop of byName.values()) {
      if (prop.type.kind === 'never' || listed.has(prop.name)) continue;
      if (matchingPatterns(object, prop.name).length > 0) continue;
      if (extra !== false) {
        prop.type = mergeTypes(ctx, prop.type, extra, path, prop.name);
        continue;
      }
      // Almost surely a plan mistake (a closed base "extended" by another part): say so.
      const name = JSON.stringify(prop.name);
      report(
        ctx,
        'allof-conflict',
        path,
        prop.required
          ? `property ${name} is required, but a part with \`additionalProperties: false\` does not list it`
          : `property ${name} can never be present: a part with \`additionalProperties: false\` does not list it`,
      );
      prop.type = neverNode(prop.pointer);
    }
  }
  const node: IrObject = {
    kind: 'object',
    properties: [...byName.values()],
    additionalProperties: false,
    patternProperties,
    pointer,
  };
  // Any closed part closes the whole; otherwise the first explicit `additionalProperties` schema wins.
  const explicit = objects.filter((o) => o.additionalPropertiesImplicit !== true);
  const closed = explicit.find((o) => o.additionalProperties === false);
  if (!closed) {
    const source = explicit[0] ?? (objects[0] as IrObject);
    node.additionalProperties = source.additionalProperties;
    if (explicit.length === 0) node.additionalPropertiesImplicit = true;
  }
  const mins = objects.map((o) => o.minProperties).filter((n): n is number => n !== undefined);
  const maxs = objects.map((o) => o.maxProperties).filter((n): n is number => n !== undefined);
  if (mins.length > 0) node.minProperties = Math.max(...mins);
  if (maxs.length > 0) node.maxProperties = Math.min(...maxs);
  const names = objects.map((o) => o.propertyNames).filter((n): n is IrNode => n !== undefined);
  if (names.length > 0) node.propertyNames = mergeAll(ctx, names, path, pointer);
  return node;
}

/** Merges the types one property has in two `allOf` parts. */
function mergeTypes(ctx: WalkContext, a: IrNode, b: IrNode, path: string, name: string): IrNode {
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  if (a.kind === 'never') return a;
  if (b.kind === 'never') return b;
  if (a === b || (a.kind === 'ref' && b.kind === 'ref' && a.target === b.target)) return a;
  // Only inline objects merge here; looking through refs could expand a shared definition
  // exponentially (D2 = {a: D1, b: D1}, …), so two different refs stay an intersection.
  if (a.kind === 'object' && b.kind === 'object') return mergeObjects(ctx, [a, b], path, a.pointer);
  const scalar = mergeScalars(a, b);
  if (scalar) return scalar;
  if (isScalarLike(a) && isScalarLike(b)) {
    report(
      ctx,
      'allof-conflict',
      path,
      `property ${JSON.stringify(name)}: ${describe(a)} and ${describe(b)}`,
    );
    return neverNode(a.pointer);
  }
  const node: IrIntersection = { kind: 'intersection', members: [a, b], pointer: a.pointer };
  return node;
}

/**
 * Merges two scalar or literal nodes when one is a refinement of the other; `undefined` when they
 * are not both scalar-like or contradict each other (callers decide what that means).
 */
function mergeScalars(a: IrNode, b: IrNode): IrNode | undefined {
  if (a.kind === 'literal' && b.kind === 'literal')
    return Object.is(a.value, b.value) || a.value === b.value ? a : undefined;
  if (a.kind === 'literal') return literalFits(a.value, b.kind) ? a : undefined;
  if (b.kind === 'literal') return literalFits(b.value, a.kind) ? b : undefined;
  if (!SCALARS.has(a.kind) || !SCALARS.has(b.kind)) return undefined;
  if (a.kind === b.kind) return { ...b, ...a } as IrNode;
  // `integer` refines `number`.
  if (a.kind === 'integer' && b.kind === 'number') return { ...b, ...a } as IrNode;
  if (a.kind === 'number' && b.kind === 'integer') return { ...a, ...b } as IrNode;
  return undefined;
}

/** True when a literal value belongs to a scalar kind. */
function literalFits(value: string | number | boolean | null, kind: string): boolean {
  switch (kind) {
    case 'string':
    case 'boolean':
    case 'number':
      return typeof value === kind;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return false;
  }
}

/** True for scalars and literals, whose contradictions are certain. */
function isScalarLike(node: IrNode): boolean {
  return node.kind === 'literal' || SCALARS.has(node.kind);
}

/** Short text for a conflict message: `"card"`, `string`. */
function describe(node: IrNode): string {
  return node.kind === 'literal' ? JSON.stringify(node.value) : node.kind;
}
