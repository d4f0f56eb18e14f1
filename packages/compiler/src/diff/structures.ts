/**
 * Structured changes: objects (properties, `required`, `additionalProperties`, `patternProperties`),
 * maps, arrays, tuples, and unions of them (members paired by discriminator, else by position).
 */
import type { IrArray, IrMap, IrNode, IrObject, IrTuple } from '../ir/types.js';
import { compareText } from '../order.js';
import { bound, compareConstraints, LOWER, UPPER, type Bounded } from './constraints.js';
import {
  addChange,
  compareNodes,
  stableShape,
  typeSummary,
  type NodeDiffContext,
} from './nodes.js';
import type { PathStep } from './types.js';

/** Objects and arrays, one or several (a `oneOf` of objects) on each side. */
export function compareStructured(
  ctx: NodeDiffContext,
  ma: IrNode[],
  mb: IrNode[],
  path: PathStep[],
  depth: number,
): void {
  if (ma.length === 1 && mb.length === 1) {
    compareOne(ctx, ma[0]!, mb[0]!, path, depth);
    return;
  }
  // Several members: pair them by discriminator value when both sides have one, else by position.
  const keyA = discriminated(ma);
  const keyB = discriminated(mb);
  const pairs: [IrNode | undefined, IrNode | undefined, number][] = [];
  if (keyA && keyB && keyA.name === keyB.name) {
    const byValue = new Map(keyA.values.map((v, i) => [v, ma[i]!]));
    const used = new Set<string>();
    keyB.values.forEach((v, i) => {
      pairs.push([byValue.get(v), mb[i], i]);
      used.add(v);
    });
    keyA.values.forEach((v, i) => {
      if (!used.has(v)) pairs.push([ma[i], undefined, i]);
    });
  } else {
    for (let i = 0; i < Math.max(ma.length, mb.length); i++) pairs.push([ma[i], mb[i], i]);
  }
  for (const [x, y, i] of pairs) {
    const at = [...path, { member: i }];
    if (x && y) compareOne(ctx, x, y, at, depth);
    else if (y)
      addChange(
        ctx,
        at,
        'union-member-added',
        'breaking-consumer',
        'union member added: one more shape is accepted',
        'oneOf',
      );
    else
      addChange(
        ctx,
        at,
        'union-member-removed',
        'breaking-sender',
        'union member removed: a shape is no longer accepted',
        'oneOf',
      );
  }
}

/** The discriminator of a list of object members: a required property with a distinct literal in each. */
function discriminated(members: IrNode[]): { name: string; values: string[] } | undefined {
  const objects = members.filter((m): m is IrObject => m.kind === 'object');
  if (objects.length !== members.length || objects.length < 2) return undefined;
  for (const candidate of objects[0]!.properties) {
    const values: string[] = [];
    for (const object of objects) {
      const prop = object.properties.find((p) => p.name === candidate.name);
      if (!prop || !prop.required || prop.type.kind !== 'literal') break;
      values.push(JSON.stringify(prop.type.value));
    }
    if (values.length === objects.length && new Set(values).size === values.length)
      return { name: candidate.name, values };
  }
  return undefined;
}

function compareOne(
  ctx: NodeDiffContext,
  a: IrNode,
  b: IrNode,
  path: PathStep[],
  depth: number,
): void {
  if (a.kind === 'object' && b.kind === 'object') return compareObjects(ctx, a, b, path, depth);
  if (a.kind === 'map' && b.kind === 'map') return compareMaps(ctx, a, b, path, depth);
  if (a.kind === 'array' && b.kind === 'array') return compareArrays(ctx, a, b, path, depth);
  if (a.kind === 'tuple' && b.kind === 'tuple') return compareTuples(ctx, a, b, path, depth);
  if (a.kind === 'object' && b.kind === 'map') {
    addChange(
      ctx,
      path,
      'shape-changed',
      'breaking-both',
      'an object with named properties became a map of any keys',
      'properties',
    );
    return;
  }
  if (a.kind === 'map' && b.kind === 'object') {
    addChange(
      ctx,
      path,
      'shape-changed',
      'breaking-both',
      'a map of any keys became an object with named properties',
      'properties',
    );
    return;
  }
  if (stableShape([a], ctx.from) !== stableShape([b], ctx.to))
    addChange(
      ctx,
      path,
      'shape-changed',
      'breaking-both',
      a.kind === 'array' ? 'a list became a tuple (fixed positions)' : 'a tuple became a list',
      'items',
    );
}

