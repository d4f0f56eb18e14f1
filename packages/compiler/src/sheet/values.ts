/**
 * The value-holding cells of the Platen template: Type (with Nullable), Allowed values and Examples
 * (one per line or a JSON array), Labels (`key: value` lines or a JSON object), Property paths.
 */
import type { Json } from '../plan/types.js';
import { isJsonObject, jsonCell, jsonEqual, parseJson, setOwn } from './cells.js';
import { FORMAT_SHORTCUTS } from './columns.js';

/** The JSON Schema type names. */
export const JSON_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];

/** What a Type cell says: the `type` keyword (absent for `any`) and a `format` shortcut. */
export interface ParsedType {
  type?: Json;
  format?: string;
}

const SHORTCUT_ALIASES: Record<string, string> = {
  datetime: 'date-time',
  'date time': 'date-time',
  timestamp: 'date-time',
  url: 'uri',
};

/** Parses a Type cell: `string`, `string | null`, a shortcut (`email`), `any`, or a JSON array of names. */
export function parseType(text: string): ParsedType | { error: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed = parseJson(trimmed);
    const names = parsed?.value;
    if (
      !Array.isArray(names) ||
      !names.every((n) => typeof n === 'string' && JSON_TYPES.includes(n))
    )
      return { error: `the Type ${JSON.stringify(text)} is not a JSON array of type names` };
    return { type: names };
  }
  const names = trimmed.split('|').map((n) => n.trim().toLowerCase());
  const types: string[] = [];
  let format: string | undefined;
  for (const raw of names) {
    const name = SHORTCUT_ALIASES[raw] ?? raw;
    if (name === 'any' && names.length === 1) return {};
    let type = name;
    if (FORMAT_SHORTCUTS.includes(name)) {
      if (format !== undefined)
        return { error: `the Type ${JSON.stringify(text)} names two formats` };
      format = name;
      type = 'string';
    } else if (!JSON_TYPES.includes(name)) {
      return { error: `unknown type ${JSON.stringify(raw)}` };
    }
    if (types.includes(type))
      return { error: `the Type ${JSON.stringify(text)} names ${type} twice` };
    types.push(type);
  }
  const out: ParsedType = { type: types.length === 1 ? types[0]! : types };
  if (format !== undefined) out.format = format;
  return out;
}

/**
 * The Type and Nullable cells of a schema's `type` (and a shortcut `format`), or `undefined` when
 * the columns cannot say it. `consumesFormat`: the format went into the Type cell.
 */
export function typeCells(
  type: Json | undefined,
  format: Json | undefined,
): { type: string; nullable: boolean; consumesFormat: boolean } | undefined {
  const shortcut =
    typeof format === 'string' && FORMAT_SHORTCUTS.includes(format) ? format : undefined;
  const name = (t: string) => (t === 'string' && shortcut ? shortcut : t);
  const uses = (ts: string[]) => shortcut !== undefined && ts.includes('string');
  if (type === undefined) return { type: 'any', nullable: false, consumesFormat: false };
  if (typeof type === 'string')
    return JSON_TYPES.includes(type)
      ? { type: name(type), nullable: false, consumesFormat: uses([type]) }
      : undefined;
  if (!Array.isArray(type) || !type.every((t) => typeof t === 'string' && JSON_TYPES.includes(t)))
    return undefined;
  const ts = type as string[];
  if (new Set(ts).size !== ts.length) return undefined;
  if (ts.length === 1) return { type: JSON.stringify(ts), nullable: false, consumesFormat: false };
  if (ts.length === 2 && ts[1] === 'null' && ts[0] !== 'null')
    return { type: name(ts[0]!), nullable: true, consumesFormat: uses(ts) };
  return { type: ts.map(name).join(' | '), nullable: false, consumesFormat: uses(ts) };
}

/** The single non-null type a schema's `type` names, for typing list values and Min/Max. */
export function mainType(type: Json | undefined): string | undefined {
  if (typeof type === 'string') return type;
  if (!Array.isArray(type)) return undefined;
  const rest = type.filter((t) => t !== 'null');
  return rest.length === 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
}

/** Parses a list cell (Allowed values, Examples): a JSON array, or one value per line typed by `type`. */
export function parseValues(text: string, type: string | undefined): Json[] | { error: string } {
  if (text.trimStart().startsWith('[')) {
    const parsed = parseJson(text);
    if (parsed && Array.isArray(parsed.value)) return parsed.value;
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const out: Json[] = [];
  for (const line of lines) {
    if (type === 'integer' || type === 'number') {
      const n = Number(line.trim());
      if (!Number.isFinite(n) || line.trim() === '')
        return { error: `${JSON.stringify(line)} is not a number (the Type is ${type})` };
      out.push(n);
    } else if (type === 'boolean') {
      const t = line.trim().toLowerCase();
      if (t !== 'true' && t !== 'false')
        return { error: `${JSON.stringify(line)} is not true or false (the Type is boolean)` };
      out.push(t === 'true');
    } else out.push(line);
  }
  return out;
}

/** A list cell for `values`: one per line when that reads back the same, else a JSON array. */
export function valuesCell(values: Json[], type: string | undefined): string {
  const lines = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const text = lines.join('\n');
  const back = parseValues(text, type);
  if (Array.isArray(back) && jsonEqual(back, values) && lines.every((l) => !l.includes('\n')))
    return text;
  return jsonCell(values);
}

/** Parses a Labels cell: `key: value` lines, or a JSON object. */
export function parseLabels(text: string): Json | { error: string } {
  if (text.trimStart().startsWith('{')) {
    const parsed = parseJson(text);
    if (parsed && isJsonObject(parsed.value)) return parsed.value;
    return { error: 'the Labels cell is not a JSON object' };
  }
  const out: { [k: string]: Json } = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const at = line.indexOf(':');
    if (at < 0) return { error: `the label ${JSON.stringify(line)} has no "key: value"` };
    setOwn(out, line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return out;
}

/** A Labels cell for `labels`: `key: value` lines when that reads back the same, else JSON. */
export function labelsCell(labels: Json): string {
  if (isJsonObject(labels)) {
    const keys = Object.keys(labels);
    const text = keys.map((k) => `${k}: ${String(labels[k])}`).join('\n');
    const back = parseLabels(text);
    if (keys.length > 0 && jsonEqual(back as Json, labels)) return text;
  }
  return jsonCell(labels);
}

/** The segment of a Property path that stands for an array's items. */
export const ITEMS = '$';

/** Parses a Property cell into path segments (`$` = array items): dotted, or a JSON array of names. */
export function parsePath(text: string): string[] | { error: string } {
  if (text.startsWith('[')) {
    const parsed = parseJson(text);
    const v = parsed?.value;
    if (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string'))
      return v as string[];
  }
  const segments = text.split('.');
  if (segments.some((s) => s === ''))
    return { error: `the Property ${JSON.stringify(text)} has an empty name between dots` };
  return segments;
}

/** The Property cell of a path: dotted when that reads back the same, else a JSON array of names. */
export function pathCell(segments: string[]): string {
  const dotted = segments.join('.');
  const back = parsePath(dotted);
  if (Array.isArray(back) && jsonEqual(back, segments)) return dotted;
  return jsonCell(segments);
}
