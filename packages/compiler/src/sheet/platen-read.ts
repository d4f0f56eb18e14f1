/**
 * Reads the Platen template: tabs Track, Identify, Group, Page, Screen, Common (one row per property,
 * event-level cells on an event's first row, blank cells inheriting them), and the plan's own fields
 * from the Instructions tab. A CSV has one tab; a `Tab` column (or the `tab` option) says which.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import { joinPointer } from '../diagnostics/pointer.js';
import type { Json, Plan, Rule, RuleType } from '../plan/types.js';
import { readNumber, readText } from './cells.js';
import { sheetDiagnostic } from './codes.js';
import {
  COLUMN_ALIASES,
  INSTRUCTIONS_TAB,
  PLATEN_COLUMNS,
  PLATEN_TABS,
  TAB_COLUMN,
  type ColumnKey,
} from './columns.js';
import { PAYLOAD_BASE, payloadPath } from './envelope.js';
import { cellAddress, isBlank, type CellValue, type SheetTab, type Workbook } from './model.js';
import { assembleNode, type CellReport, type NodeCells, type NodeChild } from './node.js';
import type { NodePlaces, SheetPlaces } from './places.js';
import { assembleRule, type EventCells } from './rule.js';
import { ITEMS, parsePath } from './values.js';

/** What reading a sheet gives: the plan, every problem found, and where each part came from. */
export interface SheetRead {
  plan?: Plan;
  diagnostics: Diagnostic[];
  places: SheetPlaces;
}

/** Options of reading a sheet. */
export interface ReadOptions {
  /** The file name diagnostics give. */
  file?: string;
  /** The tab of a CSV's rows when it has no Tab column. @default "Track" */
  tab?: string;
}

/** One data row: its index in its tab (0-based) and its cells by column. */
export interface DataRow {
  index: number;
  cells: CellValue[];
}

/** A tab's rows of one rule type, with the header's columns. */
export interface Section {
  tab: string;
  type: RuleType;
  /** Where each column's value is in a row's cells. */
  columns: Partial<Record<ColumnKey, number>>;
  /** Where each column is in the file, for cell addresses, when not `columns` (a foreign layout). */
  shown?: Partial<Record<ColumnKey, number>>;
  rows: DataRow[];
}

/** Plan fields read from the Instructions tab. */
export const PLAN_FIELDS = [
  'id',
  'name',
  'type',
  'slug',
  'description',
  'createdAt',
  'updatedAt',
  'resourceSchemaId',
] as const;

/** The header of the Instructions tab's plan block. */
export const PLAN_BLOCK_HEADER = ['Plan field', 'Value'];

/** The rule type of a tab name (any case), or `undefined`. */
export function tabType(name: string): RuleType | undefined {
  const t = name.trim().toLowerCase();
  return PLATEN_TABS.find((p) => p.name.toLowerCase() === t)?.type;
}

/** Maps a header row to columns. Duplicate `Description`: left of Property is the event's. */
export function headerColumns(
  header: CellValue[],
  unknown: (index: number, text: string) => void,
  duplicate: (index: number, text: string) => void,
): { columns: Partial<Record<ColumnKey, number>>; tab?: number } {
  const columns: Partial<Record<ColumnKey, number>> = {};
  let tab: number | undefined;
  const texts = header.map((h) => (typeof h === 'string' ? h.trim().toLowerCase() : ''));
  const propertyAt = texts.findIndex((t) => t === 'property' || t === 'property name');
  texts.forEach((text, index) => {
    if (text === '') return;
    if (text === TAB_COLUMN.toLowerCase()) {
      tab = index;
      return;
    }
    let key: ColumnKey | undefined =
      PLATEN_COLUMNS.find((c) => c.header.toLowerCase() === text)?.key ?? COLUMN_ALIASES[text];
    if (key === 'eventDescription' || key === 'description')
      if (text === 'description')
        key = propertyAt >= 0 && index > propertyAt ? 'description' : 'eventDescription';
    if (key === undefined) unknown(index, String(header[index]));
    else if (columns[key] !== undefined) duplicate(index, String(header[index]));
    else columns[key] = index;
  });
  return tab === undefined ? { columns } : { columns, tab };
}

