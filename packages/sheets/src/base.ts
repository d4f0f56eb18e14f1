/**
 * The sheet's base: what the remote plan was when this spreadsheet last synced with it (an import, or a
 * send). Kept in the document properties, as the tabs are the document's.
 * - A Platen registry states revisions: the base is the revision, and a send carries `If-Match` with it.
 * - Segment's API has none: the base is a fingerprint of each remote rule, and a send first compares the
 *   remote rules with it, refusing on any difference unless the person confirms an overwrite.
 * Both are kept, so the add-on can also say which rules changed remotely when only fingerprints exist.
 */
import type { GasProperties } from './gas.js';
import { createHash } from './shims/node-crypto.js';

/** A rule as the base records it. */
export interface RuleLike {
  type: string;
  key?: string | null;
  version: number;
  jsonSchema: unknown;
}

/** What the document remembers of the remote plan. */
export interface Base {
  apiUrl: string;
  planId: string;
  /** The plan's revision (Platen registry), or null (Segment). */
  revision: number | null;
  /** Rule identity (`[type,key,version]` as JSON) → fingerprint of its JSON Schema. */
  rules: Record<string, string>;
}

const KEY = 'platen.base';
/** Apps Script allows 9 KB per property value: the rule fingerprints are stored in chunks below that. */
const CHUNK_CHARS = 8000;

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v) => stableJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of a text. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A rule's identity: type + key + version. */
export function identity(rule: Pick<RuleLike, 'type' | 'key' | 'version'>): string {
  return JSON.stringify([rule.type, rule.key ?? null, rule.version]);
}

/** Identity → fingerprint of the JSON Schema (key order does not matter). */
export function fingerprints(rules: readonly RuleLike[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) out[identity(rule)] = sha256(stableJson(rule.jsonSchema)).slice(0, 32);
  return out;
}

/** One fingerprint for a whole rule set, whatever its order. */
export function setFingerprint(rules: readonly RuleLike[]): string {
  const prints = fingerprints(rules);
  return sha256(
    stableJson(
      Object.keys(prints)
        .sort()
        .map((k) => [k, prints[k]]),
    ),
  );
}

/** Reads the base; undefined when none, or when it was taken for another API URL or plan. */
export function readBase(doc: GasProperties, apiUrl: string, planId: string): Base | undefined {
  const raw = doc.getProperty(KEY);
  if (raw === null) return undefined;
  let head: { apiUrl?: unknown; planId?: unknown; revision?: unknown; chunks?: unknown };
  try {
    head = JSON.parse(raw) as typeof head;
  } catch {
    return undefined;
  }
  if (head.apiUrl !== apiUrl || head.planId !== planId) return undefined;
  const chunks = typeof head.chunks === 'number' ? head.chunks : 0;
  const rules: Record<string, string> = {};
  for (let i = 0; i < chunks; i++) {
    const part = doc.getProperty(`${KEY}.${i}`);
    if (part === null) return undefined; // a torn write: no base rather than a wrong one
    let entries: unknown;
    try {
      entries = JSON.parse(part);
    } catch {
      return undefined;
    }
    if (!Array.isArray(entries)) return undefined;
    for (const entry of entries as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string')
        return undefined;
      rules[entry[0]] = entry[1];
    }
  }
  return {
    apiUrl,
    planId,
    revision: typeof head.revision === 'number' ? head.revision : null,
    rules,
  };
}

/** Records the base (replacing the last one). */
export function writeBase(doc: GasProperties, base: Base): void {
  const chunks: string[] = [];
  let current: [string, string][] = [];
  let size = 2;
  for (const id of Object.keys(base.rules).sort()) {
    const entry: [string, string] = [id, base.rules[id]!];
    const length = JSON.stringify(entry).length + 1;
    if (current.length > 0 && size + length > CHUNK_CHARS) {
      chunks.push(JSON.stringify(current));
      current = [];
      size = 2;
    }
    current.push(entry);
    size += length;
  }
  if (current.length > 0) chunks.push(JSON.stringify(current));
  // The head goes last: a reader that finds it finds every chunk it names.
  doc.deleteProperty(KEY);
  for (const key of doc.getKeys()) if (key.startsWith(`${KEY}.`)) doc.deleteProperty(key);
  chunks.forEach((chunk, i) => doc.setProperty(`${KEY}.${i}`, chunk));
  doc.setProperty(
    KEY,
    JSON.stringify({
      apiUrl: base.apiUrl,
      planId: base.planId,
      revision: base.revision,
      chunks: chunks.length,
    }),
  );
}

/** Rule identities added, removed and changed between two fingerprint maps. */
export function compareFingerprints(
  before: Record<string, string>,
  after: Record<string, string>,
): { added: string[]; removed: string[]; changed: string[] } {
  const added = Object.keys(after)
    .filter((k) => !(k in before))
    .sort();
  const removed = Object.keys(before)
    .filter((k) => !(k in after))
    .sort();
  const changed = Object.keys(after)
    .filter((k) => k in before && before[k] !== after[k])
    .sort();
  return { added, removed, changed };
}
