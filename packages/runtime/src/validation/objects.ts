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
  const index = new Map(entries.map((entry, i) => [entry[0], i]));
  const checks = entries.map((entry) => c.s(entry[1]));
  const segments = entries.map((entry) => '/' + token(entry[0]));
  const required = entries.map((entry) => entry[2] === 1);
  const requiredNames = entries.filter((entry) => entry[2] === 1).map((entry) => entry[0]);
  return (d, p, e) => {
    if (!obj(d)) return;
    // One pass over the data's keys (a for-in reads values from its enum cache, where looking
    // each planned name up would be a megamorphic keyed load). Non-enumerable own properties are
    // not seen here, as JSON.stringify (what the SDK sends) does not see them either.
    let found = 0;
    for (const key in d) {
      const i = index.get(key);
      if (i === undefined) {
        if (closed) report(e, p, 'additionalProperties', { additionalProperty: key });
        continue;
      }
      const value = d[key];
      if (value === undefined || !Object.hasOwn(d, key)) continue;
      if (required[i]) found++;
      checks[i]?.(value, p + segments[i], e);
    }
    if (found < requiredNames.length)
      for (const name of requiredNames)
        if (!present(d, name)) report(e, p, 'required', { missingProperty: name });
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