/** Reads a workbook in the Platen template into a plan. */
export function readPlatenSheet(workbook: Workbook, options: ReadOptions = {}): SheetRead {
  const file = options.file;
  const diagnostics: Diagnostic[] = [];
  const at = (tab: string, row: number, col: number) => cellAddress(tab, row, col);
  const sections: Section[] = [];
  let planTab: SheetTab | undefined;
  for (const tab of workbook.tabs) {
    if (tab.name.trim().toLowerCase() === INSTRUCTIONS_TAB.toLowerCase()) {
      planTab = tab;
      continue;
    }
    const csv = tab.name === '';
    const type = csv ? tabType(options.tab ?? 'Track') : tabType(tab.name);
    if (!csv && type === undefined) {
      diagnostics.push(
        sheetDiagnostic(
          'sheet-unknown-tab',
          `The tab ${JSON.stringify(tab.name)} is not one of ${PLATEN_TABS.map((t) => t.name).join(', ')}, ${INSTRUCTIONS_TAB}; it is skipped.`,
          { file, cell: at(tab.name, 0, 0) },
        ),
      );
      continue;
    }
    if (csv && type === undefined) {
      diagnostics.push(
        sheetDiagnostic(
          'sheet-unknown-tab',
          `--tab ${JSON.stringify(options.tab)} is not a tab of the template.`,
          {
            file,
          },
        ),
      );
      continue;
    }
    sections.push(...sectionsOf(tab, type!, file, diagnostics));
  }
  const read = readSections(sections, file);
  diagnostics.push(...read.diagnostics);
  const rules = read.rules;
  const places = read.places;
  const plan: Plan = {
    id: '',
    name: '',
    type: 'LIVE',
    ...(planTab ? readPlanFields(planTab, file, diagnostics) : {}),
    rules,
  };
  return { plan, diagnostics, places };
}

function sectionsOf(
  tab: SheetTab,
  type: RuleType,
  file: string | undefined,
  diagnostics: Diagnostic[],
): Section[] {
  const headerAt = tab.rows.findIndex((r) => r.some((c) => !isBlank(c)));
  if (headerAt < 0) return [];
  const { columns, tab: tabColumn } = headerColumns(
    tab.rows[headerAt]!,
    (index, text) =>
      diagnostics.push(
        sheetDiagnostic(
          'sheet-unknown-column',
          `The column ${JSON.stringify(text)} is not one Platen reads; it is ignored.`,
          {
            file,
            cell: cellAddress(tab.name, headerAt, index),
          },
        ),
      ),
    (index, text) =>
      diagnostics.push(
        sheetDiagnostic(
          'sheet-duplicate-column',
          `The column ${JSON.stringify(text)} appears twice.`,
          {
            file,
            cell: cellAddress(tab.name, headerAt, index),
          },
        ),
      ),
  );
  const rows = tab.rows
    .map((cells, index) => ({ index, cells }))
    .filter((r) => r.index > headerAt && r.cells.some((c) => !isBlank(c)));
  if (tabColumn === undefined) return [{ tab: tab.name, type, columns, rows }];
  // A Tab column: each row names its tab; a blank one keeps the tab of the row above.
  const byTab = new Map<RuleType, Section>();
  let current: RuleType | undefined = type;
  for (const row of rows) {
    const name = readText(row.cells[tabColumn]);
    if (name !== undefined) {
      current = tabType(name);
      if (current === undefined)
        diagnostics.push(
          sheetDiagnostic(
            'sheet-bad-cell',
            `${JSON.stringify(name)} is not a tab: use ${PLATEN_TABS.map((t) => t.name).join(', ')}.`,
            {
              file,
              cell: cellAddress(tab.name, row.index, tabColumn),
            },
          ),
        );
    }
    if (current === undefined) continue;
    let section = byTab.get(current);
    if (!section)
      byTab.set(current, (section = { tab: tab.name, type: current, columns, rows: [] }));
    section.rows.push(row);
  }
  return [...byTab.values()];
}