/** True when an object reports or rejects keys it does not list (explicit `false`, or nothing said). */
function closed(object: IrObject): boolean {
  return object.additionalProperties === false || object.additionalPropertiesImplicit === true;
}

function compareObjects(
  ctx: NodeDiffContext,
  a: IrObject,
  b: IrObject,
  path: PathStep[],
  depth: number,
): void {
  const byA = new Map(a.properties.map((p) => [p.name, p]));
  const byB = new Map(b.properties.map((p) => [p.name, p]));
  const names = [...new Set([...byA.keys(), ...byB.keys()])].sort(compareText);
  for (const name of names) {
    const x = byA.get(name);
    const y = byB.get(name);
    const at = [...path, { property: name }];
    if (x && y) {
      if (!x.required && y.required)
        addChange(
          ctx,
          at,
          'required-added',
          'breaking-sender',
          'now required (was optional)',
          'required',
        );
      if (x.required && !y.required)
        addChange(
          ctx,
          at,
          'required-removed',
          'breaking-consumer',
          'now optional (was required): it may be missing',
          'required',
        );
      compareNodes(ctx, x.type, y.type, at, depth + 1);
    } else if (y) {
      if (y.required)
        addChange(
          ctx,
          at,
          'property-added',
          'breaking-sender',
          `new required property (${typeSummary(y.type, ctx.to)})`,
          'properties',
        );
      else
        addChange(
          ctx,
          at,
          'property-added',
          'safe',
          `optional property added (${typeSummary(y.type, ctx.to)})`,
          'properties',
        );
    } else if (x) {
      if (closed(b))
        addChange(
          ctx,
          at,
          'property-removed',
          'breaking-both',
          'property removed from a closed object: senders still sending it are rejected, readers lose it',
          'properties',
        );
      else
        addChange(
          ctx,
          at,
          'property-removed',
          'breaking-consumer',
          'property removed: readers lose it',
          'properties',
        );
    }
  }
  compareExtras(ctx, a, b, path, depth);
  for (const keyword of LOWER)
    bound(ctx, path, keyword, (a as Bounded)[keyword], (b as Bounded)[keyword], 1);
  for (const keyword of UPPER)
    bound(ctx, path, keyword, (a as Bounded)[keyword], (b as Bounded)[keyword], -1);
  if (
    stableShape(a.propertyNames ? [a.propertyNames] : [], ctx.from) !==
    stableShape(b.propertyNames ? [b.propertyNames] : [], ctx.to)
  )
    addChange(
      ctx,
      path,
      'constraint-changed',
      'breaking-both',
      'propertyNames changed',
      'propertyNames',
    );
}

/** `additionalProperties` and `patternProperties`. */
function compareExtras(
  ctx: NodeDiffContext,
  a: IrObject,
  b: IrObject,
  path: PathStep[],
  depth: number,
): void {
  const openA = !closed(a);
  const openB = !closed(b);
  if (openA && !openB)
    addChange(
      ctx,
      path,
      'additional-properties-closed',
      'breaking-sender',
      'closed: keys the plan does not list are now rejected',
      'additionalProperties',
    );
  else if (!openA && openB)
    addChange(
      ctx,
      path,
      'additional-properties-opened',
      'breaking-consumer',
      'opened: keys the plan does not list are now accepted',
      'additionalProperties',
    );
  else if (
    !openA &&
    !openB &&
    (a.additionalProperties === false) !== (b.additionalProperties === false)
  )
    addChange(
      ctx,
      path,
      'additional-properties-explicit',
      'safe',
      b.additionalProperties === false
        ? '`additionalProperties: false` made explicit (unlisted keys were already reported)'
        : '`additionalProperties: false` left implicit (unlisted keys are still reported)',
      'additionalProperties',
    );
  else if (openA && openB && a.additionalProperties !== false && b.additionalProperties !== false)
    compareNodes(
      ctx,
      a.additionalProperties,
      b.additionalProperties,
      [...path, { values: true }],
      depth + 1,
    );
  const byA = new Map(a.patternProperties.map((p) => [p.pattern, p]));
  const byB = new Map(b.patternProperties.map((p) => [p.pattern, p]));
  const patterns = [...new Set([...byA.keys(), ...byB.keys()])].sort(compareText);
  for (const pattern of patterns) {
    const x = byA.get(pattern);
    const y = byB.get(pattern);
    const at = [...path, { pattern }];
    if (x && y) compareNodes(ctx, x.type, y.type, at, depth + 1);
    // On an open object a pattern constrains keys that were free; on a closed one it allows new keys.
    else if (y)
      openB
        ? addChange(
            ctx,
            at,
            'constraint-tightened',
            'breaking-sender',
            `patternProperties ${JSON.stringify(pattern)} added: matching keys are now checked`,
            'patternProperties',
          )
        : addChange(
            ctx,
            at,
            'constraint-loosened',
            'breaking-consumer',
            `patternProperties ${JSON.stringify(pattern)} added: matching keys are now accepted`,
            'patternProperties',
          );
    else
      openB
        ? addChange(
            ctx,
            at,
            'constraint-loosened',
            'breaking-consumer',
            `patternProperties ${JSON.stringify(pattern)} removed: matching keys are no longer checked`,
            'patternProperties',
          )
        : addChange(
            ctx,
            at,
            'constraint-tightened',
            'breaking-sender',
            `patternProperties ${JSON.stringify(pattern)} removed: matching keys are now rejected`,
            'patternProperties',
          );
  }
}

