/**
 * One rule's validator module, compiled in memory: exactly the module `platen build` writes to
 * `validators/<name>.ts` for a dev client (same preparation, native generator first, Ajv's
 * standalone code for the rules it declines), for a server that validates live events with the
 * validators the generated clients use (`@platen/registry`'s monitoring ingest).
 */
import type { Json, RuleType } from '../plan/types.js';
import type { AjvPool } from './compile-one.js';
import { cachedModule, cacheModule, ROOT_ID, schemaHash } from './module-cache.js';
import { compileNative } from './native/index.js';
import { prepareSchema } from './prepare.js';

/** A validator module's body and the `@platen/runtime/validation` exports it imports by name. */
export interface RuleValidatorModule {
  /**
   * The module's statements without its import line; it ends in `export const validate = …`, an
   * Ajv-style validator (`validate(payload)` → boolean, errors on `validate.errors`).
   */
  code: string;
  /** Names the code uses from `@platen/runtime/validation`. */
  imports: string[];
}

const pool: AjvPool = {};

/**
 * Compiles the validator of the payload a rule of `type` describes (properties for TRACK, PAGE and
 * SCREEN, traits for IDENTIFY and GROUP, the whole message for COMMON). Throws when neither the
 * native generator nor Ajv can compile the schema (`platen check` reports such a rule).
 */
export function compileRuleValidator(schema: Json, type: RuleType): RuleValidatorModule {
  const { root, payload } = prepareSchema(schema, type, ROOT_ID);
  const key = schemaHash(root, payload);
  const hit = cachedModule(key);
  if (hit) return { code: hit.code, imports: hit.imports };
  let module;
  try {
    module = compileNative(root, payload);
  } catch {
    // A generator bug must not stop validation: Ajv compiles the rule instead, as in a build.
  }
  if (!module) {
    module = compileAjv(root, payload);
  }
  cacheModule(key, module);
  return { code: module.code, imports: module.imports };
}

let ajvCompile: typeof import('./compile-one.js').compileUncached | undefined;

/** Set once by {@link loadRuleValidatorFallback}: the Ajv path is an async import, like the build's. */
function compileAjv(root: Json, payload: string | undefined) {
  if (!ajvCompile)
    throw new Error(
      'the Ajv fallback is not loaded: await loadRuleValidatorFallback() before compiling',
    );
  return ajvCompile(pool, root, payload);
}

/** Loads Ajv's standalone compiler for the rules the native generator declines (once; cheap after). */
export async function loadRuleValidatorFallback(): Promise<void> {
  ajvCompile ??= (await import('./compile-one.js')).compileUncached;
}
