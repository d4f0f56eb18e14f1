/**
 * The code of one subschema: boolean schemas, `$ref`, `type`, `enum`, `const`, then the keywords of
 * each data type (each group runs only when the data has that type, as in Ajv) and the applicators.
 * Every error is reported as Ajv 8 with `allErrors: true` reports it (keyword, params, paths).
 */
import type { Json } from '../../plan/types.js';
import type { At, Builder, SchemaObject } from './builder.js';
import { literal } from './literal.js';
import { arrayKeywords } from './arrays.js';
import { logicKeywords } from './logic.js';
import { objectKeywords } from './objects.js';
import { numberKeywords, stringKeywords } from './scalars.js';
import { refFunction } from './refs.js';
import { pathCode } from './literal.js';

/**
 * The test that `d` has the JSON type `type`, as Ajv writes it (`strictNumbers: false`); the
 * longer tests are runtime helpers (`obj`, `int`), one short call at each site.
 */
export function typeTest(b: Builder, type: string, d: string): string {
  switch (type) {
    case 'string':
    case 'boolean':
    case 'number':
      return `typeof ${d} == "${type}"`;
    case 'integer':
      return `${b.use('int')}(${d})`;
    case 'null':
      return `${d} === null`;
    case 'array':
      return `Array.isArray(${d})`;
    default:
      return `${b.use('obj')}(${d})`;
  }
}

/** The keyword groups by the data type they apply to. */
const GROUPS: [string, (b: Builder, s: SchemaObject, at: At) => string][] = [
  ['number', numberKeywords],
  ['string', stringKeywords],
  ['array', arrayKeywords],
  ['object', objectKeywords],
];

/** Statements validating `at.d` against `schema` (errors pushed to `e`). */
export function subschema(b: Builder, schema: Json, at: At): string {
  if (schema === true) return '';
  if (schema === false) return b.fail(at, 'false schema') + '\n';
  const s = schema as SchemaObject;
  let code = '';
  if (typeof s.$ref === 'string') {
    code += `${refFunction(b, s.$ref)}(${at.d}, ${pathCode(at.path)}, e);\n`;
  }
  const types =
    s.type === undefined ? [] : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  // Type names are plain words (checked up front): no escaping needed.
  const typeArg = JSON.stringify(s.type);
  const typeError = (): string => b.call(at, 'typ', typeArg);
  // A single declared type whose group has keywords: the type error is the group's `else`.
  let merged: string | undefined;
  if (types.length === 1 && GROUPS.some(([t]) => t === types[0])) merged = types[0];
  if (types.length > 0 && merged === undefined) {
    const test = types.map((t) => typeTest(b, t, at.d)).join(' || ');
    code += `if (!(${test})) ${typeError()}\n`;
  }
  code += enumAndConst(b, s, at);
  for (const [type, keywords] of GROUPS) {
    const body = keywords(b, s, at);
    if (type === merged && !body) {
      code += `if (!(${typeTest(b, type, at.d)})) ${typeError()}\n`;
    } else if (type === merged) {
      const error = typeError();
      code += `if (${typeTest(b, type, at.d)}) {\n${body}} else ${error}\n`;
    } else if (body) code += `if (${typeTest(b, type, at.d)}) {\n${body}}\n`;
  }
  return code + logicKeywords(b, s, at);
}

function isScalar(value: Json): boolean {
  return typeof value !== 'object' || value === null;
}

/** `enum` (a Set for many scalar values) and `const`; objects and arrays compare with `equal`. */
function enumAndConst(b: Builder, s: SchemaObject, at: At): string {
  let code = '';
  const d = at.d;
  if (Array.isArray(s.enum)) {
    const values = s.enum;
    const all = b.constant(values);
    const scalars = values.filter(isScalar);
    const tests: string[] = [];
    if (scalars.length > 4) {
      const set = b.hoist(
        `/* @__PURE__ */ new Set(${scalars.length === values.length ? all : literal(scalars)})`,
      );
      tests.push(`!${set}.has(${d})`);
    } else for (const v of scalars) tests.push(`${d} !== ${literal(v)}`);
    values.forEach((v, i) => {
      if (!isScalar(v)) tests.push(`!${b.use('equal')}(${d}, ${all}[${i}])`);
    });
    code += `if (${tests.join(' && ')}) ${b.call(at, 'en', all)}\n`;
  }
  if (s.const !== undefined) {
    const value = s.const;
    const test = isScalar(value)
      ? `${d} !== ${literal(value)}`
      : `!${b.use('equal')}(${d}, ${b.constant(value)})`;
    const shown = isScalar(value) ? literal(value) : b.constant(value);
    code += `if (${test}) ${b.fail(at, 'const', `{ allowedValue: ${shown} }`)}\n`;
  }
  return code;
}
