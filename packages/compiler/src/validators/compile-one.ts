/**
 * The Ajv fallback: compiles one prepared schema to a rewritten standalone module (for the rules the
 * native generator declines). The module cache both paths share is ./module-cache.ts; only this
 * module loads Ajv, on demand.
 */
import type { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { Json } from '../plan/types.js';
import { createAjv } from './ajv.js';
import { rewriteStandalone, type RewrittenModule } from './standalone.js';
import { ROOT_ID, type CompiledModule } from './module-cache.js';

// The CommonJS module's default export is the function under Node, but `.default` under some loaders.
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ??
  standaloneModule) as unknown as (ajv: Ajv, validate: unknown) => string;

/** Build-scoped Ajv instances: the normal one, and one for plans whose patterns are not valid Unicode regexps. */
export interface AjvPool {
  unicode?: Ajv;
  legacy?: Ajv;
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
