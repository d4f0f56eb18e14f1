/**
 * Keywords of arrays: `minItems`, `maxItems`, `uniqueItems`, `items` (one schema or a tuple),
 * `additionalItems`, `contains` (draft-07: at least one item).
 */
import type { Json } from '../../plan/types.js';
import type { At, Builder, SchemaObject } from './builder.js';
import { childPath, dynamicPath } from './literal.js';
import { alwaysValid } from './objects.js';

/** The item schema's types when uniqueItems may compare scalars by key (Ajv's `loopN`). */
function scalarItemTypes(items: Json | undefined): string[] | undefined {
  if (typeof items !== 'object' || items === null || Array.isArray(items)) return undefined;
  const type = items.type;
  const types =
    type === undefined ? [] : Array.isArray(type) ? (type as string[]) : [type as string];
  if (types.length === 0 || types.some((t) => t === 'object' || t === 'array')) return undefined;
  return types;
}

/** Statements for the array keywords of `s` (run inside `Array.isArray(d)`). */
export function arrayKeywords(b: Builder, s: SchemaObject, at: At): string {
  let code = '';
  const d = at.d;
  for (const [keyword, op] of [
    ['maxItems', '>'],
    ['minItems', '<'],
  ] as const) {
    const limit = s[keyword];
    if (typeof limit !== 'number') continue;
    code += `if (${d}.length ${op} ${limit}) ${b.call(at, 'lim', `"${keyword}", ${limit}`)}\n`;
  }
  if (s.uniqueItems === true) {
    const u = b.name('u');
    const types = scalarItemTypes(s.items);
    const args = types ? `${d}, ${b.constant(types)}` : d;
    code += `const ${u} = ${b.use('duplicate')}(${args});\n`;
    code += `if (${u}) ${b.fail(at, 'uniqueItems', `{ i: ${u}[0], j: ${u}[1] }`)}\n`;
  }
  const items = s.items;
  if (Array.isArray(items)) {
    items.forEach((schema, i) => {
      const v = b.name('d');
      const body = b.sub(schema, { sp: `${at.sp}/items/${i}`, d: v, path: childPath(at.path, i) });
      if (body) code += `if (${d}.length > ${i}) {\nconst ${v} = ${d}[${i}];\n${body}}\n`;
    });
    const extra = s.additionalItems;
    if (extra === false) {
      const error = b.fail(at, 'additionalItems', `{ limit: ${items.length} }`);
      code += `if (${d}.length > ${items.length}) ${error}\n`;
    } else if (extra !== undefined && !alwaysValid(extra)) {
      code += loop(b, extra, at, at.sp + '/additionalItems', items.length);
    }
  } else if (items !== undefined && !alwaysValid(items)) {
    code += loop(b, items, at, at.sp + '/items', 0);
  }
  if (s.contains !== undefined) code += contains(b, s.contains, at);
  return code;
}

/** Validates every item from `from` on against `schema`. */
function loop(b: Builder, schema: Json, at: At, sp: string, from: number): string {
  const i = b.name('i');
  const v = b.name('d');
  const body = b.sub(schema, { sp, d: v, path: dynamicPath(at.path, i) });
  if (!body) return '';
  return `for (let ${i} = ${from}; ${i} < ${at.d}.length; ${i}++) {\nconst ${v} = ${at.d}[${i}];\n${body}}\n`;
}

/**
 * `contains`: items are tried in order until one passes; then the errors of those before it are
 * dropped, otherwise they stay, followed by a `contains` error (`minContains: 1`, as Ajv says).
 */
function contains(b: Builder, schema: Json, at: At): string {
  const sp = at.sp + '/contains';
  const error = b.fail(at, 'contains', '{ minContains: 1 }');
  const i = b.name('i');
  const v = b.name('d');
  const body = b.sub(schema, { sp, d: v, path: dynamicPath(at.path, i) });
  if (!body && schema !== false) return `if (${at.d}.length < 1) ${error}\n`;
  const n = b.name('n');
  const ok = b.name('v');
  const m = b.name('n');
  return (
    `const ${n} = e.length;\nlet ${ok} = false;\n` +
    `for (let ${i} = 0; ${i} < ${at.d}.length; ${i}++) {\nconst ${v} = ${at.d}[${i}];\nconst ${m} = e.length;\n${body}` +
    `if (e.length === ${m}) {\n${ok} = true;\nbreak;\n}\n}\n` +
    `if (${ok}) e.length = ${n};\nelse ${error}\n`
  );
}
