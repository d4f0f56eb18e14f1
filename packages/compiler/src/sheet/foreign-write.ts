/**
 * Writes a plan in a foreign sheet format. What the format cannot hold is left out and listed in one
 * `sheet-lossy-format` warning (keywords, nesting, rule types, versions, labels, …), so nobody mistakes
 * the export for the whole plan.
 */
import type { Diagnostic } from '../diagnostics/types.js';
import type { Json, Plan, Rule, RuleType } from '../plan/types.js';
import { isJsonObject, jsonCell } from './cells.js';
import { sheetDiagnostic } from './codes.js';
import { defaultEnvelope, getAt, payloadPath, withoutAt } from './envelope.js';
import { FOREIGN_HEADERS } from './columns.js';
import type { CellValue, SheetFormat, Workbook } from './model.js';
import { jsonEqual } from './cells.js';
import { ITEMS } from './values.js';

type Foreign = Exclude<SheetFormat, 'platen'>;

/** What one property row says, in the terms every foreign format shares. */
interface PropertyFacts {
  path: string[];
  description?: string;
  types: string[];
  nullable: boolean;
  required: boolean;
  array: boolean;
  format?: string;
  values?: Json[];
  constant?: Json;
  pattern?: string;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  object: boolean;
}

const KEPT = new Set([
  'type',
  'description',
  'enum',
  'properties',
  'required',
  'items',
  'pattern',
  'format',
  'const',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
]);

const TYPE_NAMES: Record<Foreign, Record<string, string>> = {
  segment: {},
  amplitude: {},
  avo: { integer: 'int', number: 'float', boolean: 'bool' },
};

/** Walks a properties schema; nested objects and array items only for a format that nests. */
function facts(
  payload: Json | undefined,
  nests: boolean,
  lost: (what: string) => void,
  where: string,
): PropertyFacts[] {
  const out: PropertyFacts[] = [];
  const visit = (schema: Json, path: string[], required: boolean, itemsOf: boolean) => {
    const name = path.join('.');
    if (!isJsonObject(schema)) {
      lost(`boolean schemas (${where}: ${name})`);
      return;
    }
    for (const k of Object.keys(schema)) if (!KEPT.has(k)) lost(`${k} (${where}: ${name})`);
    const t = schema.type;
    const list =
      typeof t === 'string'
        ? [t]
        : Array.isArray(t)
          ? t.filter((x): x is string => typeof x === 'string')
          : [];
    const nullable = list.includes('null');
    const types = list.filter((x) => x !== 'null');
    // Array items are neither required nor optional: only a nullable item gets ",null".
    const f: PropertyFacts = {
      path,
      types,
      nullable,
      required: itemsOf ? !nullable : required,
      array: false,
      object: types.includes('object'),
    };
    if (typeof schema.description === 'string') f.description = schema.description;
    if (typeof schema.format === 'string') f.format = schema.format;
    if (Array.isArray(schema.enum)) f.values = schema.enum;
    if (schema.const !== undefined) f.constant = schema.const;
    if (typeof schema.pattern === 'string') f.pattern = schema.pattern;
    for (const k of ['minimum', 'maximum', 'minLength', 'maxLength'] as const) {
      const v = schema[k];
      if (typeof v === 'number') f[k === 'minimum' ? 'min' : k === 'maximum' ? 'max' : k] = v;
    }
    const items = schema.items;
    if (!nests && types.length === 1 && types[0] === 'array' && isJsonObject(items) && !itemsOf) {
      // A flat format says "an array of T" with one flag: the items' facts go on the property's row.
      const inner = items;
      const it = typeof inner.type === 'string' ? inner.type : undefined;
      if (it === 'object' || it === 'array' || it === undefined)
        lost(`arrays of objects or arrays (${where}: ${name})`);
      f.array = true;
      f.types = it ? [it] : [];
      if (Array.isArray(inner.enum)) f.values = inner.enum;
      if (typeof inner.pattern === 'string') f.pattern = inner.pattern;
      if (typeof inner.format === 'string') f.format = inner.format;
      for (const k of Object.keys(inner))
        if (!['type', 'enum', 'pattern', 'format', 'description'].includes(k))
          lost(`${k} (${where}: ${name}.$)`);
    }
    out.push(f);
    const props = schema.properties;
    const req = Array.isArray(schema.required) ? schema.required : [];
    if (isJsonObject(props)) {
      if (!nests) {
        if (Object.keys(props).length > 0) lost(`nested properties (${where}: ${name})`);
      } else
        for (const k of Object.keys(props)) visit(props[k]!, [...path, k], req.includes(k), false);
    }
    if (nests && isJsonObject(items)) visit(items, [...path, ITEMS], false, true);
    else if (nests && Array.isArray(items)) lost(`tuples (${where}: ${name})`);
  };
  if (!isJsonObject(payload)) return out;
  for (const k of Object.keys(payload))
    if (!['type', 'properties', 'required', 'description'].includes(k)) lost(`${k} (${where})`);
  const props = payload.properties;
  const req = Array.isArray(payload.required) ? payload.required : [];
  if (isJsonObject(props))
    for (const k of Object.keys(props)) visit(props[k]!, [k], req.includes(k), false);
  return out;
}

