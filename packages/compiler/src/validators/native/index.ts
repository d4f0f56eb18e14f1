/**
 * Platen's own validator generator: each rule's prepared JSON Schema becomes compact data (./data.ts)
 * that the runtime's one `validator` interpreter walks, reporting errors exactly as Ajv 8
 * (`allErrors: true`, draft-07) does. It declines (returns `undefined`) whatever it does not
 * support, and the caller compiles that rule with Ajv instead:
 * - a schema Ajv's meta-schema check refuses (Ajv then reports it, as before);
 * - `$id` below the root and non-local or anchor `$ref`s (base-URI resolution is Ajv's job);
 * - `nullable` and other keywords Ajv 8 implements beyond draft-07;
 * - a pattern that is no valid regular expression even without the `u` flag.
 */
import type { Json } from '../../plan/types.js';
import type { CompiledModule } from '../module-cache.js';
import { DataBuilder } from './data.js';
import { Decline, NeedsLegacyPatterns } from './decline.js';
import { resolveRef } from './refs.js';
import { checkShapes } from './shape.js';

/** Part of every schema hash: bump it whenever the generated code changes. */
export const NATIVE_VERSION = 'native@4';

/** Why the last {@link compileNative} call declined, for diagnostics and tests. */
export let lastDecline: string | undefined;

function moduleOf(root: string, b: DataBuilder | undefined): CompiledModule {
  const { declarations, texts } = b
    ? b.resolve([root, ...b.defs])
    : { declarations: '', texts: [root] };
  const [data, ...defs] = texts;
  const table = defs.length > 0 ? `, [\n${defs.join(',\n')},\n]` : '';
  const flags = b?.legacyPatterns ? `${table || ', []'}, ""` : table;
  const code = `${declarations}export const validate = /* @__PURE__ */ validator(${data}${flags});\n`;
  // The code is a deep tree of concatenations until something reads it; reading it once here
  // (a RegExp flattens its subject) frees the tree now instead of keeping a build's worth for the GC.
  FLATTEN.test(code);
  const imports = b ? [...b.imports].sort() : ['validator'];
  return { code, imports, legacyPatterns: b?.legacyPatterns ?? false };
}

const FLATTEN = /^export/;

function generate(root: Json, payload: string, legacyPatterns: boolean): CompiledModule {
  const b = new DataBuilder(root, legacyPatterns);
  const { schema } = resolveRef(root, '#' + payload);
  return moduleOf(b.node(schema), b);
}

/**
 * The module validating the payload at `payload` inside the prepared `root` (`undefined` payload:
 * everything is valid), or `undefined` when the Ajv fallback must compile it.
 */
export function compileNative(root: Json, payload: string | undefined): CompiledModule | undefined {
  lastDecline = undefined;
  if (payload === undefined) return moduleOf('1', undefined);
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
