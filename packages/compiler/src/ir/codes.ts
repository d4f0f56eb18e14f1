/**
 * The IR stage's diagnostic codes and their messages. Codes are stable (other stages, docs and users
 * match on them); messages are one sentence a person can act on.
 */
import type { Severity } from '../diagnostics/types.js';

/** One entry of the message table: a severity and a message built from a short detail. */
export interface IrCodeEntry {
  severity: Severity;
  message: (detail: string) => string;
}

/** Every diagnostic the IR stage can emit, by code. */
export const IR_CODES = {
  'any-type': {
    severity: 'warning',
    message: () =>
      '`type: "any"` is not a JSON Schema type; the value is typed `unknown` (remove `type` to say "any value").',
  },
  untyped: {
    severity: 'warning',
    message: (name) =>
      `Property ${name} has no type; it is typed \`unknown\`. Add a \`type\` to get a useful type.`,
  },
  'runtime-only-keyword': {
    severity: 'info',
    message: (keyword) =>
      `\`${keyword}\` cannot be expressed as a type; only the runtime validator enforces it (the type is wider).`,
  },
  'ref-siblings-ignored': {
    severity: 'info',
    message: (keywords) =>
      `Keywords beside \`$ref\` are ignored (draft-07): ${keywords}. Move them into an \`allOf\` to apply them.`,
  },
  'allof-conflict': {
    severity: 'warning',
    message: (what) =>
      `\`allOf\` parts contradict each other (${what}); no value can match, so the type is \`never\`.`,
  },
  'enum-type-mismatch': {
    severity: 'warning',
    message: () =>
      "No `enum` value matches the schema's `type`; no value can match, so the type is `never`.",
  },
  'unsatisfiable-required': {
    severity: 'warning',
    message: (name) =>
      `\`required\` names ${name}, which \`properties\` does not list and \`additionalProperties: false\` forbids; no payload can match, so its type is \`never\`.`,
  },
  'required-undeclared': {
    severity: 'warning',
    message: (name) =>
      `\`required\` names ${name}, which \`properties\` does not declare: it becomes a required property with no declared type. If it is a typo, fix it; else declare it in \`properties\`.`,
  },
  'empty-enum': {
    severity: 'error',
    message: () => '`enum: []` allows no value at all; list at least one value or remove `enum`.',
  },
  'invalid-type': {
    severity: 'error',
    message: (name) =>
      `Unknown type ${name}; use one of string, number, integer, boolean, null, object, array.`,
  },
  'remote-ref': {
    severity: 'error',
    message: (ref) =>
      `\`$ref\` ${ref} points outside this rule; only local references (\`#/…\`) are supported offline.`,
  },
  'unresolved-ref': {
    severity: 'error',
    message: (ref) => `\`$ref\` ${ref} points at nothing in this rule's schema.`,
  },
  'invalid-keyword-value': {
    severity: 'error',
    message: (what) => `Invalid keyword value: ${what}.`,
  },
  'schema-too-deep': {
    severity: 'error',
    message: (limit) =>
      `The schema nests deeper than ${limit} levels; deeper parts are typed \`unknown\`.`,
  },
  'internal-error': {
    severity: 'error',
    message: (what) => `Platen failed to normalize this rule (${what}); please report this bug.`,
  },
} as const satisfies Record<string, IrCodeEntry>;

/** One IR diagnostic code. */
export type IrCode = keyof typeof IR_CODES;
