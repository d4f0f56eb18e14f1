/**
 * @platen/runtime/validation: what precompiled Ajv standalone validators import instead of `ajv`
 * and `ajv-formats`, so no Ajv code reaches the browser. Every export stands alone and tree-shakes.
 */
export { ucs2length } from './ucs2length.js';
export { equal } from './equal.js';
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
