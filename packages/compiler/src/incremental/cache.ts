/**
 * The build cache: what an unchanged rule contributed to the last build of an output, beyond its own
 * event files (which the manifest covers, see ./kept-files.ts): its declarations in `types.ts`, and its
 * validator module's hash and diagnostics. A rebuild after a one-event change then prints and
 * compiles that one event only.
 *
 * The cache lives outside the output (users commit the output): `node_modules/.cache/platen/`
 * above the output directory, or `PLATEN_CACHE_DIR`. Every entry is keyed by a hash of all it
 * depends on; the file carries a SHA-256 of its body, and a validator is taken from the output only
 * when its bytes hash as recorded. A missing, corrupt or foreign cache is silently an empty one.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics/types.js';
import type { MetaProblem } from '../plan/meta-schema.js';
import { PLATEN_VERSION } from '../version.js';
import { sha256 } from './hashes.js';

/**
 * A rule's declarations in the types file of the last build (`typesFile`), as the range of the
 * file's text they fill, and the type names they export. The text itself stays in the output.
 */
export interface CachedTypes {
  start: number;
  end: number;
  exported: string[];
}

/** The types file of the last build: its path in the output and the SHA-256 of its text. */
export interface TypesFile {
  path: string;
  hash: string;
}

/**
 * A rule's validator as the last build wrote it: the file, its SHA-256, and the diagnostics compiling
 * it gave, each with its pointer relative to the rule's (file and rule are the rule's own).
 */
export interface CachedValidator {
  path: string;
  hash: string;
  diagnostics: RelativeDiagnostic[];
}

/** A diagnostic of one rule without `file` and `rule`, `pointer` relative to the rule's pointer. */
export type RelativeDiagnostic = Omit<Diagnostic, 'file' | 'rule'>;

/**
 * A rule's nested type names and the names it claimed for them, in order, each one exactly as
 * wanted (a rule that met a collision is not recorded): replayed when all are still free.
 */
export interface CachedNames {
  claims: string[];
  names: Record<string, string>;
}

/** Entries by key, read from the last build; entries used or made by this build, to write back. */
export interface BuildCache {
  /** IR diagnostics by IR key (`IrRule.irKey`): a rule known here and in `optional` is normalized only when used. */
  ir: Map<string, Diagnostic[]>;
  /** Nested type names by IR key and type prefix. */
  names: Map<string, CachedNames>;
  /** `IrRule.payloadOptional` by IR key. */
  optional: Map<string, boolean>;
  /** A rule's content hash (canonical) by a hash of its JSON text as parsed (key order and all). */
  hashes: Map<string, string>;
  types: Map<string, CachedTypes>;
  /** The file whose text `types` ranges are in; without it no range is used. */
  typesFile?: TypesFile;
  validators: Map<string, CachedValidator>;
  /**
   * Kept in memory only (a `--watch` process; never written): a rule's JSON text as parsed → the key
   * of `hashes` and the content hash, so an unchanged rule's text is compared, not hashed again.
   */
  texts?: Map<string, { fast: string; hash: string }>;
  /** Also in memory only: a rule's JSON text → the meta-schema problems of its schema. */
  metas?: Map<string, MetaProblem[]>;
  /** True when the cache file existed and was sound (a first build has none). */
  loaded: boolean;
}

/** A fresh, empty cache. */
export function emptyCache(): BuildCache {
  const map = <T>(): Map<string, T> => new Map<string, T>();
  return {
    ir: map(),
    names: map(),
    optional: map(),
    hashes: map(),
    types: map(),
    validators: map(),
    loaded: false,
  };
}

/** First line of a cache file: format, then the SHA-256 of everything after the line. */
const MAGIC = 'platen-build-cache 1';

let fingerprint: string | undefined;

/**
 * Which Platen wrote a cache: its version, and the size and time of every module of this compiler
 * (so a cache from a Platen being worked on, same version, other code, is never taken for current).
 */
export function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const hash = createHash('sha256').update(PLATEN_VERSION);
  const visit = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      try {
        const stat = statSync(path);
        if (stat.isDirectory()) visit(path);
        else if (/\.[cm]?[jt]s$/.test(name))
          hash.update(`\n${path}\t${stat.size}\t${stat.mtimeMs}`);
      } catch {
        // Gone while listed: it still changes the fingerprint by its absence.
      }
    }
  };
  visit(root);
  return (fingerprint = hash.digest('hex'));
}

/**
 * Where the cache of the output `dir` lives: `$PLATEN_CACHE_DIR` or the nearest
 * `node_modules/.cache/platen` above `dir`, one file per output; `undefined` when there is neither
 * (no cache then: a full build, as without one).
 */
