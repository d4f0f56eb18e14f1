/**
 * Differential harness: a prepared schema compiled by the native generator (evaluated in-process
 * against the runtime's sources) and by a fresh Ajv 8 (draft-07, allErrors, the runtime's own
 * format checkers, so only the generators differ). Compares validity and the sorted error lists.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import * as runtime from '../../../runtime/src/validation/index.js';
import type { Json, RuleType } from '../../src/plan/types.js';
import { compileNative, lastDecline } from '../../src/validators/native/index.js';
import { prepareSchema } from '../../src/validators/prepare.js';
import { ANNOTATION_KEYWORDS } from '../../src/validators/ajv.js';
import { UNCHECKED_FORMATS } from '../../src/validators/formats.js';

/** An error as both sides report it. */
export interface ReportedError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A validator function as both sides produce it. */
export type Validate = ((data: unknown) => boolean) & { errors?: ReportedError[] | null };

/** A comparable error: instancePath, keyword and params (JSON, so key order does not matter). */
export type ErrorKey = string;

/** Evaluates a native module's code with the runtime helpers it imports. */
export function loadNative(code: string, imports: readonly string[]): Validate {
  const values = imports.map((name) => (runtime as Record<string, unknown>)[name]);
  if (values.some((v) => v === undefined)) throw new Error(`missing runtime export in ${imports}`);
  const body =
    code.replace(/^export const validate = /m, 'const validate = ') + '\nreturn validate;';
  return new Function(...imports, body)(...values) as Validate;
}

/** A fresh Ajv configured like Platen's, but with real format checkers. */
export function freshAjv(unicodeRegExp = true): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, unicodeRegExp });
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword });
  for (const [name, check] of Object.entries(runtime.formats)) ajv.addFormat(name, check);
  for (const name of ['int32', 'int64'] as const)
    ajv.addFormat(name, { type: 'number', validate: runtime.numberFormats[name]! });
  for (const name of UNCHECKED_FORMATS) ajv.addFormat(name, true);
  return ajv;
}

/** Both validators of a rule schema (prepared as a build prepares it). */
export interface Pair {
  native: Validate | undefined;
  ajv: ValidateFunction;
  decline: string | undefined;
  legacyPatterns: boolean;
}

let counter = 0;
const shared: (Ajv | undefined)[] = [];

/** Compiles `schema` (a whole rule schema) both ways. */
export function pair(schema: Json, type: RuleType = 'TRACK'): Pair {
  const id = `platen:test/${counter++}`;
  const prepared = prepareSchema(schema, type, id);
  const module = compileNative(prepared.root, prepared.payload);
  const decline = lastDecline;
  const unicode = !module?.legacyPatterns;
  // One Ajv per regexp mode (creating one costs milliseconds); each schema is removed again.
  const ajv = (shared[unicode ? 1 : 0] ??= freshAjv(unicode));
  let validate: ValidateFunction;
  try {
    ajv.addSchema(prepared.root as object, id);
    validate =
      prepared.payload === undefined
        ? ajv.compile({})
        : ajv.getSchema(`${id}#${prepared.payload}`)!;
  } finally {
    ajv.removeSchema(`${id}#${prepared.payload}`);
    ajv.removeSchema(id);
  }
  return {
    native: module && loadNative(module.code, module.imports),
    ajv: validate,
    decline,
    legacyPatterns: module?.legacyPatterns ?? false,
  };
}

/**
 * The errors of one run, sorted, as comparable strings. `schemaPath` only on request: Ajv's
 * depends on whether it inlined a `$ref`.
 */
export function errorKeys(
  v: Validate,
  data: unknown,
  withSchemaPath = false,
): { valid: boolean; errors: ErrorKey[] } {
  const valid = v(data);
  const errors = (v.errors ?? [])
    .map((e) =>
      JSON.stringify([
        e.instancePath,
        e.keyword,
        sortKeys(e.params),
        ...(withSchemaPath ? [e.schemaPath] : []),
      ]),
    )
    .sort();
  return { valid, errors };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/** A TRACK rule schema whose payload (`properties`) is `payload`, with `definitions` at the root. */
export function track(payload: Json, definitions?: Record<string, Json>): Json {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { properties: payload },
    required: ['properties'],
    ...(definitions ? { definitions } : {}),
  };
}
