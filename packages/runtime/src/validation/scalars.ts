import { equal } from './equal.js';
import { obj, report, type Check, type Keyword } from './interpreter.js';
import { ucs2length } from './ucs2length.js';

// Keyword handlers of the interpreted validators: `type`, `enum`, `const`, and the keywords of
// numbers and strings. Each keyword of one data type checks only data of that type, as in Ajv.
// Every handler is a plain function export, so a bundler keeps only those a validator names.

/** JSON Schema's `integer` type, as Ajv tests it (`strictNumbers: false`). */
export const int = (value: unknown): boolean =>
  typeof value == 'number' && !(value % 1) && !isNaN(value);

const TYPES: Record<string, (value: unknown) => boolean> = {
  string: (v) => typeof v == 'string',
  number: (v) => typeof v == 'number',
  boolean: (v) => typeof v == 'boolean',
  integer: int,
  null: (v) => v === null,
  array: Array.isArray,
  object: obj,
};

/** `type`: one type name or a list of them; the error's `type` param is the schema's value. */
export const ty: Keyword<string | string[]> = (type) => {
  // The common single types get their own closure: one call less per check.
  switch (type) {
    case 'string':
    case 'number':
    case 'boolean':
      return (d, p, e) => {
        if (typeof d != type) report(e, p, 'type', { type });
      };
    case 'object':
      return (d, p, e) => {
        if (!obj(d)) report(e, p, 'type', { type });
      };
  }
  const tests = (Array.isArray(type) ? type : [type]).map((name) => TYPES[name]!);
  return (d, p, e) => {
    if (!tests.some((t) => t(d))) report(e, p, 'type', { type });
  };
};

/** `enum` of scalars only (strings, numbers, booleans, null): one Set lookup. */
export const en: Keyword<unknown[]> = (values) => {
  const set = new Set(values);
  return (d, p, e) => {
    if (!set.has(d)) report(e, p, 'enum', { allowedValues: values });
  };
};

/** `enum` with object or array values, compared deeply. */
export const enq: Keyword<unknown[]> = (values) => {
  const set = new Set(values.filter((v) => typeof v != 'object' || v === null));
  const deep = values.filter((v) => typeof v == 'object' && v !== null);
  return (d, p, e) => {
    if (!set.has(d) && !deep.some((v) => equal(d, v)))
      report(e, p, 'enum', { allowedValues: values });
  };
};

/** `const` of a scalar. */
export const cn: Keyword<unknown> = (value) => (d, p, e) => {
  if (d !== value) report(e, p, 'const', { allowedValue: value });
};

/** `const` of an object or array, compared deeply. */
export const cnq: Keyword<unknown> = (value) => (d, p, e) => {
  if (!equal(d, value)) report(e, p, 'const', { allowedValue: value });
};

// Number limits: `!(d <= limit)` so NaN fails too, as in Ajv (`d > limit || isNaN(d)`).
/** `maximum`. */
export const max: Keyword<number> = (limit) => (d, p, e) => {
  if (typeof d == 'number' && !(d <= limit)) report(e, p, 'maximum', { comparison: '<=', limit });
};

/** `minimum`. */
export const min: Keyword<number> = (limit) => (d, p, e) => {
  if (typeof d == 'number' && !(d >= limit)) report(e, p, 'minimum', { comparison: '>=', limit });
};

/** `exclusiveMaximum` (draft-07: a number). */
export const xmax: Keyword<number> = (limit) => (d, p, e) => {
  if (typeof d == 'number' && !(d < limit))
    report(e, p, 'exclusiveMaximum', { comparison: '<', limit });
};

/** `exclusiveMinimum` (draft-07: a number). */
export const xmin: Keyword<number> = (limit) => (d, p, e) => {
  if (typeof d == 'number' && !(d > limit))
    report(e, p, 'exclusiveMinimum', { comparison: '>', limit });
};

/** `multipleOf`, with Ajv's float handling: the quotient must equal its `parseInt`. */
export const mul: Keyword<number> = (multipleOf) => (d, p, e) => {
  if (typeof d != 'number') return;
  const q = d / multipleOf;
  if (q !== parseInt(q as unknown as string)) report(e, p, 'multipleOf', { multipleOf });
};

/** A number `format` (`int32`, `int64`): `[checker, name]`. */
export const nfmt: Keyword<[(n: number) => boolean, string]> =
  ([check, format]) =>
  (d, p, e) => {
    if (typeof d == 'number' && !check(d)) report(e, p, 'format', { format });
  };

/** A string `format`: `[checker, name]` (the checker is an import such as `email`). */
export const fmt: Keyword<[(s: string) => boolean, string]> =
  ([check, format]) =>
  (d, p, e) => {
    if (typeof d == 'string' && !check(d)) report(e, p, 'format', { format });
  };

// Lengths count code points; a string has at least half as many as UTF-16 units, and never more,
// so the units alone decide most strings.
/** `maxLength`. */
export const maxl: Keyword<number> = (limit) => (d, p, e) => {
  if (typeof d == 'string' && d.length > limit && ucs2length(d) > limit)
    report(e, p, 'maxLength', { limit });
};

/** `minLength`. */
export const minl: Keyword<number> = (limit) => (d, p, e) => {
  if (typeof d == 'string' && (d.length < limit || (d.length < 2 * limit && ucs2length(d) < limit)))
    report(e, p, 'minLength', { limit });
};

/** `pattern`: compiled on first use with the validator's flags (`u` unless the plan needs legacy). */
export const pat: Keyword<string> = (pattern, c): Check => {
  const re = new RegExp(pattern, c.u);
  return (d, p, e) => {
    if (typeof d == 'string' && !re.test(d)) report(e, p, 'pattern', { pattern });
  };
};
