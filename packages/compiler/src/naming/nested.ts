/**
 * Names for a rule's nested types: every `object` node below the payload root, and every `$ref`
 * definition. Names are the rule's `typePrefix` followed by the path in PascalCase:
 * property `products` → `Products`, array items → `Item`, tuple items → `Item1`, `Item2`, tuple rest →
 * `Rest`, map values → `Value`, `additionalProperties` → `Extra`, `patternProperties` → `Pattern1`, …,
 * union members → `Option1`, … (skipped when only one member is not `null`), intersection parts →
 * `Part1`, …, `contains` → `Contains`, a definition → its `nameHint`. A child's name starts from its
 * parent's final name, so `OrderCompletedProducts2` has `OrderCompletedProducts2Item`.
 */
import { assertNever, type IrNode, type IrRule } from '../ir/types.js';
import type { Scope } from './scope.js';
import { capIdentifier, pascalSegment, wordsOrFallback } from './words.js';

interface Visit {
  node: IrNode;
  /** Name this node would take (objects), or the prefix for its children (everything else). */
  path: string;
  /** The payload root or a definition root: named elsewhere, never here. */
  root: boolean;
  /** Set on a definition's root: the `$ref` target it is named for. */
  definition?: string;
}

/** PascalCase segments by fallback and wire name: the same property names recur across thousands of rules. */
const SEGMENTS = new Map<string, string>();
const SEGMENTS_MAX = 100_000;

function segment(wire: string, fallback: string): string {
  const key = `${fallback}\0${wire}`;
  let known = SEGMENTS.get(key);
  if (known === undefined) {
    known = pascalSegment(wordsOrFallback(wire, fallback));
    if (SEGMENTS.size < SEGMENTS_MAX) SEGMENTS.set(key, known);
  }
  return known;
}

/** Nodes that neither take a name nor hold a node that does: not visited at all (most properties). */
function isLeaf(node: IrNode): boolean {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
    case 'unknown':
    case 'never':
    case 'literal':
    case 'ref':
      return true;
    default:
      return false;
  }
}

/** Children of one node, in schema order, with the path segment each one adds. */
function children(visit: Visit, own: string): Visit[] {
  const { node } = visit;
  const child = (n: IrNode, suffix: string, root = false): Visit => ({
    node: n,
    path: own + suffix,
    root,
  });
  switch (node.kind) {
    case 'object': {
      const out: Visit[] = [];
      for (const p of node.properties)
        if (!isLeaf(p.type)) out.push(child(p.type, segment(p.name, 'property')));
      if (node.additionalProperties !== false) out.push(child(node.additionalProperties, 'Extra'));
      node.patternProperties.forEach((p, i) => out.push(child(p.type, `Pattern${i + 1}`)));
      return out;
    }
    case 'array':
      return node.contains
        ? [child(node.items, 'Item'), child(node.contains, 'Contains')]
        : [child(node.items, 'Item')];
    case 'tuple': {
      const out = node.items.map((n, i) => child(n, `Item${i + 1}`));
      if (node.rest !== false) out.push(child(node.rest, 'Rest'));
      return out;
    }
    case 'map':
      return [child(node.values, 'Value')];
    case 'union': {
      const real = node.members.filter((m) => m.kind !== 'null');
      // `T | null` (nullable) names T as the union itself would be named: no `Option1`.
      if (real.length === 1) return [child(real[0]!, '', visit.root)];
      return node.members.map((m, i) => child(m, `Option${i + 1}`));
    }
    case 'intersection':
      return node.members.map((m, i) => child(m, `Part${i + 1}`));
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
    case 'unknown':
    case 'never':
    case 'literal':
    case 'ref':
      return [];
    default:
      return assertNever(node, 'IR kind');
  }
}

/**
 * Claims, in `types`, a name for every nested object and definition of `rule`, keyed by node pointer
 * (`definition:<target>` for definitions). Definitions first (sorted by target), then the payload,
 * depth-first in schema order. Iterative, so deep schemas cannot overflow the stack.
 */
export function nameNestedTypes(
  rule: IrRule,
  typePrefix: string,
  types: Scope,
): Record<string, string> {
  const names: Record<string, string> = {};
  const { payload, definitions } = rule.body();
  const stack: Visit[] = [{ node: payload, path: typePrefix, root: true }];
  const targets = Object.keys(definitions).sort();
  for (const target of targets.reverse()) {
    const def = definitions[target]!;
    stack.push({ node: def.node, path: typePrefix, root: true, definition: target });
  }
  // Definitions are popped first; their names are claimed when popped, so in sorted order.
  while (stack.length > 0) {
    const visit = stack.pop()!;
    let own = visit.path;
    if (visit.definition !== undefined) {
      const hint = definitions[visit.definition]!.nameHint;
      own = types.claim(capIdentifier(typePrefix + segment(hint, 'definition')));
      names[`definition:${visit.definition}`] = own;
    } else if (visit.node.kind === 'object' && !visit.root) {
      const pointer = visit.node.pointer;
      // Two nodes sharing a pointer (a merged `allOf`) are one type: keep the first name.
      own = names[pointer] ?? types.claim(capIdentifier(visit.path));
      names[pointer] ??= own;
    }
    const next = children(visit, own);
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return names;
}
