/**
 * The one depth limit every stage shares. `platen check` (plan validation) and the registry refuse a
 * rule whose schema nests deeper than {@link MAX_JSON_DEPTH} (derived from {@link MAX_DEPTH}), so every later walk over a rule's schema
 * (the IR, the meta-schema check, the validator preparation, pull's canonical plan file, hashing)
 * only ever sees schemas within it, and may recurse without overflowing the stack.
 */
import { escapePointerToken } from './diagnostics/pointer.js';

/**
 * The one depth limit: deepest schema nesting accepted, in schema levels (a subschema under
 * `properties`, `items`, `allOf`…, or reached through `$ref`). Deeper schemas get `schema-too-deep`.
 */
export const MAX_DEPTH = 128;

/**
 * {@link MAX_DEPTH} as JSON nesting: the deepest objects and arrays may nest in a rule's schema,
 * wherever they are (inside `const`, `enum`, `default` and `examples` too), the schema itself being
 * level 1. A schema level takes at most two JSON levels (a keyword, then a name or an index), so
 * every schema within MAX_DEPTH fits, with a margin for the message envelope
 * (`properties.properties`).
 */
export const MAX_JSON_DEPTH = 2 * MAX_DEPTH + 8;

/**
 * The escaped JSON pointer (inside `value`) of the first object or array nested deeper than `limit`,
 * `value` itself being depth 1; undefined when nothing is. Iterative, so any depth is safe to ask.
 */
export function tooDeepAt(value: unknown, limit: number = MAX_JSON_DEPTH): string | undefined {
  // Every rule of every check passes here: the common case walks without building pointers, and
  // only a schema found too deep is walked again to name the place.
  if (!exceeds(value, limit)) return undefined;
  const stack: [unknown, string, number][] = [[value, '', 1]];
  while (stack.length > 0) {
    const [node, pointer, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return pointer;
    const keys = Object.keys(node);
    // Pushed in reverse so the first too-deep place in document order is found first.
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = (node as Record<string, unknown>)[keys[i]!];
      if (typeof child === 'object' && child !== null)
        stack.push([child, `${pointer}/${escapePointerToken(keys[i]!)}`, depth + 1]);
    }
  }
  return undefined;
}

/** True when some object or array in `value` nests deeper than `limit`; iterative. */
function exceeds(value: unknown, limit: number): boolean {
  const nodes: unknown[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const key in node) {
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
