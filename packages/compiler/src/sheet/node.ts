/**
 * One property's schema and the cells of its row, both ways. `assembleNode` is the reader's: cells and
 * already-built children → schema. `decomposeNode` is the writer's: schema → cells and children; the
 * writer checks every row with `assembleNode` and falls back to the JSON Schema cell, so nothing is lost.
 */
import type { Json } from '../plan/types.js';
import {
  isJsonObject,
  jsonCell,
  jsonEqual,
  parseJson,
  readText,
  readYesNo,
  readNumber,
  setOwn,
  textCell,
} from './cells.js';
import type { SheetCode } from './codes.js';
import type { ColumnKey } from './columns.js';
import type { CellValue } from './model.js';
import { mainType, parseType, parseValues, typeCells, valuesCell } from './values.js';

/** The property-level cells of one row. */
export type NodeCells = Partial<Record<ColumnKey, CellValue>>;

/** A child of an object node: its name, its schema, and whether its row says Required. */
export interface NodeChild {
  name: string;
  schema: Json;
  required: boolean;
}

/** Reports a problem in the cell of `column` on the row being read. */
export type CellReport = (column: ColumnKey, code: SheetCode, message: string) => void;

const MIN_KEYWORD: Record<string, string> = {
  string: 'minLength',
  integer: 'minimum',
  number: 'minimum',
  array: 'minItems',
  object: 'minProperties',
};
const MAX_KEYWORD: Record<string, string> = {
  string: 'maxLength',
  integer: 'maximum',
  number: 'maximum',
  array: 'maxItems',
  object: 'maxProperties',
};

/**
 * Builds a node's schema from its row's cells, its children (`properties`, in row order; `required`
 * from their Required cells) and its array items. `implicit`: a parent no row describes (`a` of
 * `a.b`), an object. The JSON Schema cell is merged last: its keys may not repeat a column's, except
 * `required` (it replaces the Required cells') and `properties` (merged, names may not repeat).
 */
export function assembleNode(
  cells: NodeCells,
  children: NodeChild[] | undefined,
  items: Json | undefined,
  report: CellReport,
  base: { [k: string]: Json } = {},
): Json {
  const schema: { [k: string]: Json } = { ...base };
  let main: string | undefined;
  const typeText = readText(cells.type);
  if (typeText !== undefined) {
    const parsed = parseType(typeText);
    if ('error' in parsed) report('type', 'sheet-unknown-type', parsed.error);
    else {
      if (parsed.type !== undefined) schema.type = parsed.type;
      if (parsed.format !== undefined) schema.format = parsed.format;
    }
  }
  const nullable = readYesNo(cells.nullable);
  if (nullable === undefined) report('nullable', 'sheet-bad-cell', 'Nullable must be yes or no');
  else if (nullable) {
    const t = schema.type;
    if (typeof t === 'string') schema.type = t === 'null' ? t : [t, 'null'];
    else if (Array.isArray(t)) {
      if (!t.includes('null')) schema.type = [...t, 'null'];
    } else report('nullable', 'sheet-bad-cell', 'Nullable needs a Type (any already takes null)');
  }
  main = mainType(schema.type);
  const description = readText(cells.description);
  if (description !== undefined) schema.description = description;
  const lists: [ColumnKey, string][] = [
    ['allowed', 'enum'],
    ['examples', 'examples'],
  ];
  for (const [column, keyword] of lists) {
    const text = readText(cells[column]);
    if (text === undefined) continue;
    const values = parseValues(text, main);
    if ('error' in values) report(column, 'sheet-bad-cell', values.error);
    else schema[keyword] = values;
  }
  const pattern = readText(cells.pattern);
  if (pattern !== undefined) schema.pattern = pattern;
  for (const [column, table] of [
    ['min', MIN_KEYWORD],
    ['max', MAX_KEYWORD],
  ] as const) {
    if (readText(cells[column]) === undefined) continue;
    const n = readNumber(cells[column]);
    const keyword = main === undefined ? undefined : table[main];
    if (n === undefined)
      report(column, 'sheet-bad-cell', `${String(cells[column])} is not a number`);
    else if (keyword === undefined)
      report(
        column,
        'sheet-bad-cell',
        'Min and Max need one Type: string, integer, number, array or object',
      );
    else schema[keyword] = n;
  }
  if (children !== undefined) {
    const properties: { [k: string]: Json } = {};
    for (const child of children) setOwn(properties, child.name, child.schema);
    schema.properties = properties;
    const required = children.filter((c) => c.required).map((c) => c.name);
    if (required.length > 0) schema.required = required;
  }
  if (items !== undefined) schema.items = items;
  const extraText = readText(cells.schema);
  if (extraText === undefined) return schema;
  const extra = parseJson(extraText);
  if (extra === undefined || !(typeof extra.value === 'boolean' || isJsonObject(extra.value))) {
    report(
      'schema',
      'sheet-bad-json',
      'the JSON Schema cell must hold a JSON object, true or false',
    );
    return schema;
  }
  if (typeof extra.value === 'boolean') {
    if (Object.keys(schema).length > Object.keys(base).length)
      report(
        'schema',
        'sheet-conflict',
        `the JSON Schema cell holds ${extra.value}, but other cells describe the schema too`,
      );
    return extra.value;
  }
  for (const key of Object.keys(extra.value)) {
    const value = extra.value[key]!;
    const has =
      Object.prototype.hasOwnProperty.call(schema, key) &&
      !Object.prototype.hasOwnProperty.call(base, key);
    if (!has || key === 'required') setOwn(schema, key, value);
    else if (key === 'properties' && isJsonObject(value) && isJsonObject(schema.properties)) {
      const merged = schema.properties;
      for (const name of Object.keys(value)) {
        if (Object.prototype.hasOwnProperty.call(merged, name))
          report(
            'schema',
            'sheet-conflict',
            `the property ${JSON.stringify(name)} has a row and is in the JSON Schema cell too`,
          );
        else setOwn(merged, name, value[name]!);
      }
    } else
      report(
        'schema',
        'sheet-conflict',
        `"${key}" is given by a column and by the JSON Schema cell`,
      );
  }
  return schema;
}

