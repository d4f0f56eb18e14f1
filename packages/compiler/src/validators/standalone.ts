/**
 * Rewrites Ajv's standalone output into a self-contained ES module that imports its helpers from
 * `@platen/runtime/validation` (never from `ajv`), with stable identifiers and tree-shakeable
 * top-level statements.
 */
import { FORMAT_EXPORTS, NUMBER_FORMAT_EXPORTS } from './formats.js';

/** The expression Ajv is told to use for its formats map; every use is rewritten to a named import. */
export const FORMATS_PLACEHOLDER = '__platenFormats';

/** The module that holds `ucs2length`, `equal` and the format checkers at run time. */
export const RUNTIME_VALIDATION_MODULE = '@platen/runtime/validation';

// Ajv's runtime helpers, as its standalone code requires them, and their runtime export names.
const RUNTIME_HELPERS: Record<string, string> = {
  'ajv/dist/runtime/ucs2length': 'ucs2length',
  'ajv/dist/runtime/equal': 'equal',
};

// One left-to-right scan. Alternatives, in priority order: a `"__proto__":` key in a schema constant
// (made computed, so the object gets an own key instead of a new prototype), a helper `require(...)`, a use of the
// formats placeholder, any double-quoted string (skipped whole, so data inside strings, such as a
// property named `schema1`, is never rewritten), `new RegExp(`, and a module-scope name Ajv numbered
// with an instance-wide counter (not a property access such as `data.schema1`).
const TOKEN =
  /("__proto__")(?=:)|require\("([^"]+)"\)\.default|__platenFormats(?:\["((?:[^"\\]|\\.)*)"\]|\.([A-Za-z_$][\w$]*))|("(?:[^"\\]|\\.)*")|(new RegExp\()|(?<![.\w$])(schema|validate|wrapper|root|func|formats|pattern)(\d+)\b/g;

/** Result of {@link rewriteStandalone}: the module body and the runtime names it needs. */
export interface RewrittenModule {
  code: string;
  imports: string[];
}

/**
 * Rewrites one module of Ajv standalone code (`code.esm`, `code.formats` = the placeholder).
 * Throws when the code needs something the runtime does not provide (a bug, reported by the caller).
 */
export function rewriteStandalone(source: string): RewrittenModule {
  const imports = new Set<string>();
  const renamed = new Map<string, string>();
  const counters = new Map<string, number>();
  const body = source
    .replace(/^"use strict";\n?/, '')
    // The named `validate` export is the contract; a default export would only confuse bundlers' interop.
    .replace(/^export default [\w$]+;\n?/m, '');
  const code = body.replace(
    TOKEN,
    (
      match,
      protoKey?: string,
      helper?: string,
      fmtQuoted?: string,
      fmtDotted?: string,
      str?: string,
      regexp?: string,
      prefix?: string,
    ) => {
      if (protoKey !== undefined) return '["__proto__"]';
      if (helper !== undefined) {
        const name = RUNTIME_HELPERS[helper];
        if (name === undefined)
          throw new Error(`validator needs an unsupported Ajv runtime helper: ${helper}`);
        imports.add(name);
        return name;
      }
      if (fmtQuoted !== undefined || fmtDotted !== undefined) {
        const format = fmtDotted ?? (JSON.parse(`"${fmtQuoted}"`) as string);
        if (Object.hasOwn(FORMAT_EXPORTS, format)) {
          imports.add(FORMAT_EXPORTS[format]!);
          return FORMAT_EXPORTS[format]!;
        }
        // Ajv calls a typed (number) format as `format.validate(n)`.
        if (Object.hasOwn(NUMBER_FORMAT_EXPORTS, format)) {
          imports.add(NUMBER_FORMAT_EXPORTS[format]!);
          return `{ validate: ${NUMBER_FORMAT_EXPORTS[format]!} }`;
        }
        throw new Error(`validator uses a format with no runtime checker: ${format}`);
      }
      if (str !== undefined) return str;
      // Patterns are compiled once at module load; marked pure so an unused validator is dropped whole.
      if (regexp !== undefined) return '/* @__PURE__ */ new RegExp(';
      let name = renamed.get(match);
      if (name === undefined) {
        const n = counters.get(prefix!) ?? 0;
        counters.set(prefix!, n + 1);
        name = `${prefix}${n}`;
        renamed.set(match, name);
      }
      return name;
    },
  );
  if (/\brequire\(/.test(code.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) {
    throw new Error('validator code still requires a module');
  }
  return { code: code.trim() + '\n', imports: [...imports].sort() };
}

/** The import line of a validator module, or nothing when it needs no runtime helper. */
export function importLine(imports: readonly string[]): string {
  return imports.length === 0
    ? ''
    : `import { ${imports.join(', ')} } from '${RUNTIME_VALIDATION_MODULE}';\n`;
}

/**
 * A validator module's body (import line + code) as CommonJS: the runtime import becomes a
 * `require`, the `validate` export an `exports.validate` assignment (`validate0` is a hoisted
 * function, so the assignment may stay first). {@link fromCommonJs} undoes it exactly.
 */
export function toCommonJs(body: string): string {
  return body
    .replace(
      /^import \{ ([\w, ]+) \} from '([^']+)';$/m,
      (_, names: string, from: string) => `const { ${names} } = require('${from}');`,
    )
    .replace(/^export const validate = /m, 'exports.validate = ');
}

/** The ES module body {@link toCommonJs} was made from. */
export function fromCommonJs(body: string): string {
  return body
    .replace(
      /^const \{ ([\w, ]+) \} = require\('([^']+)'\);$/m,
      (_, names: string, from: string) => `import { ${names} } from '${from}';`,
    )
    .replace(/^exports\.validate = /m, 'export const validate = ');
}