export function cacheFileOf(
  dir: string,
  env: Record<string, string | undefined>,
): string | undefined {
  const abs = resolve(dir);
  const name = `${sha256(abs).slice(0, 24)}.json`;
  const forced = env.PLATEN_CACHE_DIR;
  if (forced !== undefined && forced !== '') return join(resolve(forced), name);
  let at = dirname(abs);
  for (;;) {
    const modules = join(at, 'node_modules');
    try {
      if (existsSync(modules) && statSync(modules).isDirectory())
        return join(modules, '.cache', 'platen', name);
    } catch {
      // Unreadable: keep looking above.
    }
    const up = dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

function isCachedTypes(v: unknown): v is CachedTypes {
  return (
    isRecord(v) &&
    Number.isInteger(v.start) &&
    Number.isInteger(v.end) &&
    (v.start as number) >= 0 &&
    (v.end as number) >= (v.start as number) &&
    isStrings(v.exported)
  );
}

function isRelativeDiagnostic(v: unknown): v is RelativeDiagnostic {
  return (
    isRecord(v) &&
    typeof v.code === 'string' &&
    (v.severity === 'error' || v.severity === 'warning' || v.severity === 'info') &&
    typeof v.message === 'string' &&
    (v.pointer === undefined || typeof v.pointer === 'string')
  );
}

function isDiagnostic(v: unknown): v is Diagnostic {
  if (!isRelativeDiagnostic(v)) return false;
  const { file, rule } = v as Diagnostic;
  return (
    (file === undefined || typeof file === 'string') &&
    (rule === undefined ||
      (isRecord(rule) &&
        typeof rule.type === 'string' &&
        (rule.key === null || typeof rule.key === 'string') &&
        typeof rule.version === 'number'))
  );
}

function isCachedNames(v: unknown): v is CachedNames {
  return (
    isRecord(v) &&
    isStrings(v.claims) &&
    isRecord(v.names) &&
    Object.values(v.names).every((n) => typeof n === 'string')
  );
}

function isCachedValidator(v: unknown): v is CachedValidator {
  return (
    isRecord(v) &&
    typeof v.path === 'string' &&
    typeof v.hash === 'string' &&
    Array.isArray(v.diagnostics) &&
    v.diagnostics.every(isRelativeDiagnostic)
  );
}

/** Reads the cache from `file`; anything wrong with it (absent, edited, truncated, foreign) → empty. */
export function readCache(file: string | undefined): BuildCache {
  const cache = emptyCache();
  if (file === undefined) return cache;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return cache;
  }
  const newline = text.indexOf('\n');
  const header = text.slice(0, newline).split(' ');
  const body = text.slice(newline + 1);
  if (newline < 0 || header.slice(0, 2).join(' ') !== MAGIC || header[2] !== sha256(body))
    return cache;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return cache;
  }
  if (!isRecord(value) || value.platen !== codeFingerprint()) return cache;
  const { ir, names, optional, hashes, types, typesFile, validators } = value;
  if (isRecord(hashes))
    for (const [key, entry] of Object.entries(hashes))
      if (typeof entry === 'string') cache.hashes.set(key, entry);
  if (
    isRecord(typesFile) &&
    typeof typesFile.path === 'string' &&
    typeof typesFile.hash === 'string'
  )
    cache.typesFile = { path: typesFile.path, hash: typesFile.hash };
  if (![ir, names, optional, types, validators].every(isRecord)) return cache;
  for (const [key, entry] of Object.entries(ir as Record<string, unknown>))
    if (Array.isArray(entry) && entry.every(isDiagnostic)) cache.ir.set(key, entry);
  for (const [key, entry] of Object.entries(names as Record<string, unknown>))
    if (isCachedNames(entry)) cache.names.set(key, entry);
  for (const [key, entry] of Object.entries(optional as Record<string, unknown>))
    if (typeof entry === 'boolean') cache.optional.set(key, entry);
  for (const [key, entry] of Object.entries(types as Record<string, unknown>))
    if (isCachedTypes(entry)) cache.types.set(key, entry);
  for (const [key, entry] of Object.entries(validators as Record<string, unknown>))
    if (isCachedValidator(entry)) cache.validators.set(key, entry);
  cache.loaded = true;
  return cache;
}

/**
 * The cache file's text: header with the body's hash, then the entries in the order the build made
 * them (rule order: deterministic, and no sort of thousands of keys).
 */
export function serializeCache(cache: BuildCache, output = ''): string {
  const sorted = <T>(map: Map<string, T>): Record<string, T> => Object.fromEntries(map);
  const body = JSON.stringify({
    platen: codeFingerprint(),
    ir: sorted(cache.ir),
    names: sorted(cache.names),
    optional: sorted(cache.optional),
    hashes: sorted(cache.hashes),
    types: sorted(cache.types),
    ...(cache.typesFile === undefined ? {} : { typesFile: cache.typesFile }),
    validators: sorted(cache.validators),
  });
  // The output folder closes the header line, so stale caches can be told apart (see pruneCaches).
  return `${MAGIC} ${sha256(body)} ${JSON.stringify(output)}\n${body}`;
}

/** How many cache files a folder holds before a build looks for stale ones. */
const PRUNE_ABOVE = 32;

/**
 * Deletes the cache files in `dir` whose output folder no longer exists (test runs and renamed
 * outputs would otherwise pile them up), once there are more than a few. Only files this format
 * wrote are touched: a header it does not recognise is left alone.
 */
function pruneCaches(dir: string, keep: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= PRUNE_ABOVE) return;
  for (const name of names) {
    const path = join(dir, name);
    if (path === keep) continue;
    try {
      const head = Buffer.alloc(4096);
      const fd = openSync(path, 'r');
      let read: number;
      try {
        read = readSync(fd, head, 0, head.length, 0);
      } finally {
        closeSync(fd);
      }
      const line = head.toString('utf8', 0, read).split('\n', 1)[0]!;
      if (!line.startsWith(MAGIC + ' ')) continue;
      const output = JSON.parse(line.slice(MAGIC.length + 66)) as unknown;
      if (typeof output === 'string' && output !== '' && !existsSync(output)) unlinkSync(path);
    } catch {
      // Unreadable or in use: left for a later build.
    }
  }
}

/**
 * Writes the cache (through a temporary file and a rename, so a reader never sees half of it). A
 * cache that cannot be written is no error: the next build is a full one.
 */
export function writeCache(file: string | undefined, cache: BuildCache, output: string): void {
  if (file === undefined) return;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, serializeCache(cache, resolve(output)));
    renameSync(temporary, file);
    pruneCaches(dirname(file), file);
  } catch {
    // Read-only node_modules, full disk…: builds stay correct, only slower.
  }
}
