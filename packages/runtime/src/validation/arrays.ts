import { equal } from './equal.js';
import { report, type Check, type Keyword, type Node } from './interpreter.js';

// Keyword handlers of arrays: `maxItems`, `minItems`, `uniqueItems`, `items` (one schema or a
// tuple with `additionalItems`) and `contains` (draft-07: at least one item).

/** `maxItems`. */
export const maxi: Keyword<number> = (limit) => (d, p, e) => {
  if (Array.isArray(d) && d.length > limit) report(e, p, 'maxItems', { limit });
};

/** `minItems`. */
export const mini: Keyword<number> = (limit) => (d, p, e) => {
  if (Array.isArray(d) && d.length < limit) report(e, p, 'minItems', { limit });
};

const isType = (value: unknown, type: string): boolean =>
  type === 'null'
    ? value === null
    : type === 'integer'
      ? typeof value == 'number' && !(value % 1) && !isNaN(value)
      : typeof value == type;

/**
 * uniqueItems: the first pair of equal items `[i, j]` as Ajv 8 finds it, or `undefined`. With
 * `types` (the item schema's scalar types) items of other types are skipped and `j` is the later
 * index, scalars compared by their string key (a string differs from the same text as a number when
 * there are several types); without, items are compared deeply from the end and `i` is the later index.
 */
export function duplicate(items: unknown[], types?: string[]): [number, number] | undefined {
  let i = items.length;
  if (i < 2) return undefined;
  if (types) {
    const seen = new Map<string, number>();
    const scalars = types.includes('number') ? types.filter((t) => t !== 'integer') : types;
    while (i--) {
      const item = items[i];
      if (!scalars.some((t) => isType(item, t))) continue;
      const key = typeof item == 'string' && types.length > 1 ? item + '_' : String(item);
      const j = seen.get(key);
      if (j !== undefined) return [i, j];
      seen.set(key, i);
    }
    return undefined;
  }
  while (i--) for (let j = i; j--;) if (equal(items[i], items[j])) return [i, j];
  return undefined;
}

/** `uniqueItems: true`; the argument is the item schema's scalar types, or `0` (compare deeply). */
export const uniq: Keyword<string[] | 0> = (types) => (d, p, e) => {
  if (!Array.isArray(d)) return;
  const pair = duplicate(d, types || undefined);
  if (pair) report(e, p, 'uniqueItems', { i: pair[0], j: pair[1] });
};

function each(check: Check, from: number): Check {
  return (d, p, e) => {
    if (Array.isArray(d)) for (let i = from; i < d.length; i++) check(d[i], p + '/' + i, e);
  };
}

/** `items` as one schema for every item. */
export const items: Keyword<Node> = (node, c) => {
  const check = c.s(node);
  return check && each(check, 0);
};

/**
 * `items` as a tuple, with `additionalItems`: `[schemas, additional]` (`additional` absent or `1`:
 * any extra items; `0`: none, one `additionalItems` error; a schema: every extra item).
 */
export const tuple: Keyword<[Node[], Node?]> = ([nodes, extra], c) => {
  const checks = nodes.map((node) => c.s(node));
  const n = nodes.length;
  const rest = extra === 0 || extra === false ? undefined : c.s(extra);
  return (d, p, e) => {
    if (!Array.isArray(d)) return;
    for (let i = 0; i < n && i < d.length; i++) checks[i]?.(d[i], p + '/' + i, e);
    if (extra === 0 || extra === false) {
      if (d.length > n) report(e, p, 'additionalItems', { limit: n });
    } else if (rest) for (let i = n; i < d.length; i++) rest(d[i], p + '/' + i, e);
  };
};

/**
 * `contains`: items are tried in order until one passes; then the errors of those before it are
 * dropped, otherwise they stay, followed by a `contains` error (`minContains: 1`, as Ajv says).
 */
export const cont: Keyword<Node> = (node, c) => {
  const check = c.s(node);
  return (d, p, e) => {
    if (!Array.isArray(d)) return;
    if (check) {
      const n = e.length;
      for (let i = 0; i < d.length; i++) {
        const m = e.length;
        check(d[i], p + '/' + i, e);
        if (e.length === m) {
          e.length = n;
          return;
        }
      }
    } else if (d.length > 0) return;
    report(e, p, 'contains', { minContains: 1 });
  };
};
