/**
 * Where each part of an imported plan came from: JSON pointers into the plan (`/rules/3/jsonSchema/…`)
 * mapped to cells, so a diagnostic of `check` about a pointer names the cell to fix.
 */
import { joinPointer, parsePointer } from '../diagnostics/pointer.js';

/** Cells of one schema node or rule, by the JSON Schema keyword (or rule field) they hold; `*`: any other. */
export type NodePlaces = Record<string, string>;

/** Pointer (into the plan as a Public API file: `/rules/i/jsonSchema/…`) → the cells of that node. */
export type SheetPlaces = Record<string, NodePlaces>;

/**
 * The cell a pointer names: the deepest recorded node on the pointer's path, then the cell of the
 * keyword that follows it (`type` → the Type cell), else that node's catch-all cell.
 */
export function cellOfPointer(places: SheetPlaces, pointer: string): string | undefined {
  const tokens = parsePointer(pointer);
  if (!tokens) return undefined;
  for (let n = tokens.length; n >= 0; n--) {
    const at = joinPointer('', ...tokens.slice(0, n));
    const node = Object.prototype.hasOwnProperty.call(places, at) ? places[at] : undefined;
    if (!node) continue;
    const next = tokens[n];
    if (next !== undefined && Object.prototype.hasOwnProperty.call(node, next)) return node[next];
    return node['*'];
  }
  return undefined;
}
