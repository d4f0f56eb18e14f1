/**
 * Whether an event's payload argument may be left out: its type accepts `{}` (as TypeScript sees it).
 * Part of the IR (`IrRule.payloadOptional`), so an incremental build knows it without the body.
 */
import { assertNever, type IrDefinition, type IrNode } from './types.js';

/**
 * True when `{}` is assignable to the type printed for `node`: an object without required properties,
 * a map, `unknown`, a union with such a member, an intersection of such parts. Mirrors the generic
 * `track`'s `{} extends TrackEvents[E]`, so both entry points agree on when properties are optional.
 */
export function acceptsEmpty(
  node: IrNode,
  definitions: Readonly<Record<string, IrDefinition>>,
  visiting: Set<string> = new Set(),
): boolean {
  switch (node.kind) {
    case 'object':
      return node.properties.every((p) => !p.required);
    case 'map':
    case 'unknown':
      return true;
    case 'union':
      return node.members.some((m) => acceptsEmpty(m, definitions, visiting));
    case 'intersection':
      return node.members.every((m) => acceptsEmpty(m, definitions, visiting));
    case 'ref': {
      const definition = definitions[node.target];
      // An unknown target prints as `unknown` (accepts `{}`); a cycle back to itself proves nothing.
      if (definition === undefined) return true;
      if (visiting.has(node.target)) return false;
      visiting.add(node.target);
      const result = acceptsEmpty(definition.node, definitions, visiting);
      visiting.delete(node.target);
      return result;
    }
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
    case 'never':
    case 'literal':
    case 'array':
    case 'tuple':
      return false;
    default:
      return assertNever(node, 'IR kind');
  }
}
