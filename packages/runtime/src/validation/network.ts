import { OCTET, ipv4Source, ipv6Source } from './ip.js';

// Host and address formats, as ajv-formats' "full" mode checks them.

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
// RFC 5322 dot-atom local part; the domain is dot-separated labels, at least two.
const ATEXT = "[a-z0-9!#$%&'*+/=?^_`{|}~-]";
// Composed patterns are compiled on first use: importing a module costs nothing, and bundlers drop
// the patterns of checkers nobody imports.
let ipv4Pattern: RegExp | undefined;
let ipv6Pattern: RegExp | undefined;
let emailPattern: RegExp | undefined;

/** `hostname`: RFC 1123 labels of 1–63 letters, digits and inner hyphens; 253 characters at most. */
export function hostname(str: string): boolean {
  // One trailing dot (the DNS root) is allowed and not counted.
  const name = str.endsWith('.') ? str.slice(0, -1) : str;
  return (
    name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label))
  );
}

/** `ipv4`: dotted quad, each part 0–255 without leading zeros. */
export const ipv4 = (str: string): boolean =>
  (ipv4Pattern ??= new RegExp(`^${ipv4Source(OCTET)}$`)).test(str);

/** `ipv6`: RFC 4291 text form, including `::` compression and a trailing dotted quad. */
export const ipv6 = (str: string): boolean =>
  (ipv6Pattern ??= new RegExp(`^${ipv6Source(OCTET)}$`, 'i')).test(str);

/** `email`: `local@domain` with an unquoted dot-atom local part and a dotted domain name. */
export const email = (str: string): boolean =>
  (emailPattern ??= new RegExp(
    `^${ATEXT}+(?:\\.${ATEXT}+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`,
    'i',
  )).test(str);
