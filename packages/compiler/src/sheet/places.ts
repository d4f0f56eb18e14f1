/**
 * Where each part of an imported plan came from: JSON pointers into the plan (`/rules/3/jsonSchema/…`)
 * mapped to cells, so a diagnostic of `check` about a pointer names the cell to fix.
 */
import { joinPointer, parsePointer } from '../diagnostics/pointer.js';
import type { ColumnKey } from './columns.js';
import { cellAddress } from './model.js';

/** Cells of a rule or its root schema, by the rule field or keyword they hold; `*`: any other. */
export type NodePlaces = Record<string, string>;

/** A property's row: its tab, its 0-based row, and the tab's columns (shared by every row of a tab). */
export interface RowPlace {
  tab: string;
  row: number;
  columns: Partial<Record<ColumnKey, number>>;
}

/** Pointer (into the plan as a Public API file: `/rules/i/jsonSchema/…`) → where that node came from. */
export type SheetPlaces = Record<string, NodePlaces | RowPlace>;

/** The column of a property row that holds each keyword. */
const KEYWORD_COLUMN: Record<string, ColumnKey> = {
  type: 'type',
  format: 'type',
  description: 'description',
  enum: 'allowed',
  examples: 'examples',
  pattern: 'pattern',
  minLength: 'min',
  minimum: 'min',
  minItems: 'min',
  minProperties: 'min',
  maxLength: 'max',
  maximum: 'max',
  maxItems: 'max',
  maxProperties: 'max',
  properties: 'property',
  required: 'required',
};

function rowCell(place: RowPlace, keyword: string | undefined): string | undefined {
  const { columns } = place;
  const key = keyword === undefined ? undefined : KEYWORD_COLUMN[keyword];
  const col = (key !== undefined ? columns[key] : undefined) ?? columns.schema ?? columns.property;
  return col === undefined ? undefined : cellAddress(place.tab, place.row, col);
}

function isRowPlace(place: NodePlaces | RowPlace): place is RowPlace {
  return typeof (place as RowPlace).row === 'number';
}

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
    if (isRowPlace(node)) return rowCell(node, next);
    if (next !== undefined && Object.prototype.hasOwnProperty.call(node, next)) return node[next];
    return node['*'];
  }
  return undefined;
}
