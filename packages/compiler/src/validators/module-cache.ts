/**
 * The in-process module cache and its key (a prepared schema's hash), apart from Ajv's code: a
 * build whose rules the native generator compiles never loads Ajv (~0.1 s CPU), and neither does
 * the shared worker of a large build (./share.ts).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Json } from '../plan/types.js';
import { PLATEN_VERSION } from '../version.js';
import type { RewrittenModule } from './standalone.js';
import { NATIVE_VERSION } from './native/index.js';

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
// Part of every schema hash: a new native generator, Ajv or Platen (options, rewrite) never reuses an
// old module, also not one read back from a previous build's output (see ./recovered.ts), so an Ajv
// module of an older build is never taken for a native one. Bump `v2` when the options change.
const CACHE_VERSION = `v2/${NATIVE_VERSION}/ajv@${ajvVersion()}/platen@${PLATEN_VERSION}`;

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

/** What compiling one schema produced. */
export interface CompiledModule extends RewrittenModule {
  /** True when a pattern needed non-Unicode regexp semantics. */
  legacyPatterns: boolean;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, CompiledModule>();

/** The cached module for a schema hash, if any. */
export function cachedModule(key: string): CompiledModule | undefined {
  return cache.get(key);
}

/** Remembers a compiled module (bounded: the oldest entry goes first). */
export function cacheModule(key: string, module: CompiledModule): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, module);
}

/** Empties the in-process cache (tests measure cold builds with it). */
export function clearValidatorCache(): void {
  cache.clear();
}
