/**
 * The one text order Platen sorts by: UTF-16 code units, as `Array.prototype.sort()` without a
 * comparator orders strings. Locale-independent, so the same plan gives the same output anywhere.
 */

/** Compares two strings by UTF-16 code units (never by locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two items by a string field (`byKey('path')` sorts generated files by path). */
export function byKey<K extends string>(
  key: K,
): (a: Record<K, string>, b: Record<K, string>) => number {
  return (a, b) => compareText(a[key], b[key]);
}
