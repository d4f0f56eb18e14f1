/**
 * Keywords of objects: `minProperties`, `maxProperties`, `required`, `dependencies` (both forms),
 * `propertyNames`, `properties`, `patternProperties`, `additionalProperties`. Property lookups are
 * own-property only: a payload key named `constructor` or `__proto__` is data, an inherited one is
 * absent. A key whose value is `undefined` counts as absent, as in Ajv.
 */
import type { Json } from '../../plan/types.js';
import type { At, Builder, SchemaObject } from './builder.js';
import { childPath, dynamicPath, fragmentToken, literal, str } from './literal.js';

const isObject = (v: Json | undefined): v is SchemaObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a schema validates nothing (`true` or `{}`): Ajv skips those, and so does this. */
export const alwaysValid = (s: Json): boolean =>
  s === true || (isObject(s) && Object.keys(s).length === 0);

/** The test that the object `d` has its own property `name` with a defined value. */
const present = (b: Builder, d: string, name: string): string =>
  `${d}[${str(name)}] !== undefined && ${b.use('has')}(${d}, ${str(name)})`;

/** Statements for the object keywords of `s` (run inside the object type test). */
export function objectKeywords(b: Builder, s: SchemaObject, at: At): string {
  let code = '';
  const d = at.d;
  for (const [keyword, op] of [
    ['maxProperties', '>'],
    ['minProperties', '<'],
  ] as const) {
    const limit = s[keyword];
    if (typeof limit !== 'number') continue;
    code += `if (Object.keys(${d}).length ${op} ${limit}) ${b.call(at, 'lim', `"${keyword}", ${limit}`)}\n`;
  }
  // `required` names with a property schema are checked where that schema is (one lookup each).
  const requiredNames = Array.isArray(s.required) ? (s.required as string[]) : [];
  const checked = new Set<string>();
  const after = rest(b, s, at, new Set(requiredNames), checked);
  code += required(
    b,
    requiredNames.filter((n) => !checked.has(n)),
    at,
  );
  if (isObject(s.dependencies)) code += dependencies(b, s.dependencies, at);
  if (s.propertyNames !== undefined && !alwaysValid(s.propertyNames)) {
    const k = b.name('k');
    const n = b.name('n');
    const body = b.sub(s.propertyNames, { sp: at.sp + '/propertyNames', d: k, path: at.path });
    if (!body) return code + after;
    const error = b.fail(at, 'propertyNames', `{ propertyName: ${k} }`);
    code += `for (const ${k} in ${d}) {\nconst ${n} = e.length;\n${body}`;
    // Ajv names the property on every error found inside propertyNames.
    code += `if (e.length !== ${n}) {\nfor (let i = ${n}; i < e.length; i++) e[i].propertyName = ${k};\n${error}\n}\n}\n`;
  }
  return code + after;
}

/**
 * `properties`, `patternProperties` and `additionalProperties`; a property in `required` (added
 * to `checked`) reports its absence in the `else` of its own lookup.
 */
