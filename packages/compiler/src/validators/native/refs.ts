/**
 * Local `$ref`s (`#`, `#/definitions/X`, percent-encoded JSON pointers) resolved inside the prepared
 * rule schema. Each target becomes one named function, shared by every `$ref` to it, so recursive
 * schemas work. Anything else (a URI, an `$id`-based or anchor ref) is declined: the Ajv fallback
 * resolves those (or reports them).
 */
import type { Json } from '../../plan/types.js';
import { escapePointerToken, parsePointer } from '../../diagnostics/pointer.js';
import { Decline, type Builder } from './builder.js';
import { checkShapes } from './shape.js';

/** The target of `ref` as a normalized pointer and the schema there. */
export function resolveRef(root: Json, ref: string): { pointer: string; schema: Json } {
  if (!ref.startsWith('#')) throw new Decline(`non-local $ref ${ref}`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(ref.slice(1));
  } catch {
    throw new Decline(`malformed $ref ${ref}`);
  }
  const tokens = parsePointer(decoded);
  if (tokens === undefined) throw new Decline(`$ref is not a JSON pointer: ${ref}`);
  let node: Json | undefined = root;
  for (const token of tokens) {
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(token)) node = node[Number(token)];
    else if (
      typeof node === 'object' &&
      node !== null &&
      !Array.isArray(node) &&
      Object.hasOwn(node, token)
    )
      node = node[token];
    else throw new Decline(`unresolved $ref ${ref}`);
  }
  if (
    typeof node !== 'boolean' &&
    (typeof node !== 'object' || node === null || Array.isArray(node))
  )
    throw new Decline(`$ref ${ref} does not name a schema`);
  return { pointer: tokens.map((t) => '/' + escapePointerToken(t)).join(''), schema: node };
}

/** The name of the function validating `ref`'s target (generated on first use). */
export function refFunction(b: Builder, ref: string): string {
  const { pointer, schema } = resolveRef(b.root, ref);
  let name = b.refNames.get(pointer);
  if (name !== undefined) return name;
  // A target outside the places the up-front check walks (`$defs`, an unknown keyword) is checked here.
  checkShapes(schema, false);
  name = b.name('f');
  // Registered before its body is generated, so a recursive `$ref` calls it instead of looping.
  b.refNames.set(pointer, name);
  const body = b.sub(schema, { sp: pointer, d: 'd', path: [{ expr: 'p' }] });
  b.functions.push(`function ${name}(d, p, e) {\n${body}}\n`);
  return name;
}