function listText(
  values: Json[],
  sep: string,
  lost: (what: string) => void,
  where: string,
): string {
  if (
    values.every(
      (v) => typeof v === 'string' && !v.includes(sep.trim() || '\n') && !v.includes('\n'),
    )
  )
    return values.join(sep);
  if (sep === '\n') return jsonCell(values);
  lost(`enum values holding "${sep.trim()}", a newline, or not strings (${where})`);
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(sep);
}

const TYPE_WORD: Record<RuleType, string> = {
  TRACK: 'Track',
  IDENTIFY: 'Identify',
  GROUP: 'Group',
  PAGE: 'Page',
  SCREEN: 'Screen',
  COMMON: 'Common',
};

/** The newest version of each (type, key): formats without a Version column hold one. */
function newest(rules: readonly Rule[], lost: (what: string) => void): Rule[] {
  const best = new Map<string, Rule>();
  for (const r of rules) {
    const id = JSON.stringify([r.type, r.key]);
    const b = best.get(id);
    if (b && b.version !== r.version)
      lost(`older versions (${r.key ?? r.type} v${Math.min(b.version, r.version)})`);
    if (!b || r.version > b.version) best.set(id, r);
  }
  return rules.filter((r) => best.get(JSON.stringify([r.type, r.key])) === r);
}

