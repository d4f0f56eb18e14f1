/**
 * `type: "array"`: `items` (one schema, or a tuple), `prefixItems` (2020-12 tuples), `additionalItems`,
 * `contains`, `minItems`/`maxItems`, `uniqueItems`.
 */
import { joinPointer } from '../diagnostics/pointer.js';
import type { Json } from '../plan/types.js';
import {
  has,
  own,
  report,
  show,
  unknownNode,
  type JsonObject,
  type WalkContext,
} from './context.js';
import { readBoolean, readNumber } from './scalars.js';
import { isSchema } from './union.js';
import type { IrArray, IrNode, IrTuple } from './types.js';

/** Normalizes an array schema into an `array` or `tuple` node. */
export function arrayNode(
  ctx: WalkContext,
  schema: JsonObject,
  path: string,
  pointer: string,
  depth: number,
): IrArray | IrTuple {
  const items = own(schema, 'items');
  const prefixItems = own(schema, 'prefixItems');
  const minItems = readNumber(ctx, schema, 'minItems', path, 'count');
  const maxItems = readNumber(ctx, schema, 'maxItems', path, 'count');
  const uniqueItems = readBoolean(ctx, schema, 'uniqueItems', path);

  let tupleItems: { list: Json[]; keyword: string; restKeyword: string } | undefined;
  if (Array.isArray(prefixItems))
    tupleItems = { list: prefixItems, keyword: 'prefixItems', restKeyword: 'items' };
  else if (Array.isArray(items))
    tupleItems = { list: items, keyword: 'items', restKeyword: 'additionalItems' };
  else if (has(schema, 'prefixItems'))
    invalid(ctx, path, 'prefixItems', 'an array of schemas', prefixItems);

  if (tupleItems) {
    const { list, keyword, restKeyword } = tupleItems;
    const members = list.map((item, i) => ctx.walk(item, joinPointer(path, keyword, i), depth + 1));
    const tuple: IrTuple = {
      kind: 'tuple',
      items: members,
      minItems: minItems ?? 0,
      rest: restNode(ctx, schema, restKeyword, path, pointer, depth),
      pointer,
    };
    if (maxItems !== undefined) tuple.maxItems = maxItems;
    if (uniqueItems !== undefined) tuple.uniqueItems = uniqueItems;
    return tuple;
  }

  let itemNode: IrNode = unknownNode(pointer);
  if (has(schema, 'items')) {
    if (isSchema(items)) itemNode = ctx.walk(items, joinPointer(path, 'items'), depth + 1);
    else invalid(ctx, path, 'items', 'a schema or an array of schemas', items);
  }
  const node: IrArray = { kind: 'array', items: itemNode, pointer };
  if (minItems !== undefined) node.minItems = minItems;
  if (maxItems !== undefined) node.maxItems = maxItems;
  if (uniqueItems !== undefined) node.uniqueItems = uniqueItems;
  if (has(schema, 'contains'))
    node.contains = ctx.walk(own(schema, 'contains'), joinPointer(path, 'contains'), depth + 1);
  return node;
}

/** Items after a tuple: `false` when none are allowed, else their type (absent → unknown). */
function restNode(
  ctx: WalkContext,
  schema: JsonObject,
  keyword: string,
  path: string,
  pointer: string,
  depth: number,
): false | IrNode {
  if (!has(schema, keyword)) return unknownNode(pointer);
  const value = own(schema, keyword);
  if (value === false) return false;
  if (isSchema(value)) return ctx.walk(value, joinPointer(path, keyword), depth + 1);
  invalid(ctx, path, keyword, 'a schema', value);
  return unknownNode(pointer);
}

/** Reports a keyword holding the wrong kind of value. */
function invalid(
  ctx: WalkContext,
  path: string,
  keyword: string,
  want: string,
  got: Json | undefined,
): void {
  report(
    ctx,
    'invalid-keyword-value',
    joinPointer(path, keyword),
    `\`${keyword}\` must be ${want}, got ${show(got)}`,
  );
}
