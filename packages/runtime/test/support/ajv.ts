// Ajv and ajv-formats are dependencies of @platen/compiler, not of the runtime (which must never
// ship them); tests reach them through the compiler package instead of adding dev dependencies.
import { createRequire } from 'node:module';
import type { AjvError, Validator } from '../../src/index.js';

const require = createRequire(new URL('../../../compiler/package.json', import.meta.url));

type Format = RegExp | ((s: string) => boolean) | { validate: RegExp | ((s: string) => boolean) };
interface AjvLike {
  compile(schema: object): Validator;
}
const AjvClass = (require('ajv') as { default: new (o: object) => AjvLike }).default;

/** ajv-formats' "full" mode definitions, keyed by format name. */
export const fullFormats = (
  require('ajv-formats/dist/formats') as { fullFormats: Record<string, unknown> }
).fullFormats;

/** ajv's own runtime helpers, the reference for ours. */
export const ajvUcs2length = (
  require('ajv/dist/runtime/ucs2length') as { default: (s: string) => number }
).default;
export const ajvEqual = (
  require('ajv/dist/runtime/equal') as { default: (a: unknown, b: unknown) => boolean }
).default;

/** Runs ajv-formats' checker for `name` on a string, whatever shape the definition has. */
export function ajvFormat(name: string, value: string): boolean {
  const def = fullFormats[name] as Format | boolean;
  if (typeof def === 'boolean') return def;
  const check = typeof def === 'object' && !(def instanceof RegExp) ? def.validate : def;
  return typeof check === 'function' ? check(value) : check.test(value);
}

/** Compiles a schema the way the emitter will: all errors, no messages, ajv-formats registered. */
export function compile(schema: object): Validator {
  const ajv = new AjvClass({ allErrors: true, messages: false, strict: false });
  (require('ajv-formats') as { default: (a: AjvLike) => void }).default(ajv);
  return ajv.compile(schema);
}

/**
 * Compiles a schema to Ajv standalone CommonJS source whose formats come from
 * `require("@platen/runtime/validation").formats`, as the emitter does (the given checkers are
 * registered at compile time). Ajv still names its own ucs2length/equal; callers rewrite those.
 */
export function standaloneSource(
  schema: object,
  formats: Record<string, (s: string) => boolean>,
): string {
  const { _ } = require('ajv') as { _: (s: TemplateStringsArray) => unknown };
  const standalone = (
    require('ajv/dist/standalone') as { default: (a: object, v: Validator) => string }
  ).default;
  const ajv = new AjvClass({
    allErrors: true,
    messages: false,
    code: { source: true, formats: _`require("@platen/runtime/validation").formats` },
  }) as AjvLike & { addFormat(name: string, check: (s: string) => boolean): void };
  for (const [name, check] of Object.entries(formats)) ajv.addFormat(name, check);
  return standalone(ajv, ajv.compile(schema));
}

/** The Ajv errors a schema reports for a payload (empty when it is valid). */
export function errorsFor(schema: object, payload: unknown): AjvError[] {
  const validate = compile(schema);
  validate(payload);
  return validate.errors ?? [];
}
