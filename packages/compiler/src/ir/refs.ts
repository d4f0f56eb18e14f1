/**
 * Local `$ref`: `#`, `#/definitions/A`, `#/$defs/A`, `#/properties/x` — any JSON pointer into the
 * rule's own schema, with `~0`/`~1` escapes and percent-encoding. Each target is normalized once
 * into {@link IrRule.definitions}; references become `ref` nodes, so recursion terminates.
 * Remote references are errors: builds are offline.
 */
import { joinPointer, parsePointer } from '../diagnostics/pointer.js';
import type { Json } from '../plan/types.js';
import {
  filePointer,
  has,
  isObject,
  report,
  show,
  unknownNode,
  type JsonObject,
  type WalkContext,
} from './context.js';
import type { IrDefinition, IrNode, IrObject, IrRef } from './types.js';

/** Annotations kept on a `ref` node; any other keyword beside `$ref` is ignored (draft-07). */
const REF_ANNOTATIONS = new Set([
  '$ref',
  'description',
  'title',
  '$comment',
  'examples',
  'default',
  'deprecated',
  '$schema',
  '$id',
  'id',
]);

/** The part of the rule's schema that Typewriter 8/9 hoisted to the file's rule root. */
const HOISTED_TOKENS = ['properties', 'properties'];

/** Normalizes a schema holding a string `$ref` into a `ref` node (or `unknown` with an error). */
export function refNode(
  ctx: WalkContext,
  schema: JsonObject,
  ref: string,
  path: string,
  depth: number,
): IrNode {
  const pointer = filePointer(ctx, path);
  const ignored = Object.keys(schema).filter((k) => !REF_ANNOTATIONS.has(k));
  if (ignored.length > 0)
    report(ctx, 'ref-siblings-ignored', path, ignored.map((k) => '`' + k + '`').join(', '));

  const refPath = joinPointer(path, '$ref');
  if (!ref.startsWith('#')) {
    report(ctx, 'remote-ref', refPath, show(ref));
    return unknownNode(pointer);
  }
  const tokens = decodeFragment(ref.slice(1));
  const found = tokens && resolveTarget(ctx, tokens);
  if (!found) {
    report(ctx, 'unresolved-ref', refPath, show(ref));
    return unknownNode(pointer);
  }
  const target = joinPointer('', ...found.tokens);
  ensureDefinition(ctx, target, found.value, found.tokens, depth);
  const node: IrRef = { kind: 'ref', target, pointer };
  return node;
}

/** Percent-decodes a URI fragment and splits it as a JSON pointer; `undefined` when malformed (`#foo`). */
export function decodeFragment(fragment: string): string[] | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
  return parsePointer(decoded);
}

/** Looks `tokens` up in the rule's schema (and, for hoisted plans, inside the hoisted part). */
function resolveTarget(
  ctx: WalkContext,
  tokens: string[],
): { tokens: string[]; value: Json } | undefined {
  const value = lookup(ctx.root, tokens);
  if (value !== undefined) return { tokens, value };
  // A hoisted rule's refs were written against the hoisted root, now nested under `/properties/properties`.
  if (ctx.source.hoisted === true) {
    const nested = [...HOISTED_TOKENS, ...tokens];
    const hoistedValue = lookup(ctx.root, nested);
    if (hoistedValue !== undefined) return { tokens: nested, value: hoistedValue };
  }
  return undefined;
}

/** Follows unescaped pointer tokens through own properties and array indexes. */
export function lookup(root: Json, tokens: readonly string[]): Json | undefined {
  let current: Json | undefined = root;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (isObject(current) && has(current, token)) {
      current = current[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * Normalizes a target once. Meeting a target that is still being normalized means a cycle: every
 * definition on the cycle is marked `recursive`.
 */
function ensureDefinition(
  ctx: WalkContext,
  target: string,
  value: Json,
  tokens: string[],
  depth: number,
): void {
  const existing = ctx.definitions.get(target);
  if (existing) {
    const at = ctx.inProgress.indexOf(target);
    if (at >= 0) {
      for (const t of ctx.inProgress.slice(at)) {
        const definition = ctx.definitions.get(t);
        if (definition) definition.recursive = true;
      }
    }
    return;
  }
  const definition: IrDefinition = {
    target,
    nameHint: tokens.length > 0 ? (tokens[tokens.length - 1] as string) : 'Root',
    node: unknownNode(filePointer(ctx, target)),
    recursive: false,
  };
  ctx.definitions.set(target, definition);
  ctx.inProgress.push(target);
  definition.node = ctx.walk(value, target, depth + 1);
  ctx.inProgress.pop();
}

/**
 * The object a node stands for, looking through non-recursive `ref`s, for merging `allOf` parts
 * and finding discriminators. `undefined` when it is not a plain object.
 */
export function derefObject(ctx: WalkContext, node: IrNode): IrObject | undefined {
  let current: IrNode | undefined = node;
  // Ref chains are bounded by the number of definitions; the counter guards against a cycle of refs.
  for (let hops = 0; current && hops <= ctx.definitions.size; hops++) {
    if (current.kind === 'object') return current;
    if (current.kind !== 'ref') return undefined;
    const definition = ctx.definitions.get(current.target);
    if (!definition || definition.recursive) return undefined;
    current = definition.node;
  }
  return undefined;
}
