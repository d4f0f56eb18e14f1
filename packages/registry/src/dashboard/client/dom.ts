/**
 * DOM helpers for the dashboard. Every string from the API (event and source names, descriptions,
 * sample payloads) is untrusted: it goes into the page as text nodes only, never through innerHTML.
 */

/** Children a {@link h} element may get: nodes, or strings that become text nodes. */
export type Child = Node | string | number | null | undefined | false;

/** Creates `<tag>` with attributes (set with setAttribute) and children (strings as text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  append(el, ...children);
  return el;
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

/** The element with `id`, or an error naming it (the page's markup is fixed, so a miss is a bug). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`dashboard: no element #${id}`);
  return el as T;
}

/** A count with thousands separators, always in the same (en) form so tests can read it back. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