function rest(
  b: Builder,
  s: SchemaObject,
  at: At,
  requiredNames: Set<string>,
  checked: Set<string>,
): string {
  let code = '';
  const d = at.d;
  const properties = isObject(s.properties) ? s.properties : {};
  for (const name of Object.keys(properties)) {
    const schema = properties[name]!;
    if (alwaysValid(schema)) continue;
    const v = b.name('d');
    const sp = `${at.sp}/properties/${fragmentToken(name)}`;
    const body = b.sub(schema, { sp, d: v, path: childPath(at.path, name) });
    if (!body) continue;
    // Looked up here, by a constant name: a shared `own(d, name)` helper would be one megamorphic
    // keyed lookup for every property (measured 15% slower per call).
    code += `const ${v} = ${d}[${str(name)}];\nif (${v} !== undefined && ${b.use('has')}(${d}, ${str(name)})) {\n${body}}`;
    if (requiredNames.has(name)) {
      checked.add(name);
      code += ` else ${b.call(at, 'req', str(name))}`;
    }
    code += '\n';
  }
  const patterns = isObject(s.patternProperties) ? s.patternProperties : {};
  for (const pattern of Object.keys(patterns)) {
    const schema = patterns[pattern]!;
    if (alwaysValid(schema)) continue;
    code += eachKey(b, at, (k, v) => {
      const sp = `${at.sp}/patternProperties/${fragmentToken(pattern)}`;
      const body = b.sub(schema, {
        sp,
        d: v,
        path: dynamicPath(at.path, `${b.use('token')}(${k})`),
      });
      return !body ? '' : `if (${b.regexp(pattern)}.test(${k})) {\n${body}}\n`;
    });
  }
  const additional = s.additionalProperties;
  if (additional !== undefined && !alwaysValid(additional)) {
    const sp = at.sp + '/additionalProperties';
    code += eachKey(
      b,
      at,
      (k, v) => {
        const known = [
          ...planned(b, Object.keys(properties), k),
          ...Object.keys(patterns).map((p) => `${b.regexp(p)}.test(${k})`),
        ];
        const body =
          additional === false
            ? b.call(at, 'add', k) + '\n'
            : b.sub(additional, {
                sp,
                d: v,
                path: dynamicPath(at.path, `${b.use('token')}(${k})`),
              });
        if (!body) return '';
        return known.length === 0 ? body : `if (!(${known.join(' || ')})) {\n${body}}\n`;
      },
      additional !== false,
    );
  }
  return code;
}

/** A `for…in` over the object's keys; `body` gets the key and value variable names. */
function eachKey(
  b: Builder,
  at: At,
  body: (k: string, v: string) => string,
  needsValue = true,
): string {
  const k = b.name('k');
  const v = b.name('d');
  const inner = body(k, v);
  if (!inner) return '';
  const value = needsValue ? `const ${v} = ${at.d}[${k}];\n` : '';
  return `for (const ${k} in ${at.d}) {\n${value}${inner}}\n`;
}

/** Tests that `k` is one of `names`: comparisons for a few, a Set for many. */
function planned(b: Builder, names: string[], k: string): string[] {
  if (names.length === 0) return [];
  if (names.length <= 8) return names.map((name) => `${k} === ${str(name)}`);
  return [`${b.hoist(`/* @__PURE__ */ new Set(${literal(names)})`)}.has(${k})`];
}

/** `required`: one error per missing property. */
function required(b: Builder, names: string[], at: At): string {
  // Unrolled: a lookup by a constant name is fast, a loop over names is a keyed lookup each.
  return names.map((n) => `if (!(${present(b, at.d, n)})) ${b.call(at, 'req', str(n))}\n`).join('');
}

/** `dependencies`: a list names properties required with the key; a schema applies with it. */
function dependencies(b: Builder, deps: SchemaObject, at: At): string {
  let code = '';
  for (const key of Object.keys(deps)) {
    // Ajv skips a dependency keyed `__proto__`.
    if (key === '__proto__') continue;
    const dep = deps[key]!;
    const when = present(b, at.d, key);
    if (Array.isArray(dep)) {
      if (dep.length === 0) continue;
      const checks = (dep as string[]).map((name) => {
        const params = `{ property: ${str(key)}, missingProperty: ${str(name)}, depsCount: ${dep.length}, deps: ${str(dep.join(', '))} }`;
        return `if (!(${present(b, at.d, name)})) ${b.fail(at, 'dependencies', params)}\n`;
      });
      code += `if (${when}) {\n${checks.join('')}}\n`;
    } else if (!alwaysValid(dep)) {
      const sp = `${at.sp}/dependencies/${fragmentToken(key)}`;
      code += `if (${when}) {\n${b.sub(dep, { ...at, sp })}}\n`;
    }
  }
  return code;
}