/** A property node while its tab is read: its row (none for an implicit parent), children, items. */
interface TreeNode {
  row?: DataRow;
  cells: NodeCells;
  required: boolean;
  children: Map<string, TreeNode>;
  items?: TreeNode;
}

interface RuleDraft {
  type: RuleType;
  key: string | null;
  version: number;
  firstRow: number;
  event: EventCells;
  eventRows: Partial<Record<ColumnKey, number>>;
  payloadRow?: number;
  payloadCells: NodeCells;
  root: TreeNode;
}

const newNode = (): TreeNode => ({ cells: {}, required: false, children: new Map() });

const EVENT_KEYS = PLATEN_COLUMNS.filter(
  (c) => c.eventLevel && c.key !== 'event' && c.key !== 'version',
).map((c) => c.key);
const PROPERTY_KEYS = PLATEN_COLUMNS.filter((c) => !c.eventLevel && c.key !== 'property').map(
  (c) => c.key,
);

/** Reads rules from sections of rows (the Platen template's, or a foreign layout turned into them). */
export function readSections(
  sections: readonly Section[],
  file: string | undefined,
): { rules: Rule[]; places: SheetPlaces; diagnostics: Diagnostic[] } {
  const rules: Rule[] = [];
  const places: SheetPlaces = {};
  const diagnostics: Diagnostic[] = [];
  for (const section of sections) readSection(section, file, rules, places, diagnostics);
  return { rules, places, diagnostics };
}

