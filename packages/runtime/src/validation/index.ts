/**
 * @platen/runtime/validation: what precompiled validators (Platen's own, or Ajv standalone code
 * for the rare fallback) import instead of `ajv` and `ajv-formats`, so no Ajv code reaches the browser. Every export stands alone and tree-shakes.
 */
export { ucs2length } from './ucs2length.js';
export { equal } from './equal.js';
export {
  add,
  cmp,
  duplicate,
  en,
  fmt,
  has,
  int,
  lim,
  obj,
  report,
  req,
  token,
  typ,
  type ValidationError,
} from './native.js';
export { date, dateTime, duration, isoDateTime, isoTime, time } from './dates.js';
export { email, hostname, ipv4, ipv6 } from './network.js';
export {
  byte,
  int32,
  int64,
  jsonPointer,
  jsonPointerUriFragment,
  regex,
  relativeJsonPointer,
  uuid,
} from './pointers.js';
export { uri, uriReference, uriTemplate } from './uri.js';
export { formats, numberFormats } from './formats.js';
