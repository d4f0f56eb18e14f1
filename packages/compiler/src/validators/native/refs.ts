/**
 * Local `$ref`s (`#`, `#/definitions/X`, percent-encoded JSON pointers) resolved inside the prepared
 * rule schema. Each target becomes one definition of the validator's data, shared by every `$ref`
 * to it, so recursive schemas work. Anything else (a URI, an `$id`-based or anchor ref) is
 * declined: the Ajv fallback resolves those (or reports them).
 */
import type { Json } from '../../plan/types.js';
import { escapePointerToken, parsePointer } from '../../diagnostics/pointer.js';
import { Decline } from './decline.js';

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