function readSection(
  section: Section,
  file: string | undefined,
  rules: Rule[],
  places: SheetPlaces,
  diagnostics: Diagnostic[],
): void {
  const { tab, columns } = section;
  const shown = section.shown ?? columns;
  const cellAt = (row: number, key: ColumnKey) => {
    const col = shown[key];
    return col === undefined ? undefined : cellAddress(tab, row, col);
  };
  const report = (row: number, key: ColumnKey, code: Parameters<CellReport>[1], message: string) =>
    diagnostics.push(
      sheetDiagnostic(code, message, { file, cell: cellAt(row, key) ?? cellAddress(tab, row, 0) }),
    );
  const get = (row: DataRow, key: ColumnKey): CellValue | undefined => {
    const col = columns[key];
    return col === undefined ? undefined : row.cells[col];
  };
  const drafts: RuleDraft[] = [];
  const byId = new Map<string, RuleDraft>();
  let current: RuleDraft | undefined;
  let key: string | null = null;
  let version = 1;
  for (const row of section.rows) {
    const eventCell = get(row, 'event');
    const versionCell = get(row, 'version');
    const keyChanged = !isBlank(eventCell ?? null);
    if (keyChanged) {
      const next = eventCell === 'null' ? null : readText(eventCell)!;
      if (next !== key || current === undefined) version = 1;
      key = next;
    }
    if (!isBlank(versionCell ?? null)) {
      const v = readNumber(versionCell);
      if (v === undefined || !Number.isInteger(v) || v < 1)
        report(
          row.index,
          'version',
          'sheet-bad-cell',
          `the Version ${JSON.stringify(versionCell)} is not an integer of at least 1`,
        );
      else version = v;
    }
    const id = JSON.stringify([key, version]);
    let draft = byId.get(id);
    if (!draft) {
      draft = {
        type: section.type,
        key,
        version,
        firstRow: row.index,
        event: {},
        eventRows: {},
        payloadCells: {},
        root: newNode(),
      };
      byId.set(id, draft);
      drafts.push(draft);
    }
    current = draft;
    for (const k of EVENT_KEYS) {
      const value = get(row, k);
      if (value === undefined || isBlank(value)) continue;
      if (draft.event[k] !== undefined && draft.event[k] !== value)
        report(
          row.index,
          k,
          'sheet-conflict',
          `this event already has another ${k === 'eventDescription' ? 'description' : k} (row ${draft.eventRows[k]! + 1})`,
        );
      else {
        draft.event[k] = value;
        draft.eventRows[k] = row.index;
      }
    }
    const propertyText = readText(get(row, 'property'));
    if (propertyText === undefined) {
      for (const k of PROPERTY_KEYS) {
        const value = get(row, k);
        if (value === undefined || isBlank(value)) continue;
        if (k === 'schema') {
          if (draft.payloadRow !== undefined)
            report(
              row.index,
              k,
              'sheet-conflict',
              `the event's JSON Schema is already given on row ${draft.payloadRow + 1}`,
            );
          else {
            draft.payloadRow = row.index;
            draft.payloadCells = { schema: value };
          }
        } else
          report(
            row.index,
            k,
            'sheet-orphan-cells',
            'this row has no Property: its property cells belong to none',
          );
      }
      continue;
    }
    const path = parsePath(propertyText);
    if ('error' in path) {
      report(row.index, 'property', 'sheet-bad-path', path.error);
      continue;
    }
    if (path[0] === ITEMS) {
      report(
        row.index,
        'property',
        'sheet-bad-path',
        'a Property path cannot start with $ (array items need an array)',
      );
      continue;
    }
    let node = draft.root;
    for (const segment of path) {
      if (segment === ITEMS) node = node.items ??= newNode();
      else {
        let child = node.children.get(segment);
        if (!child) node.children.set(segment, (child = newNode()));
        node = child;
      }
    }
    if (node.row !== undefined) {
      report(
        row.index,
        'property',
        'sheet-duplicate-property',
        `the property ${JSON.stringify(propertyText)} is already on row ${node.row.index + 1}`,
      );
      continue;
    }
    node.row = row;
    for (const k of PROPERTY_KEYS) {
      const value = get(row, k);
      if (value !== undefined) node.cells[k] = value;
    }
    const required = readRequired(get(row, 'required'));
    if (required === undefined)
      report(row.index, 'required', 'sheet-bad-cell', 'Required must be yes or no');
    else if (required && path[path.length - 1] === ITEMS)
      report(
        row.index,
        'required',
        'sheet-ignored-cell',
        'array items ($) are not required or optional; Required is ignored',
      );
    else node.required = required ?? false;
  }
  for (const draft of drafts) {
    const index = rules.length;
    const rulePtr = joinPointer('/rules', index);
    const schemaPtr = joinPointer(rulePtr, 'jsonSchema');
    const eventCell = cellAt(draft.firstRow, 'event') ?? cellAddress(tab, draft.firstRow, 0);
    places[rulePtr] = {
      '*': eventCell,
      key: eventCell,
      type: eventCell,
      version: cellAt(draft.firstRow, 'version') ?? eventCell,
    };
    const eventCellOf = (k: ColumnKey) =>
      draft.eventRows[k] === undefined ? undefined : cellAt(draft.eventRows[k]!, k);
    const rootPlaces: NodePlaces = { '*': eventCellOf('message') ?? eventCell };
    const d = eventCellOf('eventDescription');
    if (d) rootPlaces.description = d;
    const l = eventCellOf('labels');
    if (l) rootPlaces.labels = l;
    places[schemaPtr] = rootPlaces;
    const path = payloadPath(draft.type);
    const payloadPtr = joinPointer(schemaPtr, ...path);
    const hasPayload = draft.root.children.size > 0 || draft.payloadRow !== undefined;
    const payloadReport: CellReport = (k, code, message) =>
      report(draft.payloadRow ?? draft.firstRow, k, code, message);
    const payload = hasPayload
      ? buildNode(
          draft.root,
          draft.payloadCells,
          payloadPtr,
          places,
          section,
          payloadReport,
          report,
          { ...PAYLOAD_BASE },
        )
      : undefined;
    if (draft.payloadRow !== undefined) {
      const c = cellAt(draft.payloadRow, 'schema');
      if (c) places[payloadPtr] = { ...(path.length === 0 ? rootPlaces : {}), '*': c };
    }
    const eventReport: CellReport = (k, code, message) =>
      report(draft.eventRows[k] ?? draft.firstRow, k, code, message);
    const body = assembleRule(draft.type, draft.event, payload, eventReport);
    rules.push({ type: draft.type, key: draft.key, version: draft.version, ...body });
  }
}

