import { date, dateTime, duration, isoDateTime, isoTime, time } from './dates.js';
import { email, hostname, ipv4, ipv6 } from './network.js';
import {
  byte,
  int32,
  int64,
  jsonPointer,
  jsonPointerUriFragment,
  regex,
  relativeJsonPointer,
  uuid,
} from './pointers.js';
import { uri, uriReference, uriTemplate } from './uri.js';

/**
 * Every string format checker by its JSON Schema name (the export name is the camelCase form:
 * `date-time` → `dateTime`). Register them with `ajv.addFormat(name, check)` at compile time so the
 * standalone code calls these functions. Importing this map pulls in every checker; import the
 * named checkers instead where size matters.
 */
export const formats: Record<string, (str: string) => boolean> = {
  date,
  time,
  'date-time': dateTime,
  'iso-time': isoTime,
  'iso-date-time': isoDateTime,
  duration,
  uri,
  'uri-reference': uriReference,
  'uri-template': uriTemplate,
  email,
  hostname,
  ipv4,
  ipv6,
  regex,
  uuid,
  'json-pointer': jsonPointer,
  'json-pointer-uri-fragment': jsonPointerUriFragment,
  'relative-json-pointer': relativeJsonPointer,
  byte,
};

/** The number formats (OpenAPI `int32`, `int64`, `float`, `double`); register with `type: 'number'`. */
export const numberFormats: Record<string, (n: number) => boolean> = {
  int32,
  int64,
  float: () => true,
  double: () => true,
};
