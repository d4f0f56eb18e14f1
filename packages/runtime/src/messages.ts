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
  minLength: 'must have at least #limit characters',
  maxLength: 'must have at most #limit characters',
  minItems: 'must have at least #limit items',
  maxItems: 'must have at most #limit items',
  minProperties: 'must have at least #limit properties',
  maxProperties: 'must have at most #limit properties',
  uniqueItems: 'must not repeat items (#j and #i are equal)',
  oneOf: 'must match exactly one schema (matched #passingSchemas)',
  anyOf: 'must match at least one schema',
  required: 'missing required property',
  additionalProperties: 'unplanned property',
};

/** Shows a value briefly and never throws: strings quoted, containers summarized, long text cut. */
function show(value: unknown): string {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'object' && value
        ? Array.isArray(value)
          ? 'an array'
          : 'an object'
        : String(value);
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
}

/** Reads the value a JSON pointer names inside `payload`, own properties only. */
function at(payload: unknown, pointer: string): unknown {
  let value = payload;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Turns Ajv errors into pointer-addressed sentences about `payload`. */
export function toViolationErrors(errors: readonly AjvError[], payload: unknown): ViolationError[] {
  return errors.map(({ instancePath, keyword, params }): ViolationError => {
    const p = params ?? {};
    // required and additionalProperties point at the property itself, not the object holding it.
    const child = p.missingProperty ?? p.additionalProperty;
    const pointer =
      child === undefined
        ? instancePath
        : `${instancePath}/${String(child).replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const received = at(payload, pointer);
    let expected: unknown;
    let message = (TEMPLATES[keyword] ?? `does not satisfy "${keyword}"`).replace(
      /([#@])(\w+)/g,
      (_, kind: string, name: string) => {
        const value = (expected ??= p[name]);
        if (value == null) return 'none';
        // Ajv reports `type: ["string", "null"]` as an array or as "string,null".
        if (kind === '#') return String(value).split(',').join(name === 'type' ? ' or ' : ',');
        return ([] as unknown[]).concat(value).map(show).join(', ');
      },
    );
    // "at least 1 items" → "at least 1 item", "1 properties" → "1 property".
    if (p.limit === 1) message = message.replace(/ies$|s$/, (end) => (end[1] ? 'y' : ''));
    const error: ViolationError = { pointer, keyword, message };
    if (received !== undefined) {
      error.received = received;
      if (child === undefined) {
        // For `type`, the received JSON type is the point; containers are summed up by it alone.
        const type = received === null ? 'null' : Array.isArray(received) ? 'array' : typeof received;
        error.message += `, got ${keyword !== 'type' ? show(received) : typeof received === 'object' ? type : `${type} ${show(received)}`}`;
      }
    }
    if (child === undefined && expected !== undefined) error.expected = expected;
    return error;
  });
}

/** Names an event for people: `"Order Completed" (track v2)`, or `identify` for unnamed calls. */
export function describeEvent({ type, name, version }: EventRef): string {
  const v = version >= 1 ? ` v${version}` : '';
  return name === null ? type + v : `${JSON.stringify(name)} (${type}${v})`;
}

/** Renders a violation as the multi-line text `warn`, `skip` and `throw` show. */
export function formatViolation({ event, errors }: Violation): string {
  const lines = errors.map((e) => `\n  • ${e.pointer || '(root)'}: ${e.message} (${e.keyword})`);
  return `Platen: ${describeEvent(event)} does not match the tracking plan:${lines.join('')}`;
}
