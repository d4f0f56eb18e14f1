type Bag = Record<string, unknown>;

/**
 * Deep equality of JSON values, as `const`, `enum` and `uniqueItems` need it; replaces
 * ajv/dist/runtime/equal (fast-deep-equal). NaN equals NaN; arrays compare item by item; objects
 * compare own enumerable keys regardless of order; class instances (Date, RegExp, boxed values)
 * compare by value. Unlike fast-deep-equal it never throws on data such as `{ "valueOf": 1 }`.
 */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return a !== a && b !== b;
  if (a.constructor !== b.constructor) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], other[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(a);
  // Only class instances compare by value: a plain object's "valueOf" key is data, not a method.
  if (proto !== Object.prototype && proto !== null) {
    if (a instanceof RegExp)
      return a.source === (b as RegExp).source && a.flags === (b as RegExp).flags;
    if (a.valueOf !== Object.prototype.valueOf) return a.valueOf() === b.valueOf();
    if (a.toString !== Object.prototype.toString) return String(a) === String(b);
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !equal((a as Bag)[key], (b as Bag)[key])) return false;
  }
  return true;
}
