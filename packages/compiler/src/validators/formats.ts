/**
 * The JSON Schema `format`s a generated validator can check, and the name each checker is exported
 * under from `@platen/runtime/validation`. Only the checkers a validator uses are imported (named
 * imports), so a bundler keeps exactly those.
 */

/** Format name (as written in a schema) → named export of `@platen/runtime/validation`. */
export const FORMAT_EXPORTS: Readonly<Record<string, string>> = Object.freeze({
  date: 'date',
  time: 'time',
  'date-time': 'dateTime',
  'iso-time': 'isoTime',
  'iso-date-time': 'isoDateTime',
  duration: 'duration',
  uri: 'uri',
  'uri-reference': 'uriReference',
  'uri-template': 'uriTemplate',
  email: 'email',
  hostname: 'hostname',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  regex: 'regex',
  uuid: 'uuid',
  'json-pointer': 'jsonPointer',
  'json-pointer-uri-fragment': 'jsonPointerUriFragment',
  'relative-json-pointer': 'relativeJsonPointer',
  byte: 'byte',
});

/** Number formats (OpenAPI) → runtime export; Ajv calls them through a `{ validate }` object. */
export const NUMBER_FORMAT_EXPORTS: Readonly<Record<string, string>> = Object.freeze({
  int32: 'int32',
  int64: 'int64',
});

/**
 * Formats that name a meaning but constrain nothing (OpenAPI's `password`, `binary`, `float`, `double`): accepted
 * silently and never checked, so they cost no code.
 */
export const UNCHECKED_FORMATS: readonly string[] = ['password', 'binary', 'float', 'double'];

/** True when Platen knows `name` (checked or deliberately unchecked). `Object.hasOwn`: `__proto__` is no format. */
export function isKnownFormat(name: string): boolean {
  return (
    Object.hasOwn(FORMAT_EXPORTS, name) ||
    Object.hasOwn(NUMBER_FORMAT_EXPORTS, name) ||
    UNCHECKED_FORMATS.includes(name)
  );
}
