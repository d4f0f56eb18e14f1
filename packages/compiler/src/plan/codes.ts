/**
 * The message table of plan loading and validation. Every diagnostic code the `plan/` stage emits is
 * listed here once, with its severity and what it means, so messages stay consistent and documented.
 */
import type { Diagnostic, Severity } from '../diagnostics/types.js';
import type { RuleRef } from './types.js';

/** One entry of the message table. */
export interface CodeInfo {
  severity: Severity;
  /** What the code means, in one line (used in docs and as a message prefix). */
  summary: string;
}

/** Every code of the `plan/` stage. */
export const PLAN_CODES = {
  'file-not-found': { severity: 'error', summary: 'The plan file or folder does not exist' },
  'file-unreadable': { severity: 'error', summary: 'The plan file could not be read' },
  'invalid-json': { severity: 'error', summary: 'The file is not valid JSON' },
  'invalid-yaml': { severity: 'error', summary: 'The file is not valid YAML' },
  'unknown-format': {
    severity: 'error',
    summary: 'The file is not a tracking plan in any known format',
  },
  'format-mismatch': { severity: 'error', summary: 'The file does not fit the forced format' },
  'invalid-plan': { severity: 'error', summary: 'The plan does not have the expected shape' },
  'invalid-rule': { severity: 'error', summary: 'A rule does not have the expected shape' },
  'invalid-rule-type': {
    severity: 'error',
    summary: 'A rule type is not one of the Segment rule types',
  },
  'invalid-version': {
    severity: 'error',
    summary: 'A rule version is not an integer of at least 1',
  },
  'invalid-key': { severity: 'error', summary: 'A rule key is missing or not a string' },
  'lone-surrogate': {
    severity: 'error',
    summary:
      'A rule key holds a lone surrogate: it cannot be stored as UTF-8, and two such keys read back alike',
  },
  'unexpected-key': {
    severity: 'warning',
    summary: 'A rule type that takes no key has one; it is kept',
  },
  'invalid-event-metadata': {
    severity: 'error',
    summary: 'A Typewriter rule has a malformed eventMetadata',
  },
  'duplicate-rule': {
    severity: 'error',
    summary: 'Two rules share the same type, key and version',
  },
  'invalid-schema': {
    severity: 'error',
    summary: 'A rule schema breaks the JSON Schema meta-schema',
  },
  'unsupported-schema-version': {
    severity: 'warning',
    summary:
      'A $schema names a JSON Schema version other than draft-04/06/07; it is read as draft-07',
  },
  'schema-too-deep': {
    severity: 'error',
    summary: 'A rule schema is nested too deeply to process',
  },
  'empty-plan': { severity: 'info', summary: 'The plan has no rules' },
} as const satisfies Record<string, CodeInfo>;

/** A code of the `plan/` stage. */
export type PlanCode = keyof typeof PLAN_CODES;

/** Where a diagnostic points: everything but code, severity and message. */
export interface DiagnosticPlace {
  file?: string;
  rule?: RuleRef;
  pointer?: string;
  line?: number;
  column?: number;
}

/** Builds a diagnostic whose severity comes from the message table. Undefined places are left out. */
export function planDiagnostic(
  code: PlanCode,
  message: string,
  place: DiagnosticPlace = {},
): Diagnostic {
  const d: Diagnostic = { code, severity: PLAN_CODES[code].severity, message };
  if (place.file !== undefined) d.file = place.file;
  if (place.rule !== undefined) d.rule = place.rule;
  if (place.pointer !== undefined) d.pointer = place.pointer;
  if (place.line !== undefined) d.line = place.line;
  if (place.column !== undefined) d.column = place.column;
  return d;
}
