/**
 * Platen's own validator generator: JavaScript straight from the prepared JSON Schema, by plain
 * string building, reporting errors exactly as Ajv 8 (`allErrors: true`, draft-07) does. It
 * declines (returns `undefined`) whatever it does not support, and the caller compiles that rule
 * with Ajv instead:
 * - a schema Ajv's meta-schema check refuses (Ajv then reports it, as before);
 * - `$id` below the root and non-local or anchor `$ref`s (base-URI resolution is Ajv's job);
 * - `nullable` and other keywords Ajv 8 implements beyond draft-07;
 * - a pattern that is no valid regular expression even without the `u` flag.
 */
import type { Json } from '../../plan/types.js';
import type { CompiledModule } from '../compile-one.js';
import { Builder, Decline, NeedsLegacyPatterns } from './builder.js';
import { subschema } from './generate.js';
import { resolveRef } from './refs.js';
import { checkShapes } from './shape.js';

/** Part of every schema hash: bump it whenever the generated code changes. */
export const NATIVE_VERSION = 'native@2';

/** Why the last {@link compileNative} call declined, for diagnostics and tests. */
export let lastDecline: string | undefined;

function generate(root: Json, payload: string, legacyPatterns: boolean): CompiledModule {
  const b = new Builder(root, legacyPatterns);
  b.sub = (schema, at) => subschema(b, schema, at);
  const { schema } = resolveRef(root, '#' + payload);
  const body = b.sub(schema, { sp: '', d: 'd', path: [] });
  const code =
    b.declarations() +
    b.functions.join('') +
    'export const validate = function validate(d) {\nconst e = [];\n' +
    body +
    'validate.errors = e.length === 0 ? null : e;\nreturn e.length === 0;\n};\n';
  // The code is a deep tree of concatenations until something reads it; reading it once here
  // (a RegExp flattens its subject) frees the tree now instead of keeping a build's worth for the GC.
  FLATTEN.test(code);
  return { code, imports: [...b.imports].sort(), legacyPatterns };
}

const FLATTEN = /^export/;

/**
 * The module validating the payload at `payload` inside the prepared `root` (`undefined` payload:
 * everything is valid), or `undefined` when the Ajv fallback must compile it.
 */
export function compileNative(root: Json, payload: string | undefined): CompiledModule | undefined {
  lastDecline = undefined;
  if (payload === undefined) {
    const code =
      'export const validate = function validate(d) {\nvalidate.errors = null;\nreturn true;\n};\n';
    return { code, imports: [], legacyPatterns: false };
  }
  try {
    checkShapes(root);
    try {
      return generate(root, payload, false);
    } catch (err) {
      // Real plans contain patterns such as `^[\w\.]+$` that are only valid without the `u` flag.
      if (err instanceof NeedsLegacyPatterns) return generate(root, payload, true);
      throw err;
    }
  } catch (err) {
    if (!(err instanceof Decline)) throw err;
    lastDecline = err.message;
    return undefined;
  }
}
