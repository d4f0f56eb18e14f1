/**
 * How values are written into cells and read back, so every string survives a spreadsheet: text that
 * a cell cannot hold as is (empty, only spaces, a carriage return, a lone surrogate, a character XML
 * forbids, text that looks quoted) is written as a JSON string literal, `"…"`, and read back from it.
 */
import type { Json } from '../plan/types.js';
import { isBlank, type CellValue } from './model.js';

// XML 1.0 characters (what an .xlsx cell can hold), less CR, which XML turns into LF. `u` flag: a lone
// surrogate is no character, so it fails the class.
const STORABLE = /^[\t\n\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;
// OOXML reads `_xHHHH_` in a cell as an escaped character: such text would not come back as written.
const OOXML_ESCAPE = /_x[0-9A-Fa-f]{4}_/;

/** True when `text` is stored by a spreadsheet and read back unchanged, without quoting. */
export function isStorable(text: string): boolean {
  return STORABLE.test(text) && !OOXML_ESCAPE.test(text);
}

/**
 * JSON text safe in any cell: `JSON.stringify` escapes controls and lone surrogates already; this also
 * escapes U+FFFE/U+FFFF, U+2028/U+2029 and the `_` of `_xHHHH_` (all only ever inside JSON strings).
 */
export function jsonCell(value: Json): string {
  return JSON.stringify(value, sortKeys)
    .replace(/[\ufffe\uffff\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    .replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '\\u005f');
}

// Keys sorted, so a cell's text depends on the schema only, not on the key order it was read in.
function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: { [k: string]: Json } = {};
  const source = value as { [k: string]: Json };
  for (const k of Object.keys(source).sort()) setOwn(out, k, source[k]!);
  return out;
}

function looksQuoted(text: string): boolean {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return false;
  try {
    return typeof JSON.parse(text) === 'string';
  } catch {
    return false;
  }
}

/** A string as a cell: as is when it reads back unchanged, else as a JSON string literal. */
export function textCell(text: string): string {
  if (text.trim() === '' || !isStorable(text) || looksQuoted(text)) return jsonCell(text);
  return text;
}

/**
 * Reads a cell as text: `undefined` for a blank cell; a JSON string literal is decoded; numbers and
 * booleans are shown as a spreadsheet shows them.
 */
export function readText(value: CellValue | undefined): string | undefined {
  if (value === undefined || isBlank(value)) return undefined;
  if (typeof value !== 'string') return String(value);
  return looksQuoted(value) ? (JSON.parse(value) as string) : value;
}

/** Parses JSON text, or `undefined` when it is not JSON. */
export function parseJson(text: string): { value: Json } | undefined {
  try {
    return { value: JSON.parse(text) as Json };
  } catch {
    return undefined;
  }
}

/** Reads a yes/no cell (`yes`, `no`, `true`, `false`, `y`, `n`, `1`, `0`, a boolean); `undefined` otherwise. */
export function readYesNo(value: CellValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  const text = readText(value)?.trim().toLowerCase();
  if (text === undefined) return false;
  if (['yes', 'y', 'true', '1', 'required', 'x'].includes(text)) return true;
  if (['no', 'n', 'false', '0', 'optional'].includes(text)) return false;
  return undefined;
}

/** Reads a number cell (a number, or text holding one); `undefined` when it holds none. */
export function readNumber(value: CellValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = readText(value)?.trim();
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Deep equality of JSON values, object keys in any order. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as Json[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as { [k: string]: Json };
  const bo = b as { [k: string]: Json };
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

/** Sets an own property, even one named `__proto__`: names are data. */
export function setOwn(target: { [k: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: Json | undefined): value is { [k: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy of a JSON value (own keys, `__proto__` included). */
export function cloneJson<T extends Json>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (!isJsonObject(value)) return value;
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(value)) setOwn(out, k, cloneJson(value[k]!));
  return out as T;
}
