import {
  obj,
  present,
  report,
  token,
  type Check,
  type Context,
  type Keyword,
  type Node,
} from './interpreter.js';

// Keyword handlers of objects. Property lookups are own-property only: a payload key named
// `constructor` or `__proto__` is data, an inherited one is absent. A key whose value is
// `undefined` counts as absent, as in Ajv. Property maps are lists of `[name, …]` entries, never
// object literals, so a name such as `__proto__` stays a plain string.

/** `maxProperties`. */
export const maxp: Keyword<number> = (limit) => (d, p, e) => {
  if (obj(d) && Object.keys(d).length > limit) report(e, p, 'maxProperties', { limit });
};

/** `minProperties`. */
export const minp: Keyword<number> = (limit) => (d, p, e) => {
  if (obj(d) && Object.keys(d).length < limit) report(e, p, 'minProperties', { limit });
};

/** `required` names that have no entry in `properties` (those say `1` in their entry). */
export const req: Keyword<string[]> = (names) => (d, p, e) => {
  if (obj(d))
    for (const name of names)
      if (!present(d, name)) report(e, p, 'required', { missingProperty: name });
};

/** One `properties` entry: name, schema, and `1` when the name is also `required`. */
export type PropertyEntry = [name: string, schema: Node, required?: 0 | 1];

function properties(entries: PropertyEntry[], c: Context, closed: boolean): Check {
  const n = entries.length;
  const names = entries.map((entry) => entry[0]);
  const checks = entries.map((entry) => c.s(entry[1]));
  const segments = names.map((name) => '/' + token(name));
  const required = entries.map((entry) => entry[2] === 1);
  const known = closed ? new Set(names) : undefined;
  return (d, p, e) => {
    if (!obj(d)) return;
    for (let i = 0; i < n; i++) {
      const name = names[i]!;
      const value = d[name];
      if (value !== undefined && Object.hasOwn(d, name)) checks[i]?.(value, p + segments[i], e);
      else if (required[i]) report(e, p, 'required', { missingProperty: name });
    }
    if (known)
      for (const key in d)
        if (!known.has(key)) report(e, p, 'additionalProperties', { additionalProperty: key });
  };
}

/** `properties` (and the `required` names flagged in their entries). */
export const props: Keyword<PropertyEntry[]> = (entries, c) => properties(entries, c, false);

/**
 * `properties` with `additionalProperties: false` and no `patternProperties`: the shape of every
 * planned object, so the names are listed once.
 */
export const closed: Keyword<PropertyEntry[]> = (entries, c) => properties(entries, c, true);

/**
 * `patternProperties` and `additionalProperties` in any other combination:
 * `[names, [[pattern, schema], …], additional]`, where `names` are the `properties` names (`0`
 * when there is no `additionalProperties`) and `additional` is `0` for `false`.
 */
export const rest: Keyword<[string[] | 0, [string, Node][], Node?]> = (
  [names, patterns, additional],
  c,
) => {
  const known = new Set(names || []);
  const regexps = patterns.map(([source]) => new RegExp(source, c.u));
  const checks = patterns.map(([, node]) => c.s(node));
  const closedOff = additional === 0 || additional === false;
  const other = closedOff ? undefined : c.s(additional);
  if (!closedOff && !other && checks.every((check) => !check)) return undefined;
  return (d, p, e) => {
    if (!obj(d)) return;
    for (const key in d) {
      let planned = known.has(key);
      for (let i = 0; i < regexps.length; i++) {
        if (!regexps[i]!.test(key)) continue;
        planned = true;
        checks[i]?.(d[key], p + '/' + token(key), e);
      }
      if (planned) continue;
      if (closedOff) report(e, p, 'additionalProperties', { additionalProperty: key });
      else other?.(d[key], p + '/' + token(key), e);
    }
  };
};

/** `propertyNames`: every key is validated as a string; errors name the property, as Ajv does. */
export const names: Keyword<Node> = (node, c) => {
  const check = c.s(node);
  return (
    check &&
    ((d, p, e) => {
      if (!obj(d)) return;
      for (const key in d) {
        const n = e.length;
        check(key, p, e);
        if (e.length === n) continue;
        for (let i = n; i < e.length; i++) e[i]!.propertyName = key;
        report(e, p, 'propertyNames', { propertyName: key });
      }
    })
  );
};

/** `dependencies` in list form: `[[key, [names…]], …]` (the names are required with the key). */
export const deps: Keyword<[string, string[]][]> = (list) => (d, p, e) => {
  if (!obj(d)) return;
  for (const [property, names] of list) {
    if (!present(d, property)) continue;
    for (const missingProperty of names)
      if (!present(d, missingProperty))
        report(e, p, 'dependencies', {
          property,
          missingProperty,
          depsCount: names.length,
          deps: names.join(', '),
        });
  }
};

/** `dependencies` in schema form: `[[key, schema], …]` (the schema applies when the key is present). */
export const depsch: Keyword<[string, Node][]> = (list, c) => {
  const checks = list.map(([key, node]) => [key, c.s(node)] as const);
  return (d, p, e) => {
    if (!obj(d)) return;
    for (const [key, check] of checks) if (check && present(d, key)) check(d, p, e);
  };
};
