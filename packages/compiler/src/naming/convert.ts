/**
 * Stand-alone conversions of one wire name, for emitters that need a name outside a build's scopes.
 * Each result is safe on its own (valid, unreserved); uniqueness needs a {@link Scope}.
 */
import { FILE_RESERVED, FUNCTION_RESERVED, TYPE_RESERVED } from './scopes.js';
import { renderCamel, renderKebab, renderPascal, wordsOrFallback } from './words.js';

/** Reserved names are escaped the way a {@link Scope} escapes them: a trailing `_`. */
const escape = (name: string, reserved: ReadonlySet<string>, key = name): string =>
  reserved.has(key) ? `${name}_` : name;

/** `Order Completed` → `orderCompleted`; `default` → `default_`; `1st` → `_1st`; `!!!` → `event` + hash. */
export function toFunctionName(wire: string): string {
  return escape(renderCamel(wordsOrFallback(wire)), FUNCTION_RESERVED);
}

/** `Order Completed` → `OrderCompleted`; `Record` → `Record_`; `日本` → `Event` + hash. */
export function toTypeName(wire: string): string {
  return escape(renderPascal(wordsOrFallback(wire)), TYPE_RESERVED);
}

/** `Order Completed` → `order-completed`; `CON` → `con_`; at most 80 characters (long names end in a hash). */
export function toFileStem(wire: string): string {
  const stem = renderKebab(wordsOrFallback(wire));
  return escape(stem, FILE_RESERVED, stem.toLowerCase());
}
