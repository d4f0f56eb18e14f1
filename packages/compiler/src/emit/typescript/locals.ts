/**
 * Local bindings of generated modules (`send`, `state`, imported types) must not clash with the
 * plan-derived names declared or imported beside them. Naming reserves the public ones (`track`,
 * `configure`, `Options`, …); these are private, so they are renamed here instead.
 */

/** `base` if it is not in `taken`, otherwise `base2`, `base3`, … (the first free one). */
export function localName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}${String(n)}`)) n++;
  return `${base}${String(n)}`;
}

/** An import specifier: `name`, or `name as alias` when the local name had to change. */
export function specifier(name: string, local: string): string {
  return name === local ? name : `${name} as ${local}`;
}
