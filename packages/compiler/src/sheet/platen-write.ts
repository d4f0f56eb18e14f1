/**
 * Writes a plan as the Platen template. Every rule is checked by reading its rows back: a property
 * the columns do not give back exactly goes whole into its JSON Schema cell, and a rule that still
 * does not read back goes whole into its Message schema cell. So plan → sheet → plan loses nothing.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import { RULE_TYPES, type Json, type Plan, type Rule } from '../plan/types.js';
import { jsonCell, jsonEqual, textCell } from './cells.js';
import { sheetDiagnostic } from './codes.js';
import {
  INSTRUCTIONS_TAB,
  PLATEN_COLUMNS,
  PLATEN_TABS,
  type ColumnKey,
  type ColumnSpec,
} from './columns.js';
import { PAYLOAD_BASE } from './envelope.js';
import {
  cellAddress,
  type CellValue,
  type ColumnHint,
  type SheetTab,
  type Workbook,
} from './model.js';
import { assembleNode, decomposeNode, verbatim, type NodeCells, type NodeChild } from './node.js';
import { PLAN_BLOCK_HEADER, PLAN_FIELDS, readPlatenSheet } from './platen-read.js';
import { splitRule, verbatimRule, type RuleBody } from './rule.js';
import { ITEMS, pathCell } from './values.js';

/** One row while it is written: cells by column. */
type RowCells = Partial<Record<ColumnKey, CellValue>>;

/** Excel keeps at most this many characters in a cell. */
export const EXCEL_CELL_LIMIT = 32_767;

/** Instructions tab text, one line per row, below the plan block. */
export const INSTRUCTIONS = [
  'How to fill this workbook',
  'One tab per call type: Track (events), Identify (user traits), Group (group traits), Page, Screen, and Common (fields of every message).',
  "One row per property. Event cells (Event, Description, Version, Labels, Deprecated) sit on an event's first row; blank cells below belong to the same event.",
  'Nested properties: dotted paths (address.city). Array items: .$ (items.$.sku is the sku of each item of items).',
  'Type: string, integer, number, boolean, object, array, null, any; date-time, date, email, uri and uuid are strings of that format. Nullable: yes (or "string | null").',
  'Allowed values: one per line, or a JSON array (["a", 1, null]) when a value holds a newline or is not a string.',
  'Min / Max: the value of a number, the length of a string, the item count of an array.',
  'JSON Schema: a JSON object of keywords the other columns cannot say (oneOf, $ref, additionalProperties, …); on a row without a Property it applies to the event.',
  'A cell written as "…" (a JSON string) is read as the text inside: that is how empty names and characters a spreadsheet cannot hold are kept.',
  'Check it: platen check --plan this.xlsx. Convert it: platen sheet import --sheet this.xlsx --out plan.json.',
];

/** The key cell of a rule: blank after another key-less rule (or first), `null` otherwise. */
function keyCell(key: string | null, previous: string | null | undefined): CellValue {
  if (key === null) return previous === undefined || previous === null ? null : 'null';
  return key === 'null' ? jsonCell(key) : textCell(key);
}

/** The rows of one property (and of its children below it), each row checked to read back exactly. */
function propertyRows(path: string[], child: NodeChild, items: boolean, out: RowCells[]): void {
  let d = decomposeNode(child.schema);
  const failed = { value: false };
  const names = d.children?.map((c) => c.name) ?? [];
  if (names.includes(ITEMS)) d = verbatim(child.schema);
  else {
    const back = assembleNode(d.cells, d.children, d.items, () => (failed.value = true));
    if (failed.value || !jsonEqual(back, child.schema)) d = verbatim(child.schema);
  }
  const row: RowCells = { ...(d.cells as RowCells), property: textCell(pathCell(path)) };
  if (!items) row.required = child.required ? 'yes' : 'no';
  out.push(row);
  for (const c of d.children ?? []) propertyRows([...path, c.name], c, false, out);
  if (d.items !== undefined)
    propertyRows([...path, ITEMS], { name: ITEMS, schema: d.items, required: false }, true, out);
}

function bodyOf(rule: Rule): RuleBody {
  const body: RuleBody = { jsonSchema: rule.jsonSchema };
  if (rule.createdAt !== undefined) body.createdAt = rule.createdAt;
  if (rule.updatedAt !== undefined) body.updatedAt = rule.updatedAt;
  if (rule.deprecatedAt !== undefined) body.deprecatedAt = rule.deprecatedAt;
  return body;
}

/** The rows of one rule in the columns' form, or `undefined` when it needs the verbatim form. */
function ruleRows(rule: Rule): RowCells[] | undefined {
  const split = splitRule(rule.type, bodyOf(rule));
  const first: RowCells = { ...(split.cells as RowCells) };
  const rows: RowCells[] = [first];
  if (split.payload === undefined) return rows;
  const d = decomposeNode(split.payload, { ...PAYLOAD_BASE }, false);
  if (d.children?.some((c) => c.name === ITEMS)) return undefined;
  let extras = d.cells.schema;
  // With a Message schema, a payload with no rows of its own still needs a row to be put back.
  if (extras === undefined && d.children === undefined && split.cells.message !== undefined)
    extras = '{}';
  const props: RowCells[] = [];
  for (const c of d.children ?? []) propertyRows([c.name], c, false, props);
  if (extras !== undefined) {
    first.schema = extras;
    rows.push(...props);
  } else if (props.length > 0) {
    Object.assign(first, props[0]);
    rows.push(...props.slice(1));
  }
  return rows;
}

