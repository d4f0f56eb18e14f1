/**
 * Line and column of a JSON pointer inside a plan file, computed lazily: loading never pays for
 * positions, only diagnostics that need a place do. Locators are cached per source text.
 */
import type { Document, Node } from 'yaml';
import { yaml } from './yaml.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { parsePointer } from '../diagnostics/pointer.js';
import { JsonLocator } from './json-scan.js';
import { cellOfPointer } from '../sheet/places.js';
import type { LoadedPlan, PlanSourceText } from './types.js';

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

interface Locator {
  lineStarts?: number[];
  json?: JsonLocator;
  yaml?: Document.Parsed | null;
}

const locators = new WeakMap<PlanSourceText, Locator>();

function locatorOf(source: PlanSourceText): Locator {
  let l = locators.get(source);
  if (!l) locators.set(source, (l = {}));
  return l;
}

/** Lets the loader hand over the YAML document it already parsed, so positions never re-parse. */
export function rememberYamlDocument(source: PlanSourceText, doc: Document.Parsed): void {
  locatorOf(source).yaml = doc;
}

/** 1-based line and column of a character offset (a `\r\n` counts as one line break). */
export function positionOfOffset(source: PlanSourceText, offset: number): Position {
  const l = locatorOf(source);
  if (!l.lineStarts) {
    const starts = [0];
    const text = source.text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    l.lineStarts = starts;
  }
  const starts = l.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function yamlOffset(doc: Document.Parsed, tokens: readonly string[]): number {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  const { isMap, isScalar, isSeq } = yaml();
  for (const token of tokens) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === token);
      next = pair?.value;
    } else if (isSeq(node)) {
      next = /^\d+$/.test(token) ? node.items[Number(token)] : undefined;
    }
    const range = (next as Node | undefined)?.range;
    if (!range) break;
    node = next;
    offset = range[0];
  }
  return offset;
}

/**
 * Line and column of the value a pointer names (or of its deepest existing ancestor, for a missing
 * member such as an absent `key`). `undefined` for a malformed pointer.
 */
export function positionOfPointer(source: PlanSourceText, pointer: string): Position | undefined {
  const tokens = parsePointer(pointer);
  if (!tokens) return undefined;
  if (source.syntax === 'sheet') return undefined;
  const l = locatorOf(source);
  if (source.syntax === 'json') {
    l.json ??= new JsonLocator(source.text);
    return positionOfOffset(source, l.json.locate(tokens).offset);
  }
  if (l.yaml === undefined) {
    try {
      l.yaml = yaml().parseDocument(source.text, { prettyErrors: false });
    } catch {
      l.yaml = null;
    }
  }
  if (!l.yaml) return undefined;
  return positionOfOffset(source, yamlOffset(l.yaml, tokens));
}

/**
 * Fills in `line`/`column` of diagnostics that have a file and pointer but no position yet.
 * Returns new objects for the ones it places; leaves the rest as they are.
 */
export function placeDiagnostics(
  sources: LoadedPlan['sources'],
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  if (!sources) return [...diagnostics];
  return diagnostics.map((d) => {
    if (d.line !== undefined || d.file === undefined || d.pointer === undefined) return d;
    const source = Object.prototype.hasOwnProperty.call(sources, d.file)
      ? sources[d.file]
      : undefined;
    if (source?.places !== undefined) {
      // A spreadsheet: the pointer names a cell, not a line.
      if (d.cell !== undefined) return d;
      const cell = cellOfPointer(source.places, d.pointer);
      return cell === undefined ? d : { ...d, cell };
    }
    const pos = source && positionOfPointer(source, d.pointer);
    return pos ? { ...d, line: pos.line, column: pos.column } : d;
  });
}