function readRequired(value: CellValue | undefined): boolean | undefined {
  if (value === undefined || isBlank(value)) return false;
  if (typeof value === 'boolean') return value;
  const t = readText(value)!.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', 'required', 'x'].includes(t)) return true;
  if (['no', 'n', 'false', '0', 'optional'].includes(t)) return false;
  return undefined;
}

function buildNode(
  node: TreeNode,
  cells: NodeCells,
  pointer: string,
  places: SheetPlaces,
  section: Section,
  report: CellReport,
  rowReport: (
    row: number,
    key: ColumnKey,
    code: Parameters<CellReport>[1],
    message: string,
  ) => void,
  base?: { [k: string]: Json },
): Json {
  let children: NodeChild[] | undefined;
  if (node.children.size > 0) {
    children = [];
    for (const [name, child] of node.children) {
      const childPtr = joinPointer(pointer, 'properties', name);
      children.push({
        name,
        required: child.required,
        schema: buildChild(child, childPtr, places, section, rowReport),
      });
    }
  }
  const items =
    node.items && buildChild(node.items, joinPointer(pointer, 'items'), places, section, rowReport);
  const implicitBase =
    node.row === undefined && base === undefined
      ? { type: node.children.size > 0 ? 'object' : 'array' }
      : base;
  return assembleNode(cells, children, items, report, implicitBase);
}

function buildChild(
  node: TreeNode,
  pointer: string,
  places: SheetPlaces,
  section: Section,
  rowReport: (
    row: number,
    key: ColumnKey,
    code: Parameters<CellReport>[1],
    message: string,
  ) => void,
): Json {
  const row = node.row;
  if (row)
    places[pointer] = {
      tab: section.tab,
      row: row.index,
      columns: section.shown ?? section.columns,
    };
  const report: CellReport = (k, code, message) => rowReport(row?.index ?? 0, k, code, message);
  return buildNode(node, node.cells, pointer, places, section, report, rowReport);
}

function readPlanFields(
  tab: SheetTab,
  file: string | undefined,
  diagnostics: Diagnostic[],
): Partial<Plan> {
  const out: Partial<Record<(typeof PLAN_FIELDS)[number], string>> = {};
  const first = tab.rows[0];
  if (!first || readText(first[0])?.trim() !== PLAN_BLOCK_HEADER[0]) return out;
  for (let r = 1; r < tab.rows.length; r++) {
    const row = tab.rows[r]!;
    const field = readText(row[0])?.trim();
    if (field === undefined) break;
    if (!(PLAN_FIELDS as readonly string[]).includes(field)) {
      diagnostics.push(
        sheetDiagnostic(
          'sheet-bad-cell',
          `${JSON.stringify(field)} is not a plan field (${PLAN_FIELDS.join(', ')}).`,
          {
            file,
            cell: cellAddress(tab.name, r, 0),
          },
        ),
      );
      continue;
    }
    const value = readText(row[1]);
    if (value !== undefined) out[field as (typeof PLAN_FIELDS)[number]] = value;
  }
  return out;
}
