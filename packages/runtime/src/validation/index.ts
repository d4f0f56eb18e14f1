/**
 * @platen/runtime/validation: what generated validators import instead of `ajv` and `ajv-formats`,
 * so no Ajv code reaches the browser: Platen's validator interpreter (`validator`) and its keyword
 * handlers, the format checkers, and the helpers of Ajv standalone code (the rare fallback). Every
 * export stands alone and tree-shakes.
 */
export { ucs2length } from './ucs2length.js';
export { equal } from './equal.js';
export {
  validator,
  type Check,
  type Context,
  type Keyword,
  type Node,
  type Validate,
  type ValidationError,
} from './interpreter.js';
export {
  cn,
  cnq,
  en,
  enq,
  fmt,
  int,
  max,
  maxl,
  min,
  minl,
  mul,
  nfmt,
  pat,
  ty,
  xmax,
  xmin,
} from './scalars.js';
export { cont, duplicate, items, maxi, mini, tuple, uniq } from './arrays.js';
export {
  closed,
  depsch,
  deps,
  maxp,
  minp,
  names,
  props,
  req,
  rest,
  type PropertyEntry,
} from './objects.js';
export { all, any, cond, not, one, ref } from './logic.js';
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