/** Columns written: every column, less the optional ones no row uses. */
function columnsFor(rows: RowCells[]): ColumnSpec[] {
  return PLATEN_COLUMNS.filter((c) => !c.optional || rows.some((r) => r[c.key] !== undefined));
}

function toCells(rows: RowCells[], columns: readonly ColumnSpec[]): CellValue[][] {
  return rows.map((r) => columns.map((c) => r[c.key] ?? null));
}

/** Reads rows back (one tab) and compares the rule: the check behind every written rule. */
function readsBack(rule: Rule, rows: RowCells[], tabName: string): boolean {
  const columns = columnsFor(rows);
  const tab: SheetTab = {
    name: tabName,
    rows: [columns.map((c) => c.header), ...toCells(rows, columns)],
  };
  const back = readPlatenSheet({ tabs: [tab] });
  const errors = back.diagnostics.some((d) => d.severity === 'error');
  const got = back.plan?.rules;
  if (errors || !got || got.length !== 1) return false;
  const a = got[0]!;
  return (
    a.key === rule.key &&
    a.version === rule.version &&
    jsonEqual(a as unknown as Json, { ...rule } as unknown as Json)
  );
}

/** Presentation hints of the template's columns: header notes, Type/Nullable/Required drop-downs, widths. */
export function columnHints(columns: readonly ColumnSpec[]): ColumnHint[] {
  return columns.map((c, index) => {
    const hint: ColumnHint = { index, note: c.note, width: c.width };
    if (c.choices) hint.choices = [...c.choices];
    return hint;
  });
}

/** The Instructions tab: the plan's fields, then the instructions. */
function instructionsTab(plan: Pick<Plan, (typeof PLAN_FIELDS)[number]>): SheetTab {
  const rows: CellValue[][] = [[...PLAN_BLOCK_HEADER]];
  for (const field of PLAN_FIELDS) {
    const value = plan[field];
    if (value !== undefined) rows.push([field, textCell(value)]);
  }
  rows.push([null, null]);
  for (const line of INSTRUCTIONS) rows.push([line, null]);
  return {
    name: INSTRUCTIONS_TAB,
    rows,
    frozenRows: 1,
    columns: [
      { index: 0, width: 40 },
      { index: 1, width: 60 },
    ],
  };
}

/** Writes a plan in the Platen template; warnings for cells longer than Excel keeps. */
export function writePlatenSheet(plan: Plan): { workbook: Workbook; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const perTab: { name: string; rows: RowCells[] }[] = [];
  for (const { name, type } of PLATEN_TABS) {
    const rows: RowCells[] = [];
    let previous: string | null | undefined;
    for (const rule of plan.rules) {
      if (rule.type !== type) continue;
      let own = ruleRows(rule);
      if (own === undefined || !readsBack(rule, withIdentity(own, rule, undefined), name))
        own = [{ ...(verbatimRule(bodyOf(rule)).cells as RowCells) }];
      rows.push(...withIdentity(own, rule, previous));
      previous = rule.key;
    }
    perTab.push({ name, rows });
  }
  for (const rule of plan.rules)
    if (!(RULE_TYPES as readonly string[]).includes(rule.type))
      diagnostics.push(
        sheetDiagnostic(
          'sheet-lossy-format',
          `A rule of type ${JSON.stringify(rule.type)} has no tab; it is left out.`,
        ),
      );
  const columns = columnsFor(perTab.flatMap((t) => t.rows));
  const tabs: SheetTab[] = perTab.map(({ name, rows }) => ({
    name,
    rows: [columns.map((c) => c.header), ...toCells(rows, columns)],
    frozenRows: 1,
    columns: columnHints(columns),
  }));
  tabs.push(instructionsTab(plan));
  for (const tab of tabs)
    tab.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (typeof cell === 'string' && cell.length > EXCEL_CELL_LIMIT)
          diagnostics.push(
            sheetDiagnostic(
              'sheet-long-cell',
              `This cell holds ${cell.length} characters; Excel keeps ${EXCEL_CELL_LIMIT} (Platen reads it whole).`,
              {
                cell: cellAddress(tab.name, r, c),
              },
            ),
          );
      }),
    );
  return { workbook: { tabs }, diagnostics };
}

/** Puts the rule's key and version on its first row. */
function withIdentity(
  rows: RowCells[],
  rule: Rule,
  previous: string | null | undefined,
): RowCells[] {
  const [first, ...rest] = rows;
  return [{ ...first, event: keyCell(rule.key, previous), version: rule.version }, ...rest];
}

/** The empty template: every tab with its header, notes and drop-downs, and the Instructions tab. */
export function templateWorkbook(): Workbook {
  const columns = PLATEN_COLUMNS.filter((c) => !c.optional);
  const tabs: SheetTab[] = PLATEN_TABS.map(({ name }) => ({
    name,
    rows: [columns.map((c) => c.header)],
    frozenRows: 1,
    columns: columnHints(columns),
  }));
  tabs.push(instructionsTab({ id: '', name: '', type: 'LIVE' }));
  return { tabs };
}

export type { NodeCells };
