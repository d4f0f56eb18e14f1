/**
 * Errors are data: every problem Platen finds is a {@link Diagnostic} with a stable `code`,
 * collected and reported together. Nothing in the pipeline throws for bad input.
 */
import type { RuleRef } from '../plan/types.js';

/** How bad a diagnostic is. `error` fails `platen check` / `platen build`. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem found in a plan, a config or a request. */
export interface Diagnostic {
  /** Stable, kebab-case code from the message table, e.g. `empty-enum`. */
  code: string;
  severity: Severity;
  /** One sentence a person can act on. */
  message: string;
  /** The file the problem is in, as given by the user (relative paths stay relative). */
  file?: string;
  /** The rule the problem is in. */
  rule?: RuleRef;
  /** JSON pointer into `file` (not into the rule), e.g. `/rules/2/jsonSchema/properties/properties/properties/sku/enum`. */
  pointer?: string;
  /** The spreadsheet cell the problem is in, e.g. `Track!F17`, when the plan was read from a sheet. */
  cell?: string;
  /** 1-based line and column, when known (always for JSON/YAML syntax errors). */
  line?: number;
  column?: number;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