function compareMaps(
  ctx: NodeDiffContext,
  a: IrMap,
  b: IrMap,
  path: PathStep[],
  depth: number,
): void {
  compareNodes(ctx, a.values, b.values, [...path, { values: true }], depth + 1);
  if (stableShape(a.keys ? [a.keys] : [], ctx.from) !== stableShape(b.keys ? [b.keys] : [], ctx.to))
    addChange(
      ctx,
      path,
      'constraint-changed',
      'breaking-both',
      'the keys allowed (propertyNames) changed',
      'propertyNames',
    );
  bound(ctx, path, 'minProperties', a.minProperties, b.minProperties, 1);
  bound(ctx, path, 'maxProperties', a.maxProperties, b.maxProperties, -1);
}

function compareArrays(
  ctx: NodeDiffContext,
  a: IrArray,
  b: IrArray,
  path: PathStep[],
  depth: number,
): void {
  compareNodes(ctx, a.items, b.items, [...path, { items: true }], depth + 1);
  compareConstraints(ctx, a, b, path);
  if (
    stableShape(a.contains ? [a.contains] : [], ctx.from) !==
    stableShape(b.contains ? [b.contains] : [], ctx.to)
  )
    addChange(ctx, path, 'constraint-changed', 'breaking-both', '`contains` changed', 'contains');
}

function compareTuples(
  ctx: NodeDiffContext,
  a: IrTuple,
  b: IrTuple,
  path: PathStep[],
  depth: number,
): void {
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const x = a.items[i];
    const y = b.items[i];
    const at = [...path, { item: i }];
    if (x && y) compareNodes(ctx, x, y, at, depth + 1);
    else if (y)
      addChange(
        ctx,
        at,
        'property-added',
        i < b.minItems ? 'breaking-sender' : 'safe',
        i < b.minItems ? 'new required tuple item' : 'optional tuple item added',
        'items',
      );
    else addChange(ctx, at, 'property-removed', 'breaking-both', 'tuple item removed', 'items');
  }
  bound(ctx, path, 'minItems', a.minItems, b.minItems, 1);
  bound(ctx, path, 'maxItems', a.maxItems, b.maxItems, -1);
  if ((a.uniqueItems === true) !== (b.uniqueItems === true))
    compareConstraints(
      ctx,
      { kind: 'unknown', pointer: '', uniqueItems: a.uniqueItems } as IrNode,
      { kind: 'unknown', pointer: '', uniqueItems: b.uniqueItems } as IrNode,
      path,
    );
  if (a.rest === false && b.rest !== false)
    addChange(
      ctx,
      path,
      'constraint-loosened',
      'breaking-consumer',
      'items after the tuple are now accepted',
      'additionalItems',
    );
  else if (a.rest !== false && b.rest === false)
    addChange(
      ctx,
      path,
      'constraint-tightened',
      'breaking-sender',
      'items after the tuple are now rejected',
      'additionalItems',
    );
  else if (a.rest !== false && b.rest !== false)
    compareNodes(ctx, a.rest, b.rest, [...path, { items: true }], depth + 1);
}
