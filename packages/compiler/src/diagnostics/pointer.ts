/** JSON pointer (RFC 6901) helpers. Names are data: every segment is escaped, never parsed as a path. */

/** Escapes one reference token (`~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string | number): string {
  const text = String(token);
  // Almost every token needs nothing: skip the two regex passes (this runs for every IR node).
  if (!text.includes('~') && !text.includes('/')) return text;
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Appends tokens to a pointer: `joinPointer('/rules', 0, 'key')` → `/rules/0/key`. */
export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let pointer = base;
  for (const token of tokens) pointer += '/' + escapePointerToken(token);
  return pointer;
}

/** Splits a pointer into unescaped tokens. `''` → `[]`. Returns `undefined` for a malformed pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
