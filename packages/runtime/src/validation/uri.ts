import { LOOSE_OCTET, ipv4Source, ipv6Source } from './ip.js';

// URIs (RFC 3986) and URI templates (RFC 6570), as ajv-formats' "full" mode checks them. The
// grammar is assembled from RFC 3986's rules; `quote` adds `"` to the characters allowed in hosts,
// paths, queries and fragments, a leniency ajv-formats has for uri-reference only.

const PCT = '%[0-9a-f]{2}';
const UNRESERVED_SUB = "a-z0-9\\-._~!$&'()*+,;=";

function uriSource(schemeRequired: boolean, quote: string): string {
  const chars = UNRESERVED_SUB + quote;
  const pchar = `(?:[${chars}:@]|${PCT})`;
  const userinfo = `(?:(?:[${UNRESERVED_SUB}:]|${PCT})*@)?`;
  const ipLiteral = `\\[(?:${ipv6Source(LOOSE_OCTET)}|v[0-9a-f]+\\.[${UNRESERVED_SUB}:]+)\\]`;
  const host = `(?:${ipLiteral}|${ipv4Source(LOOSE_OCTET)}|(?:[${chars}]|${PCT})*)`;
  const segments = `(?:\\/${pchar}*)*`;
  // "//" authority path-abempty (ajv-formats also takes a single "/" before an authority),
  // path-absolute, path-rootless; only a reference may have an empty path.
  const hierPart =
    `(?:\\/?\\/${userinfo}${host}(?::\\d*)?${segments}` +
    `|\\/(?:${pchar}+${segments})?|${pchar}+${segments})${schemeRequired ? '' : '?'}`;
  const tail = `(?:[${chars}:@/?]|${PCT})*`;
  const scheme = `(?:[a-z][a-z0-9+\\-.]*:)${schemeRequired ? '' : '?'}`;
  return `^${scheme}${hierPart}(?:\\?${tail})?(?:#${tail})?$`;
}

// RFC 6570: literals, or {operator? varname[:prefix|*], …}.
const VARSPEC = `(?:[a-z0-9_]|${PCT})+(?::[1-9][0-9]{0,3}|\\*)?`;
// Compiled on first use, so importing one checker never builds (or bundles) the others.
let uriPattern: RegExp | undefined;
let uriReferencePattern: RegExp | undefined;
let uriTemplatePattern: RegExp | undefined;

/** `uri`: an absolute URI: a scheme, then a hierarchical part, query and fragment. */
export const uri = (str: string): boolean =>
  (uriPattern ??= new RegExp(uriSource(true, ''), 'i')).test(str);

/** `uri-reference`: a URI or a relative reference (`../a?b#c`, `#frag`, or the empty string). */
export const uriReference = (str: string): boolean =>
  (uriReferencePattern ??= new RegExp(uriSource(false, '"'), 'i')).test(str);

/** `uri-template`: RFC 6570 template such as `/users/{id}{?fields*}`. */
export const uriTemplate = (str: string): boolean =>
  (uriTemplatePattern ??= new RegExp(
    `^(?:[^\\x00-\\x20"'<>%\\\\^\`{|}]|${PCT}|\\{[+#./;?&=,!@|]?${VARSPEC}(?:,${VARSPEC})*\\})*$`,
    'i',
  )).test(str);
