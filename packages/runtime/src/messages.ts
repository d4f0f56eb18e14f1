import type { AjvError, EventRef, Violation, ViolationError } from './types.js';

// Validators are compiled with Ajv `messages: false` to stay small, so the sentences are written
// here, one template per keyword: `#param` inserts an Ajv param as text, `@param` as JSON values,
// and the first param named is what the schema expected. Keywords without a template (not, if,
// propertyNames…) get a generic sentence naming the keyword.
const TEMPLATES: Record<string, string> = {
  type: 'must be #type',
  enum: 'must be one of @allowedValues',
  const: 'must be @allowedValue',
  format: 'must be a valid #format',
  pattern: 'must match pattern "#pattern"',
  minimum: 'must be >= #limit',
  maximum: 'must be <= #limit',
  exclusiveMinimum: 'must be > #limit',
  exclusiveMaximum: 'must be < #limit',
  multipleOf: 'must be a multiple of #multipleOf',
  minLength: 'length must be >= #limit',
  maxLength: 'length must be <= #limit',
  minItems: 'item count must be >= #limit',
  maxItems: 'item count must be <= #limit',
  minProperties: 'property count must be >= #limit',
  maxProperties: 'property count must be <= #limit',
  uniqueItems: 'must have unique items (#j and #i are equal)',
  oneOf: 'must match exactly one schema',
  anyOf: 'must match at least one schema',
  additionalProperties: 'unplanned property',
};

/** Shows a value as short JSON; never throws (BigInt, cycles, functions fall back to String). */
function show(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Only reached while reporting a violation, never on the send path.
  }
  text = String(text ?? value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/** Reads the value a JSON pointer names inside `payload`, own properties only. */
function at(payload: unknown, pointer: string): unknown {
  let value = payload;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    // Object() boxes primitives, null and undefined, so a dead end yields undefined, not a throw.
    value = Object.hasOwn(Object(value), key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** Turns Ajv errors into pointer-addressed sentences about `payload`. */
export function toViolationErrors(errors: readonly AjvError[], payload: unknown): ViolationError[] {
  return errors.map(({ instancePath, keyword, params: p = {} }): ViolationError => {
    // required and additionalProperties point at the property itself, not the object holding it.
    const child = p.missingProperty ?? p.additionalProperty;
    const pointer =
      child === undefined
        ? instancePath
        : `${instancePath}/${String(child).replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const received = at(payload, pointer);
    let expected: unknown;
    // required, dependentRequired and dependencies all name a missingProperty.
    const fallback = p.missingProperty === undefined ? 'is invalid' : 'is missing';
    let message = (TEMPLATES[keyword] ?? fallback).replace(
      /([#@])(\w+)/g,
      (_, kind: string, name: string) => {
        const value = p[name];
        expected ??= value;
        // `#` lists as text (types: "string or null"), `@` as JSON values ("a", "b").
        return ([] as unknown[])
          .concat(value)
          .map(kind === '#' ? String : show)
          .join(kind === '#' ? ' or ' : ', ');
      },
    );
    if (received !== undefined && child === undefined) {
      // For `type`, name the received type too; JSON already shows objects, arrays and null as such.
      message += `, got ${keyword === 'type' && typeof received !== 'object' ? typeof received + ' ' : ''}${show(received)}`;
    }
    return { pointer, keyword, message, expected, received };
  });
}

/** Renders a violation as the multi-line text `warn`, `skip` and `throw` show. */
export function formatViolation({ event, errors }: Violation): string {
  const lines = errors.map((e) => `\n  • ${e.pointer || '(root)'}: ${e.message} (${e.keyword})`);
  return `Platen: ${describeEvent(event)} does not match the tracking plan:${lines.join('')}`;
}

/** Names an event for people: `"Order Completed" (track v2)`, or `identify` for unnamed calls. */
export function describeEvent({ type, name, version }: EventRef): string {
  const v = version >= 1 ? ` v${version}` : '';
  return name === null ? type + v : `${JSON.stringify(name)} (${type}${v})`;
}
