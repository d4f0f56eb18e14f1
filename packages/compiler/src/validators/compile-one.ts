/**
 * The Ajv fallback: compiles one prepared schema to a rewritten standalone module (for the rules the
 * native generator declines), and the module cache keyed by schema hash that both paths share.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { Json } from '../plan/types.js';
import { createAjv } from './ajv.js';
import { rewriteStandalone, type RewrittenModule } from './standalone.js';
import { PLATEN_VERSION } from '../version.js';
import { NATIVE_VERSION } from './native/index.js';

// The CommonJS module's default export is the function under Node, but `.default` under some loaders.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ??
  standaloneModule) as unknown as (ajv: Ajv, validate: unknown) => string;

/** The id every prepared root is added under; removed again after each compile, so it can be constant. */
export const ROOT_ID = 'platen:rule';

function ajvVersion(): string {
  try {
    return (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version;
  } catch {
    // Bundled with Ajv inlined (tests, single-file builds): the Platen version still keys the cache.
    return 'bundled';
  }
}
const AJV_VERSION = ajvVersion();
// Part of every schema hash: a new native generator, Ajv or Platen (options, rewrite) never reuses an
// old module, also not one read back from a previous build's output (see ./reuse.ts), so an Ajv
// module of an older build is never taken for a native one. Bump `v2` when the options change.
const CACHE_VERSION = `v2/${NATIVE_VERSION}/ajv@${AJV_VERSION}/platen@${PLATEN_VERSION}`;
const CACHE_LIMIT = 10_000;
const cache = new Map<string, CompiledModule>();

/** Build-scoped Ajv instances: the normal one, and one for plans whose patterns are not valid Unicode regexps. */
export interface AjvPool {
  unicode?: Ajv;
  legacy?: Ajv;
}

/** What compiling one schema produced. */
export interface CompiledModule extends RewrittenModule {
  /** True when a pattern needed non-Unicode regexp semantics. */
  legacyPatterns: boolean;
}

/**
 * The cache key of a prepared schema: sha256 over the canonical (key-sorted) JSON and the payload
 * pointer; `ajvOnly` keys the module compiled without the native generator.
 */
export function schemaHash(root: Json, payload: string | undefined, ajvOnly = false): string {
  return createHash('sha256')
    .update(
      `${CACHE_VERSION}${ajvOnly ? '/ajv-only' : ''}\0${payload ?? '-'}\0${JSON.stringify(root)}`,
    )
    .digest('hex');
}

/** The cached module for a schema hash, if any. */
export function cachedModule(key: string): CompiledModule | undefined {
  return cache.get(key);
}

/** Remembers a compiled module (bounded: the oldest entry goes first). */
export function cacheModule(key: string, module: CompiledModule): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, module);
}

/**
 * Compiles `root` (already prepared, keys sorted) into the module validating the payload at
 * `payload` (`undefined`: no payload schema, everything is valid), without the cache. Throws Ajv's
 * error when the schema cannot be compiled in either regexp mode. Runs in worker threads too.
 */
export function compileUncached(
  pool: AjvPool,
  root: Json,
  payload: string | undefined,
): CompiledModule {
  try {
    return {
      ...compileWith((pool.unicode ??= createAjv(true)), root, payload),
      legacyPatterns: false,
    };
  } catch (err) {
    // A failed compile can leave ids registered; the next rule gets a fresh instance.
    pool.unicode = undefined;
    if (!/regular expression/i.test(String(err))) throw err;
    // Real plans contain patterns such as `^[\w\.]+$` that are only valid without the `u` flag.
    return {
      ...compileWith((pool.legacy ??= createAjv(false)), root, payload),
      legacyPatterns: true,
    };
  }
}

/** {@link compileUncached} behind the cache. The outcome depends only on the schema, so every kind is cached. */
export function compileModule(
  pool: AjvPool,
  root: Json,
  payload: string | undefined,
): CompiledModule {
  const key = schemaHash(root, payload);
  const hit = cache.get(key);
  if (hit) return hit;
  const result = compileUncached(pool, root, payload);
  cacheModule(key, result);
  return result;
}

function compileWith(ajv: Ajv, root: Json, payload: string | undefined): RewrittenModule {
  if (payload === undefined) return rewriteStandalone(standaloneCode(ajv, ajv.compile({})));
  const ref = `${ROOT_ID}#${payload}`;
  try {
    ajv.addSchema(root as object, ROOT_ID);
    const validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema at ${payload}`);
    return rewriteStandalone(standaloneCode(ajv, validate));
  } finally {
    // getSchema caches the fragment under its own key: both go, or the next rule would get this one.
    ajv.removeSchema(ref);
    ajv.removeSchema(ROOT_ID);
  }
}

/** Empties the in-process cache (tests measure cold builds with it). */
export function clearValidatorCache(): void {
  cache.clear();
}
