/**
 * The applicators `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`. Sub-errors are pushed
 * to the same list and dropped again (`e.length = n`) where Ajv drops them: a passing `anyOf` or
 * `oneOf`, `not` and `if` (whose own errors are never reported).
 */
import type { Json } from '../../plan/types.js';
import type { At, Builder, SchemaObject } from './builder.js';
import { alwaysValid } from './objects.js';

/** Statements for the applicators of `s`. */
export function logicKeywords(b: Builder, s: SchemaObject, at: At): string {
  let code = '';
  if (Array.isArray(s.allOf))
    s.allOf.forEach((part, i) => (code += b.sub(part, { ...at, sp: `${at.sp}/allOf/${i}` })));
  if (Array.isArray(s.anyOf)) code += anyOf(b, s.anyOf, at);
  if (Array.isArray(s.oneOf)) code += oneOf(b, s.oneOf, at);
  if (s.not !== undefined) code += not(b, s.not, at);
  if (s.if !== undefined) code += ifThenElse(b, s, at);
  return code;
}

/** `anyOf`: branches are tried until one passes (then every branch error is dropped). */
function anyOf(b: Builder, parts: Json[], at: At): string {
  const n = b.name('n');
  const ok = b.name('v');
  let code = `const ${n} = e.length;\nlet ${ok} = false;\n`;
  parts.forEach((part, i) => {
    const m = b.name('n');
    const body = b.sub(part, { ...at, sp: `${at.sp}/anyOf/${i}` });
    const branch = `const ${m} = e.length;\n${body}${ok} = e.length === ${m};\n`;
    code += i === 0 ? `{\n${branch}}\n` : `if (!${ok}) {\n${branch}}\n`;
  });
  return code + `if (${ok}) e.length = ${n};\nelse ${b.fail(at, 'anyOf')}\n`;
}

/**
 * `oneOf`, as Ajv 8 evaluates it: branches in order until a second one passes; `passingSchemas` is
 * `null` when none passed, or the first two passing indexes.
 */
function oneOf(b: Builder, parts: Json[], at: At): string {
  const n = b.name('n');
  const ok = b.name('v');
  const passing = b.name('q');
  let code = `const ${n} = e.length;\nlet ${ok} = false;\nlet ${passing} = null;\n`;
  let close = '';
  parts.forEach((part, i) => {
    const m = b.name('n');
    const body = b.sub(part, { ...at, sp: `${at.sp}/oneOf/${i}` });
    const valid = `e.length === ${m}`;
    code += `const ${m} = e.length;\n${body}`;
    if (i === 0) code += `if (${valid}) {\n${ok} = true;\n${passing} = 0;\n}\n`;
    else {
      code += `if (${valid} && ${ok}) {\n${ok} = false;\n${passing} = [${passing}, ${i}];\n} else {\n`;
      code += `if (${valid}) {\n${ok} = true;\n${passing} = ${i};\n}\n`;
      close += '}\n';
    }
  });
  code += close;
  const error = b.fail(at, 'oneOf', `{ passingSchemas: ${passing} }`);
  return code + `if (${ok}) e.length = ${n};\nelse ${error}\n`;
}

/** `not`: an error when the subschema passes; the subschema's own errors are never kept. */
function not(b: Builder, schema: Json, at: At): string {
  const n = b.name('n');
  const body = b.sub(schema, { ...at, sp: at.sp + '/not' });
  const error = b.fail(at, 'not');
  return `const ${n} = e.length;\n${body}if (e.length === ${n}) ${error}\nelse e.length = ${n};\n`;
}

/**
 * `if`/`then`/`else`: the `if` errors are dropped; a failing clause keeps its errors and adds an
 * `if` error naming it. Ajv ignores `if` without a (non-trivial) `then` or `else`.
 */
function ifThenElse(b: Builder, s: SchemaObject, at: At): string {
  const hasThen = s.then !== undefined && !alwaysValid(s.then);
  const hasElse = s.else !== undefined && !alwaysValid(s.else);
  if (!hasThen && !hasElse) return '';
  const n = b.name('n');
  const ok = b.name('v');
  let code = `const ${n} = e.length;\n${b.sub(s.if!, { ...at, sp: at.sp + '/if' })}`;
  code += `const ${ok} = e.length === ${n};\ne.length = ${n};\n`;
  const clause = (keyword: 'then' | 'else'): string => {
    const body = b.sub(s[keyword]!, { ...at, sp: `${at.sp}/${keyword}` });
    const error = b.fail(at, 'if', `{ failingKeyword: "${keyword}" }`);
    return `${body}if (e.length !== ${n}) ${error}\n`;
  };
  if (hasThen) code += `if (${ok}) {\n${clause('then')}}\n`;
  if (hasElse) code += `${hasThen ? 'else' : `if (!${ok})`} {\n${clause('else')}}\n`;
  return code;
}
