/**
 * Keywords of numbers (`minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`,
 * number `format`s) and of strings (`minLength`, `maxLength` in code points, `pattern`, `format`).
 */
import type { At, Builder, SchemaObject } from './builder.js';
import { num, str } from './literal.js';
import { FORMAT_EXPORTS, NUMBER_FORMAT_EXPORTS } from '../formats.js';

// Ajv's comparison for each limit keyword: the `comparison` param is the operator that must hold.
const LIMITS: [string, string][] = [
  ['maximum', '<='],
  ['minimum', '>='],
  ['exclusiveMaximum', '<'],
  ['exclusiveMinimum', '>'],
];

/** Statements for the number keywords of `s` (run inside `typeof d == "number"`). */
export function numberKeywords(b: Builder, s: SchemaObject, at: At): string {
  let code = '';
  const d = at.d;
  for (const [keyword, op] of LIMITS) {
    const limit = s[keyword];
    if (typeof limit !== 'number') continue;
    // `!(d <= limit)`: NaN fails too, as in Ajv (`d > limit || isNaN(d)`).
    // The runtime's `cmp` names the keyword from the comparison.
    code += `if (!(${d} ${op} ${num(limit)})) ${b.call(at, 'cmp', `${str(op)}, ${num(limit)}`)}\n`;
  }
  const m = s.multipleOf;
  if (typeof m === 'number') {
    // Ajv's test, float quirks included: the quotient must equal its parseInt.
    const q = b.name('q');
    code += `const ${q} = ${d} / ${num(m)};\n`;
    code += `if (${q} !== parseInt(${q})) ${b.fail(at, 'multipleOf', `{ multipleOf: ${num(m)} }`)}\n`;
  }
  const format = s.format;
  if (typeof format === 'string' && Object.hasOwn(NUMBER_FORMAT_EXPORTS, format)) {
    const check = b.use(NUMBER_FORMAT_EXPORTS[format]!);
    code += `if (!${check}(${d})) ${b.call(at, 'fmt', str(format))}\n`;
  }
  return code;
}

/** Statements for the string keywords of `s` (run inside `typeof d == "string"`). */
export function stringKeywords(b: Builder, s: SchemaObject, at: At): string {
  let code = '';
  const d = at.d;
  const max = s.maxLength;
  if (typeof max === 'number') {
    // A string no longer in UTF-16 units than the limit cannot be longer in code points.
    const test = `${d}.length > ${max} && ${b.use('ucs2length')}(${d}) > ${max}`;
    code += `if (${test}) ${b.call(at, 'lim', `"maxLength", ${max}`)}\n`;
  }
  const min = s.minLength;
  if (typeof min === 'number' && min > 0) {
    // Fewer code points than UTF-16 units, but never none in a non-empty string: for a limit
    // of 1 the length alone decides.
    const test =
      min === 1
        ? `${d}.length < 1`
        : `${d}.length < ${min} || ${b.use('ucs2length')}(${d}) < ${min}`;
    code += `if (${test}) ${b.call(at, 'lim', `"minLength", ${min}`)}\n`;
  }
  if (typeof s.pattern === 'string') {
    const re = b.regexp(s.pattern);
    code += `if (!${re}.test(${d})) ${b.fail(at, 'pattern', `{ pattern: ${str(s.pattern)} }`)}\n`;
  }
  const format = s.format;
  // Unknown and deliberately unchecked formats cost nothing (a warning names unknown ones).
  if (typeof format === 'string' && Object.hasOwn(FORMAT_EXPORTS, format)) {
    const check = b.use(FORMAT_EXPORTS[format]!);
    code += `if (!${check}(${d})) ${b.call(at, 'fmt', str(format))}\n`;
  }
  return code;
}
