/**
 * A rule's event-level cells and its schema, both ways: the Message schema (or Platen's default) around
 * the properties schema, with Description and Labels on top, and the rule's timestamps.
 */
import type { Json, RuleType } from '../plan/types.js';
import {
  cloneJson,
  isJsonObject,
  jsonCell,
  jsonEqual,
  parseJson,
  readText,
  textCell,
} from './cells.js';
import type { ColumnKey } from './columns.js';
import { defaultEnvelope, getAt, PAYLOAD_BASE, payloadPath, putAt } from './envelope.js';
import type { CellValue } from './model.js';
import type { CellReport } from './node.js';
import { labelsCell, parseLabels } from './values.js';

/** The event-level cells of one rule. */
export type EventCells = Partial<Record<ColumnKey, CellValue>>;

/** The rule fields the event-level cells give (type, key and version come from the row walk). */
export interface RuleBody {
  jsonSchema: Json;
  createdAt?: string;
  updatedAt?: string;
  deprecatedAt?: string | null;
}

const STAMPS = [
  ['created', 'createdAt'],
  ['updated', 'updatedAt'],
  ['deprecated', 'deprecatedAt'],
] as const;

/** Reads a timestamp cell: text, or `null` for the bare word null (a quoted "null" is the text). */
function readStamp(value: CellValue | undefined): string | null | undefined {
  if (value === 'null') return null;
  return readText(value);
}

/** A timestamp cell: the text, or the bare word null. */
export function stampCell(value: string | null): string {
  return value === null ? 'null' : value === 'null' ? jsonCell(value) : textCell(value);
}

/**
 * Builds a rule's schema and timestamps from its event-level cells and its properties schema
 * (`undefined` when no row gives properties or payload keywords).
 */
export function assembleRule(
  type: RuleType,
  cells: EventCells,
  payload: Json | undefined,
  report: CellReport,
): RuleBody {
  const messageText = readText(cells.message);
  const path = payloadPath(type);
  let root: Json;
  if (messageText !== undefined) {
    const parsed = parseJson(messageText);
    if (!parsed || !(isJsonObject(parsed.value) || typeof parsed.value === 'boolean')) {
      report('message', 'sheet-bad-json', 'the Message schema cell must hold a JSON object');
      root = defaultEnvelope(type, payload ?? { ...PAYLOAD_BASE });
    } else {
      root = parsed.value;
      if (payload !== undefined && (path.length === 0 || !putAt(root, path, payload)))
        report(
          'message',
          'sheet-conflict',
          'the Message schema holds the properties schema, and rows give properties too',
        );
    }
  } else root = defaultEnvelope(type, payload ?? { ...PAYLOAD_BASE });
  const description = readText(cells.eventDescription);
  const labelsText = readText(cells.labels);
  for (const [column, key, value] of [
    ['eventDescription', 'description', description],
    ['labels', 'labels', labelsText === undefined ? undefined : parseLabels(labelsText)],
  ] as const) {
    if (value === undefined) continue;
    if (
      typeof value === 'object' &&
      value !== null &&
      'error' in value &&
      typeof value.error === 'string'
    ) {
      report(column, 'sheet-bad-cell', value.error);
    } else if (!isJsonObject(root) || Object.prototype.hasOwnProperty.call(root, key)) {
      report(column, 'sheet-conflict', `the rule's "${key}" is given here and in its schema too`);
    } else root[key] = value as Json;
  }
  const body: RuleBody = { jsonSchema: root };
  for (const [column, field] of STAMPS) {
    const stamp = readStamp(cells[column]);
    if (stamp === undefined) continue;
    if (field === 'deprecatedAt') body.deprecatedAt = stamp;
    else if (stamp === null) report(column, 'sheet-bad-cell', `${field} cannot be null`);
    else body[field] = stamp;
  }
  return body;
}

/** What the writer puts for a rule: its event-level cells, and the properties schema it writes as rows. */
export interface RuleSplit {
  cells: EventCells;
  /** The properties schema to write as rows (the payload), when it is written as rows. */
  payload?: Json;
}

/**
 * Splits a rule's schema into event-level cells and the properties schema written as rows: Description
 * and Labels into their cells, the Message schema only when it is not the default.
 * {@link verbatimRule} is the fallback when that does not read back the same.
 */
export function splitRule(type: RuleType, body: RuleBody): RuleSplit {
  const cells: EventCells = stampCells(body);
  const root = body.jsonSchema;
  if (!isJsonObject(root)) return verbatimRule(body);
  const rest = cloneJson(root);
  if (typeof rest.description === 'string') {
    cells.eventDescription = textCell(rest.description);
    delete rest.description;
  }
  if (rest.labels !== undefined && isJsonObject(rest.labels)) {
    cells.labels = textCell(labelsCell(rest.labels));
    delete rest.labels;
  }
  const path = payloadPath(type);
  if (path.length === 0) return { cells, payload: rest };
  const payload = getAt(rest, path);
  if (payload === undefined) {
    cells.message = jsonCell(rest);
    return { cells };
  }
  const parent = getAt(rest, path.slice(0, -1)) as { [k: string]: Json };
  delete parent[path[path.length - 1]!];
  const def = defaultEnvelope(type, {});
  const defParent = getAt(def, path.slice(0, -1)) as { [k: string]: Json };
  delete defParent[path[path.length - 1]!];
  if (!jsonEqual(def, rest)) cells.message = jsonCell(rest);
  return { cells, payload };
}

/** The verbatim form of a rule: its whole schema in the Message schema cell, no property rows. */
export function verbatimRule(body: RuleBody): RuleSplit {
  return { cells: { ...stampCells(body), message: jsonCell(body.jsonSchema) } };
}

function stampCells(body: RuleBody): EventCells {
  const cells: EventCells = {};
  for (const [column, field] of STAMPS) {
    const value = body[field];
    if (value !== undefined) cells[column] = stampCell(value);
  }
  return cells;
}
