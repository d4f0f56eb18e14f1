/**
 * `checkPlan`: the whole of `platen check` without I/O on the output side — load, validate, and (when
 * the plan itself is sound) normalize into IR to collect the schema-level diagnostics too.
 */
import type { Diagnostic } from './diagnostics/types.js';
import { hasErrors } from './diagnostics/types.js';
import { normalizePlan, type IrReuse } from './ir/index.js';
import { compareText } from './order.js';
import type { Ir } from './ir/types.js';
import { loadPlan, placeDiagnostics, validatePlan, type LoadPlanOptions } from './plan/index.js';
import type { LoadedPlan } from './plan/types.js';

/** What {@link checkPlan} found. `ir` is present only when loading and validation found no errors. */
export interface CheckResult {
  loaded?: LoadedPlan;
  ir?: Ir;
  /** Every diagnostic, sorted by file, line, pointer, code. */
  diagnostics: Diagnostic[];
}

/**
 * Loads, validates and normalizes a plan; never throws for bad input. With `reuse` (incremental
 * builds), a rule normalized by the last build keeps its diagnostics and is normalized on first use.
 */
export async function checkPlan(
  path: string,
  options: LoadPlanOptions = {},
  reuse?: IrReuse,
): Promise<CheckResult> {
  const { loaded, diagnostics } = await loadPlan(path, options);
  if (!loaded) return { diagnostics: sortDiagnostics(diagnostics) };
  const meta = reuse?.metaProblems;
  const all = [
    ...diagnostics,
    ...validatePlan(loaded, meta && ((rule, schema, check) => meta(rule, schema, check))),
  ];
  // The IR stage assumes a well-formed plan (rule types, versions, schema shapes): only run it on one.
  if (hasErrors(all)) return { loaded, diagnostics: sortDiagnostics(all) };
  const ir = normalizePlan(loaded, reuse);
  all.push(...placeDiagnostics(loaded.sources, ir.diagnostics));
  return { loaded, ir, diagnostics: sortDiagnostics(all) };
}

/** Sorts diagnostics deterministically: file, line, column, pointer, code, message. Returns a new array. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareText(a.pointer ?? '', b.pointer ?? '') ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}