/** Writes `plan` in `format`, with a warning listing what it could not hold. */
export function writeForeignSheet(
  format: Foreign,
  plan: Plan,
): { workbook: Workbook; diagnostics: Diagnostic[] } {
  const losses = new Set<string>();
  const lost = (what: string) => losses.add(what);
  const header = FOREIGN_HEADERS[format];
  const rows: CellValue[][] = [[...header]];
  const col = (name: string) => header.indexOf(name);
  const types: RuleType[] =
    format === 'segment' ? ['TRACK', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN'] : ['TRACK'];
  const rules = plan.rules.filter((r) => {
    if (types.includes(r.type)) return true;
    lost(`${r.type} rules`);
    return false;
  });
  for (const rule of format === 'segment' ? rules : newest(rules, lost)) {
    const where = `${rule.type} ${rule.key ?? ''} v${rule.version}`.replace('  ', ' ');
    const root = rule.jsonSchema;
    const path = payloadPath(rule.type);
    const payload = getAt(root, path);
    // The message schema around the properties: anything but Platen's default is lost.
    if (isJsonObject(root)) {
      const rest = withoutAt(root, path) as { [k: string]: Json };
      delete rest.description;
      delete rest.labels;
      const def = withoutAt(defaultEnvelope(rule.type, {}), path);
      if (
        !jsonEqual(rest, def) &&
        !jsonEqual(rest, withoutAt({ type: 'object', properties: { [path[1]!]: {} } }, path))
      )
        lost(`message-level schema (${where})`);
      if (rule.deprecatedAt) lost(`deprecation (${where})`);
    }
    const description =
      isJsonObject(root) && typeof root.description === 'string' ? root.description : undefined;
    const labels = isJsonObject(root) && isJsonObject(root.labels) ? root.labels : undefined;
    if (labels && format !== 'segment') lost(`labels (${where})`);
    const row = (): CellValue[] => header.map(() => null);
    const props = facts(payload, format === 'segment', lost, where);
    const eventRow = row();
    const key = rule.key;
    if (format === 'segment') {
      eventRow[col('Version')] = rule.version;
      eventRow[col('Event Type')] = TYPE_WORD[rule.type];
      eventRow[col('Event Name')] = key;
      eventRow[col('Description')] = description ?? null;
      if (labels)
        eventRow[col('Labels')] = Object.keys(labels)
          .map((k) => `${k}:${String(labels[k])}`)
          .join(',');
    } else if (format === 'amplitude') {
      eventRow[col('Action')] = 'ADD';
      eventRow[col('Object type')] = 'Event';
      eventRow[col('Object name')] = key;
      eventRow[col('Object description')] = description ?? null;
    } else {
      eventRow[col('Event Name')] = key;
      eventRow[col('Event Description')] = description ?? null;
    }
    rows.push(eventRow);
    for (const f of props) {
      const r = row();
      const w = `${where}: ${f.path.join('.')}`;
      if (f.constant !== undefined && format !== 'amplitude') lost(`const (${w})`);
      for (const [k, v] of [
        ['minimum', f.min],
        ['maximum', f.max],
        ['minLength', f.minLength],
        ['maxLength', f.maxLength],
      ] as const)
        if (v !== undefined && format !== 'amplitude') lost(`${k} (${w})`);
      if (f.types.length > 1 && format !== 'segment') lost(`several types (${w})`);
      if (f.format !== undefined && !(format === 'segment' && f.format === 'date-time'))
        lost(`format ${f.format} (${w})`);
      const typeName = (t: string) => TYPE_NAMES[format][t] ?? t;
      if (format === 'segment') {
        r[col('Version')] = rule.version;
        r[col('Event Type')] = TYPE_WORD[rule.type];
        r[col('Event Name')] = key;
        r[col('Property Name')] = f.path.join('.');
        r[col('Description')] = f.description ?? null;
        if (f.nullable && f.required) lost(`required properties that may be null (${w})`);
        if (!f.nullable && !f.required && f.types.length > 0)
          lost(
            `optional properties that may not be null: Segment's ",null" makes them nullable (${w})`,
          );
        const names = f.types.map((t) =>
          t === 'string' && f.format === 'date-time' ? 'Date time' : t,
        );
        if (names.length === 0) names.push('any');
        r[col('Property Data Type')] = [...names, ...(f.required ? [] : ['null'])].join(',');
        if (f.pattern !== undefined) lost(`pattern (${w})`);
        if (f.values) r[col('Enum Values')] = listText(f.values, '\n', lost, w);
      } else if (format === 'amplitude') {
        if (f.nullable) lost(`null values (${w})`);
        r[col('Action')] = 'ADD';
        r[col('Object type')] = 'Event';
        r[col('Object name')] = key;
        r[col('Object description')] = description ?? null;
        r[col('Property type')] = 'Event Property';
        r[col('Event property name')] = f.path[0]!;
        r[col('Property description')] = f.description ?? null;
        r[col('Property value type')] = f.types[0] ?? 'any';
        r[col('Property required')] = f.required ? 'TRUE' : 'FALSE';
        r[col('Property is array')] = f.array ? 'TRUE' : 'FALSE';
        if (f.values) r[col('Enum values')] = listText(f.values, ',', lost, w);
        if (f.constant !== undefined)
          r[col('Const value')] =
            typeof f.constant === 'string' ? f.constant : JSON.stringify(f.constant);
        if (f.pattern !== undefined) r[col('Property regex')] = f.pattern;
        if (f.min !== undefined) r[col('Property min')] = f.min;
        if (f.max !== undefined) r[col('Property max')] = f.max;
        if (f.minLength !== undefined) r[col('Property min length')] = f.minLength;
        if (f.maxLength !== undefined) r[col('Property max length')] = f.maxLength;
      } else {
        if (f.nullable) lost(`null values (${w})`);
        r[col('Event Name')] = key;
        r[col('Property Name')] = f.path[0]!;
        r[col('Property Description')] = f.description ?? null;
        r[col('Property Value Type')] = typeName(f.types[0] ?? 'any');
        r[col('Is Property Required?')] = f.required ? 'TRUE' : 'FALSE';
        r[col('Is Property Array?')] = f.array ? 'TRUE' : 'FALSE';
        if (f.values) r[col('Property Enumeration Options')] = listText(f.values, ',', lost, w);
        if (f.pattern !== undefined) r[col('Property Regex')] = f.pattern;
      }
      rows.push(r);
    }
  }
  const diagnostics: Diagnostic[] = [];
  if (losses.size > 0) {
    const all = [...losses];
    const shown = all.slice(0, 20).join('; ');
    diagnostics.push(
      sheetDiagnostic(
        'sheet-lossy-format',
        `The ${format} format cannot express ${all.length} part${all.length === 1 ? '' : 's'} of this plan, left out: ${shown}${all.length > 20 ? `; and ${all.length - 20} more` : ''}. Export with --format platen to keep everything.`,
      ),
    );
  }
  return {
    workbook: { tabs: [{ name: format === 'segment' ? 'Tracking Plan' : 'Sheet1', rows }] },
    diagnostics,
  };
}