/** What the writer puts on a node's row, and the children it writes below it. */
export interface Decomposed {
  cells: NodeCells;
  children?: NodeChild[];
  items?: Json;
}

/** The verbatim form: the whole schema in the JSON Schema cell, every other cell blank. */
export function verbatim(schema: Json): Decomposed {
  return { cells: { schema: jsonCell(schema) } };
}

/**
 * Splits a schema into its row's cells and its children (the columns' form). It may not read back
 * the same: the writer checks it with {@link assembleNode} and falls back to {@link verbatim}.
 */
export function decomposeNode(
  schema: Json,
  base: { [k: string]: Json } = {},
  columns = true,
): Decomposed {
  if (!isJsonObject(schema)) return verbatim(schema);
  const rest: { [k: string]: Json } = {};
  // A key the base already holds with the same value is said by the base (the payload's `type`).
  for (const k of Object.keys(schema))
    if (!Object.prototype.hasOwnProperty.call(base, k) || !jsonEqual(base[k], schema[k]))
      setOwn(rest, k, schema[k]!);
  const cells: NodeCells = {};
  const out: Decomposed = { cells };
  if (columns) extractColumns(schema, rest, cells);
  const props = rest.properties;
  if (isJsonObject(props) && Object.keys(props).length > 0) {
    const required = rest.required;
    const names = Object.keys(props);
    const isRequired = (n: string) => Array.isArray(required) && required.includes(n);
    out.children = names.map((name) => ({
      name,
      schema: props[name]!,
      required: isRequired(name),
    }));
    delete rest.properties;
    const derived = names.filter(isRequired);
    // `required` goes to the Required cells when they give it back exactly (same names, same order).
    if (
      Array.isArray(required) &&
      required.length > 0 &&
      required.length === derived.length &&
      required.every((r, i) => r === derived[i])
    )
      delete rest.required;
  }
  const items = rest.items;
  if (columns && items !== undefined && !Array.isArray(items)) {
    out.items = items;
    delete rest.items;
  }
  if (Object.keys(rest).length > 0) cells.schema = jsonCell(rest);
  return out;
}

/** Moves what the columns can say from `rest` into `cells`: Type, Nullable, Description, lists, Pattern, Min, Max. */
function extractColumns(
  schema: { [k: string]: Json },
  rest: { [k: string]: Json },
  cells: NodeCells,
): void {
  const tc = typeCells(rest.type, rest.format);
  if (tc) {
    cells.type = tc.type;
    if (tc.nullable) cells.nullable = 'yes';
    delete rest.type;
    if (tc.consumesFormat) delete rest.format;
  }
  const main = mainType(schema.type);
  if (typeof rest.description === 'string') {
    cells.description = textCell(rest.description);
    delete rest.description;
  }
  for (const [column, keyword] of [
    ['allowed', 'enum'],
    ['examples', 'examples'],
  ] as const) {
    const v = rest[keyword];
    if (Array.isArray(v) && v.length > 0) {
      cells[column] = textCell(valuesCell(v, main));
      delete rest[keyword];
    }
  }
  if (typeof rest.pattern === 'string') {
    cells.pattern = textCell(rest.pattern);
    delete rest.pattern;
  }
  if (main === undefined) return;
  for (const [column, keyword] of [
    ['min', MIN_KEYWORD[main]],
    ['max', MAX_KEYWORD[main]],
  ] as const) {
    const v = keyword === undefined ? undefined : rest[keyword];
    if (typeof v === 'number' && keyword !== undefined) {
      cells[column] = v;
      delete rest[keyword];
    }
  }
}
