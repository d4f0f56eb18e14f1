/**
 * The sheet formats people already have, detected from their header row: Segment's Protocols CSV,
 * Amplitude Data's CSV and Avo's CSV template. Reading turns each row into a row of the Platen
 * template (so one reader builds every plan, and diagnostics name the original cells); writing keeps
 * what the format can hold and warns, listing what it cannot.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { Json, Plan, Rule, RuleType } from '../plan/types.js';
import { isJsonObject, jsonCell, parseJson, readText, readYesNo } from './cells.js';
import { sheetDiagnostic } from './codes.js';
import { FOREIGN_HEADERS, PLATEN_COLUMNS, type ColumnKey } from './columns.js';
import { getAt, payloadPath } from './envelope.js';
import { cellAddress, isBlank, type CellValue, type SheetFormat, type Workbook } from './model.js';
import type { SheetPlaces } from './places.js';
import { headerColumns, readSections, type DataRow, type Section } from './platen-read.js';
import { ITEMS } from './values.js';

type Foreign = Exclude<SheetFormat, 'platen'>;

export { FOREIGN_HEADERS };

/** Header text as compared: lower case, single spaces, no `?`, `_` as a space. */
function norm(text: CellValue | undefined): string {
  return typeof text === 'string'
    ? text
        .toLowerCase()
        .replace(/[?]/g, '')
        .replace(/[_\s]+/g, ' ')
        .trim()
    : '';
}

/** Other headers that mean a foreign column (normalized). */
const ALIASES: Record<string, string> = {
  'property minimum': 'property min',
  'property min value': 'property min',
  'property value min': 'property min',
  'property maximum': 'property max',
  'property max value': 'property max',
  'property value max': 'property max',
  'property minimum length': 'property min length',
  'property maximum length': 'property max length',
  'property enum values': 'enum values',
};

function headerIndex(header: CellValue[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const n = norm(h);
    const key = ALIASES[n] ?? n;
    if (key !== '' && !index.has(key)) index.set(key, i);
  });
  return index;
}

function formatOfHeader(header: CellValue[]): SheetFormat | undefined {
  const h = headerIndex(header);
  if (h.has('event type') && h.has('property data type')) return 'segment';
  if (h.has('object type') && (h.has('event property name') || h.has('property value type')))
    return 'amplitude';
  if (h.has('property value type') && h.has('is property required')) return 'avo';
  const { columns } = headerColumns(
    header,
    () => {},
    () => {},
  );
  const known = Object.keys(columns).length;
  if (columns.property !== undefined || (columns.event !== undefined && known >= 2))
    return 'platen';
  return undefined;
}

/** The format a workbook's header rows say (the first tab with a recognized header), or `undefined`. */
export function detectSheetFormat(workbook: Workbook): SheetFormat | undefined {
  for (const tab of workbook.tabs) {
    const header = tab.rows.find((r) => r.some((c) => !isBlank(c)));
    if (!header) continue;
    const format = formatOfHeader(header);
    if (format) return format;
  }
  return undefined;
}

/** Limits of the foreign formats (none beyond the file's). */
export const FOREIGN_LIMITS = {};

// The Platen row a foreign row becomes: cells in PLATEN_COLUMNS order.
const AT = Object.fromEntries(PLATEN_COLUMNS.map((c, i) => [c.key, i])) as Record<
  ColumnKey,
  number
>;

