// IP address grammars (RFC 3986 §3.2.2 / RFC 4291), shared by the ipv4/ipv6 formats and URIs.

/** A decimal octet 0–255 without leading zeros, as the ipv4 format requires. */
export const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** A decimal octet that tolerates leading zeros (`010`), as ajv-formats' URI grammar does. */
export const LOOSE_OCTET = '(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)';

/** Dotted quad built from the given octet pattern. */
export const ipv4Source = (octet: string): string => `(?:${octet}\\.){3}${octet}`;

/**
 * RFC 3986's IPv6address rule: eight 16-bit groups, the last two optionally a dotted quad, and at
 * most one `::` standing for one or more zero groups. Built as one alternative per count of
 * groups written before the `::`.
 */
export function ipv6Source(octet: string): string {
  const h16 = '[0-9a-f]{1,4}';
  const ls32 = `(?:${h16}:${h16}|${ipv4Source(octet)})`;
  // Groups after "::" (the last alternative counts the trailing ls32 as two groups).
  const tails = [
    `(?:${h16}:){5}${ls32}`,
    `(?:${h16}:){4}${ls32}`,
    `(?:${h16}:){3}${ls32}`,
    `(?:${h16}:){2}${ls32}`,
    `${h16}:${ls32}`,
    ls32,
    h16,
    '',
  ];
  const forms = [`(?:${h16}:){6}${ls32}`];
  tails.forEach((tail, before) => {
    const head = before === 0 ? '' : `(?:(?:${h16}:){0,${before - 1}}${h16})?`;
    forms.push(`${head}::${tail}`);
  });
  return `(?:${forms.join('|')})`;
}
