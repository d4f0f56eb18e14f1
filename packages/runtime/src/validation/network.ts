import { OCTET, ipv4Source, ipv6Source } from './ip.js';

// Host and address formats, as ajv-formats' "full" mode checks them.

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /* @__PURE__ */ new RegExp(`^${ipv4Source(OCTET)}$`);
const IPV6 = /* @__PURE__ */ new RegExp(`^${ipv6Source(OCTET)}$`, 'i');
// RFC 5322 dot-atom local part; the domain is dot-separated labels, at least two.
const ATEXT = "[a-z0-9!#$%&'*+/=?^_`{|}~-]";
const EMAIL = /* @__PURE__ */ new RegExp(
  `^${ATEXT}+(?:\\.${ATEXT}+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`,
  'i',
);

/** `hostname`: RFC 1123 labels of 1–63 letters, digits and inner hyphens; 253 characters at most. */
export function hostname(str: string): boolean {
  // One trailing dot (the DNS root) is allowed and not counted.
  const name = str.endsWith('.') ? str.slice(0, -1) : str;
  return (
    name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label))
  );
}

/** `ipv4`: dotted quad, each part 0–255 without leading zeros. */
export const ipv4 = (str: string): boolean => IPV4.test(str);

/** `ipv6`: RFC 4291 text form, including `::` compression and a trailing dotted quad. */
export const ipv6 = (str: string): boolean => IPV6.test(str);

/** `email`: `local@domain` with an unquoted dot-atom local part and a dotted domain name. */
export const email = (str: string): boolean => EMAIL.test(str);