/** Splits a list cell: a JSON array, else one value per line, else comma-separated. */
function splitList(text: string, commas: boolean): Json[] {
  if (text.trimStart().startsWith('[')) {
    const parsed = parseJson(text);
    if (parsed && Array.isArray(parsed.value)) return parsed.value;
  }
  const parts = text.includes('\n') || !commas ? text.split(/\r?\n/) : text.split(',');
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Values as the Platen Allowed values cell (typed by the Type there). */
function allowedCell(values: Json[]): string {
  return values.every((v) => typeof v === 'string' && !v.includes('\n'))
    ? values.join('\n')
    : jsonCell(values);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'string',
  text: 'string',
  int: 'integer',
  integer: 'integer',
  long: 'integer',
  float: 'number',
  double: 'number',
  number: 'number',
  decimal: 'number',
  bool: 'boolean',
  boolean: 'boolean',
  object: 'object',
  array: 'array',
  list: 'array',
  null: 'null',
  any: 'any',
  enum: 'string',
  'date time': 'date-time',
  'date-time': 'date-time',
  datetime: 'date-time',
};

const RULE_TYPE_WORDS: Record<string, RuleType> = {
  track: 'TRACK',
  event: 'TRACK',
  'track (custom)': 'TRACK',
  identify: 'IDENTIFY',
  user: 'IDENTIFY',
  'user property': 'IDENTIFY',
  group: 'GROUP',
  'group property': 'GROUP',
  page: 'PAGE',
  screen: 'SCREEN',
};

/** One foreign row turned into one or two Platen rows (a property and its array items). */
type Emit = (index: number, type: RuleType, cells: Partial<Record<ColumnKey, CellValue>>) => void;

interface Reader {
  /** Columns (normalized headers) a sheet of this format must have. */
  needs: string[];
  /** Foreign column (normalized header) shown for each Platen column in messages. */
  shown: Partial<Record<ColumnKey, string>>;
  row: (
    get: (column: string) => CellValue | undefined,
    index: number,
    emit: Emit,
    warn: (column: string, message: string) => void,
  ) => void;
}

const text = (v: CellValue | undefined) => readText(v);

const READERS: Record<Foreign, Reader> = {
  segment: {
    needs: ['event type', 'event name', 'property name', 'property data type'],
    shown: {
      event: 'event name',
      eventDescription: 'description',
      version: 'version',
      labels: 'labels',
      property: 'property name',
      description: 'description',
      type: 'property data type',
      nullable: 'property data type',
      required: 'property data type',
      allowed: 'enum values',
    },
    row(get, index, emit, warn) {
      const kind = text(get('event type'))?.trim().toLowerCase() ?? 'track';
      const type = RULE_TYPE_WORDS[kind];
      if (!type)
        return warn(
          'event type',
          `"${kind}" is not an event type (Track, Identify, Group, Page, Screen); the row is skipped`,
        );
      const cells: Partial<Record<ColumnKey, CellValue>> = {
        event: get('event name') ?? null,
        version: get('version') ?? null,
      };
      const property = text(get('property name'));
      if (property === undefined) {
        cells.eventDescription = get('description') ?? null;
        const labels = text(get('labels'));
        if (labels !== undefined) {
          const parsed = parseJson(labels);
          cells.labels =
            parsed && isJsonObject(parsed.value)
              ? labels
              : splitList(labels, true)
                  .map((l) => String(l).replace(/\s*:\s*/, ': '))
                  .join('\n');
        }
        emit(index, type, cells);
        return;
      }
      cells.property = property;
      cells.description = get('description') ?? null;
      const names = (text(get('property data type')) ?? '')
        .split(',')
        .map((n) => n.trim().toLowerCase())
        .filter((n) => n !== '');
      const optional = names.includes('null');
      const types = names.filter((n) => n !== 'null').map((n) => TYPE_WORDS[n] ?? n);
      cells.type = types.length === 0 ? (optional ? 'null' : 'any') : types.join(' | ');
      cells.nullable = optional && types.length > 0 && !types.includes('any') ? 'yes' : 'no';
      // Array items ($) are neither required nor optional.
      cells.required = property.endsWith('.' + ITEMS) ? null : optional ? 'no' : 'yes';
      const allowed = text(get('enum values')) ?? text(get('allowed property values'));
      if (allowed !== undefined) cells.allowed = allowedCell(splitList(allowed, true));
      emit(index, type, cells);
    },
  },
  amplitude: {
    needs: ['object name', 'event property name', 'property value type'],
    shown: {
      event: 'object name',
      eventDescription: 'object description',
      property: 'event property name',
      description: 'property description',
      type: 'property value type',
      required: 'property required',
      allowed: 'enum values',
      pattern: 'property regex',
      min: 'property min',
      max: 'property max',
      schema: 'const value',
    },
    row(get, index, emit, warn) {
      const action = text(get('action'))?.trim().toLowerCase();
      if (action === 'remove' || action === 'delete' || action === 'archive')
        return warn('action', `the row says "${action}": Platen imports a plan, so it is skipped`);
      const objectType = text(get('object type'))?.trim().toLowerCase() ?? 'event';
      const propertyType = text(get('property type'))?.trim().toLowerCase();
      const type =
        RULE_TYPE_WORDS[
          propertyType && propertyType !== 'event property' ? propertyType : objectType
        ];
      if (!type)
        return warn(
          'object type',
          `"${objectType}" is not an object type Platen reads; the row is skipped`,
        );
      const event = type === 'TRACK' ? (get('object name') ?? null) : null;
      const property = text(get('event property name'));
      if (property === undefined) {
        emit(index, type, { event, eventDescription: get('object description') ?? null });
        return;
      }
      flatProperty(
        index,
        type,
        event,
        property,
        {
          description: get('property description'),
          type: text(get('property value type')),
          required: get('property required'),
          array: get('property is array'),
          allowed: text(get('enum values')),
          constant: text(get('const value')),
          pattern: get('property regex'),
          min: get('property min'),
          max: get('property max'),
          minLength: get('property min length'),
          maxLength: get('property max length'),
        },
        emit,
      );
    },
  },
  avo: {
    needs: ['event name', 'property name', 'property value type'],
    shown: {
      event: 'event name',
      eventDescription: 'event description',
      property: 'property name',
      description: 'property description',
      type: 'property value type',
      required: 'is property required',
      allowed: 'property enumeration options',
      pattern: 'property regex',
    },
    row(get, index, emit) {
      const event = get('event name') ?? null;
      const property = text(get('property name'));
      if (property === undefined) {
        emit(index, 'TRACK', { event, eventDescription: get('event description') ?? null });
        return;
      }
      flatProperty(
        index,
        'TRACK',
        event,
        property,
        {
          description: get('property description'),
          type: text(get('property value type')),
          required: get('is property required'),
          array: get('is property array'),
          allowed: text(get('property enumeration options')),
          pattern: get('property regex'),
        },
        emit,
      );
    },
  },
};

interface FlatCells {
  description: CellValue | undefined;
  type: string | undefined;
  required: CellValue | undefined;
  array: CellValue | undefined;
  allowed: string | undefined;
  constant?: string | undefined;
  pattern: CellValue | undefined;
  min?: CellValue | undefined;
  max?: CellValue | undefined;
  minLength?: CellValue | undefined;
  maxLength?: CellValue | undefined;
}

/** A property of a flat format (no nesting: the name is taken whole, dots and all). */
function flatProperty(
  index: number,
  type: RuleType,
  event: CellValue,
  name: string,
  f: FlatCells,
  emit: Emit,
): void {
  const word = f.type?.trim().toLowerCase();
  const valueType = word === undefined ? 'any' : (TYPE_WORDS[word] ?? word);
  const array = readYesNo(f.array) === true;
  const item: Partial<Record<ColumnKey, CellValue>> = { type: valueType };
  if (f.allowed !== undefined) item.allowed = allowedCell(splitList(f.allowed, true));
  if (f.pattern !== undefined && !isBlank(f.pattern)) item.pattern = f.pattern;
  const extra: Record<string, Json> = {};
  if (f.constant !== undefined) {
    const n = Number(f.constant);
    extra.const =
      (valueType === 'integer' || valueType === 'number') && Number.isFinite(n)
        ? n
        : valueType === 'boolean'
          ? f.constant.trim().toLowerCase() === 'true'
          : f.constant;
  }
  const numeric = valueType === 'integer' || valueType === 'number';
  if (numeric) {
    if (f.min !== undefined && !isBlank(f.min)) item.min = f.min;
    if (f.max !== undefined && !isBlank(f.max)) item.max = f.max;
  }
  for (const [cell, keyword] of [
    [f.minLength, 'minLength'],
    [f.maxLength, 'maxLength'],
  ] as const) {
    const n = cell === undefined || isBlank(cell) ? undefined : Number(cell);
    if (n !== undefined && Number.isFinite(n)) extra[keyword] = n;
  }
  if (Object.keys(extra).length > 0) item.schema = jsonCell(extra);
  const path = [name];
  const base = {
    event,
    property: jsonCell(path),
    description: f.description ?? null,
    required: f.required ?? null,
  };
  if (!array) {
    emit(index, type, { ...base, ...item });
    return;
  }
  emit(index, type, { ...base, type: 'array' });
  emit(index, type, { property: jsonCell([...path, ITEMS]), ...item });
}

/** Reads a foreign-format workbook: every tab whose header is in `format`. */
export function readForeignSheet(
  format: Foreign,
  workbook: Workbook,
  file: string | undefined,
): { plan?: Plan; diagnostics: Diagnostic[]; places: SheetPlaces } {
  const reader = READERS[format];
  const diagnostics: Diagnostic[] = [];
  const sections: Section[] = [];
  for (const tab of workbook.tabs) {
    const headerAt = tab.rows.findIndex((r) => r.some((c) => !isBlank(c)));
    if (headerAt < 0) continue;
    const header = headerIndex(tab.rows[headerAt]!);
    const missing = reader.needs.filter((n) => !header.has(n));
    if (missing.length > 0) {
      diagnostics.push(
        sheetDiagnostic(
          'sheet-unknown-format',
          `This header is not a ${format} sheet's: it has no ${missing.map((m) => JSON.stringify(m)).join(', ')} column.`,
          { ...(file !== undefined ? { file } : {}), cell: cellAddress(tab.name, headerAt, 0) },
        ),
      );
      continue;
    }
    const shown: Partial<Record<ColumnKey, number>> = {};
    for (const [key, column] of Object.entries(reader.shown)) {
      const i = header.get(column);
      if (i !== undefined) shown[key as ColumnKey] = i;
    }
    const byType = new Map<RuleType, Section>();
    const emit: Emit = (index, type, cells) => {
      let section = byType.get(type);
      if (!section) {
        section = { tab: tab.name, type, columns: AT, shown, rows: [] };
        byType.set(type, section);
      }
      const row: CellValue[] = PLATEN_COLUMNS.map((c) => cells[c.key] ?? null);
      section.rows.push({ index, cells: row } satisfies DataRow);
    };
    tab.rows.forEach((row, index) => {
      if (index <= headerAt || row.every((c) => isBlank(c))) return;
      const get = (column: string) => {
        const i = header.get(column);
        return i === undefined ? undefined : (row[i] ?? undefined);
      };
      reader.row(get, index, emit, (column, message) =>
        diagnostics.push(
          sheetDiagnostic('sheet-ignored-cell', `${message}.`, {
            ...(file !== undefined ? { file } : {}),
            cell: cellAddress(tab.name, index, header.get(column) ?? 0),
          }),
        ),
      );
    });
    sections.push(...byType.values());
  }
  const read = readSections(sections, file);
  const plan: Plan = { id: '', name: '', type: 'LIVE', rules: read.rules };
  return { plan, diagnostics: [...diagnostics, ...read.diagnostics], places: read.places };
}

export { writeForeignSheet } from './foreign-write.js';
export type { Foreign, Rule };
export { getAt, payloadPath };
