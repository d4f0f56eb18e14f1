/**
 * Test-only stand-in for `@platen/runtime/validation`, used until the runtime package exports it:
 * the same names, backed by Ajv's own helpers and ajv-formats' full checkers.
 */
import equalModule from 'ajv/dist/runtime/equal.js';
import ucs2Module from 'ajv/dist/runtime/ucs2length.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';

type Checker = (value: string) => boolean;
const interop = <T>(m: unknown): T => ((m as { default?: T }).default ?? m) as T;
function checker(name: keyof typeof fullFormats): Checker {
  const f = fullFormats[name] as unknown;
  if (f instanceof RegExp) return (v) => f.test(v);
  if (typeof f === 'function') return f as Checker;
  if (typeof f === 'object' && f !== null && 'validate' in f) return checker2(f.validate);
  return () => true;
}
function checker2(v: unknown): Checker {
  return v instanceof RegExp ? (s) => v.test(s) : (v as Checker);
}

export const equal = interop<(a: unknown, b: unknown) => boolean>(equalModule);
export const ucs2length = interop<(s: string) => number>(ucs2Module);
export const date = checker('date');
export const time = checker('time');
export const dateTime = checker('date-time');
export const isoTime = checker('iso-time');
export const isoDateTime = checker('iso-date-time');
export const duration = checker('duration');
export const uri = checker('uri');
export const uriReference = checker('uri-reference');
export const uriTemplate = checker('uri-template');
export const url = checker('url');
export const email = checker('email');
export const hostname = checker('hostname');
export const ipv4 = checker('ipv4');
export const ipv6 = checker('ipv6');
export const regex = checker('regex');
export const uuid = checker('uuid');
export const jsonPointer = checker('json-pointer');
export const jsonPointerUriFragment = checker('json-pointer-uri-fragment');
export const relativeJsonPointer = checker('relative-json-pointer');
export const byte = checker('byte');
