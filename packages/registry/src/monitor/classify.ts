/**
 * Violations as Protocols reports them: each validator error (Ajv's shape, from the same validators
 * dev clients run) becomes one {@link MessageViolation} with a class, keyword, path and sentence.
 * The keyword → class table is docs/decisions.md#monitor-violation-classes.
 */
import { toViolationErrors, type AjvError } from '@platen/runtime';
import type { MessageViolation, ViolationClass } from './types.js';

/** The class of a validator error, by its JSON Schema keyword. */
export function classOf(error: AjvError): ViolationClass {
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'unplanned_property';
    case 'required':
      return 'missing_required';
    case 'dependencies':
    case 'dependentRequired':
      // Both name the absent key: a required property, conditional on another.
      return error.params.missingProperty === undefined ? 'other' : 'missing_required';
    case 'type':
      return 'wrong_type';
    default:
      return 'other';
  }
}

/**
 * The violations of one payload: `errors` are its validator's, `payload` what was validated, and
 * `prefix` the pointer of the payload inside the message (`/properties`, `/traits`, or `""` for
 * the COMMON rule's whole-message check).
 */
export function violationsOf(
  errors: readonly AjvError[],
  payload: unknown,
  prefix: string,
): MessageViolation[] {
  const described = toViolationErrors(errors, payload);
  return errors.map((error, i) => {
    const d = described[i]!;
    const path = prefix + d.pointer;
    return {
      class: classOf(error),
      keyword: error.keyword,
      path,
      description: `${path || '(root)'}: ${d.message}`,
    };
  });
}

/** The violation of a track event the plan does not list. */
export function unplannedEvent(event: string): MessageViolation {
  return {
    class: 'unplanned_event',
    keyword: 'unplanned',
    path: '/event',
    description: `event ${JSON.stringify(event)} is not in the tracking plan`,
  };
}
