/**
 * `checkPlan`: the whole of `platen check` without I/O on the output side — load, validate, and (when
 * the plan itself is sound) normalize into IR to collect the schema-level diagnostics too.
 */
import type { Diagnostic } from './diagnostics/types.js';
import { hasErrors } from './diagnostics/types.js';
import { normalizePlan, type IrMemo } from './ir/index.js';
import { nameCollisions } from './naming/index.js';
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
 * Loads, validates and normalizes a plan; never throws for bad input. With `memo` (incremental
 * builds), a rule normalized by the last build keeps its diagnostics and its body is built on
 * first use.
 */
export async function checkPlan(
  path: string,
  options: LoadPlanOptions = {},
  memo?: IrMemo,
): Promise<CheckResult> {
  const { loaded, diagnostics } = await loadPlan(path, options);
  if (!loaded) return { diagnostics: sortDiagnostics(diagnostics) };
  const meta = memo?.metaProblems;
  const bad = new Set<number>();
  const all = [
    ...diagnostics,
    ...validatePlan(loaded, meta && ((rule, schema, check) => meta(rule, schema, check)), bad),
  ];
  // The IR stage assumes a well-formed plan (rule types, versions, schema shapes): only run it on one.
  if (hasErrors(all)) {
    // One broken rule must not hide the others' problems: the rules that passed validation are
    // still normalized, for their diagnostics only (there is no IR to build from).
    const sound = hasErrors(diagnostics) ? undefined : soundRules(loaded, bad);
    if (sound !== undefined)
      all.push(...placeDiagnostics(loaded.sources, normalizePlan(sound).diagnostics));
    return { loaded, diagnostics: sortDiagnostics(all) };
  }
  const ir = normalizePlan(loaded, memo);
  all.push(...placeDiagnostics(loaded.sources, [...ir.diagnostics, ...nameCollisions(ir)]));
  return { loaded, ir, diagnostics: sortDiagnostics(all) };
}

/** The plan without the rules at the indices `bad`; `undefined` when none is left. */
function soundRules(loaded: LoadedPlan, bad: ReadonlySet<number>): LoadedPlan | undefined {
  const rules: unknown = loaded.plan.rules;
  if (!Array.isArray(rules) || loaded.ruleSources.length !== rules.length) return undefined;
  const kept = rules.map((_, i) => i).filter((i) => !bad.has(i));
  if (kept.length === 0) return undefined;
  return {
    ...loaded,
    plan: { ...loaded.plan, rules: kept.map((i) => loaded.plan.rules[i]!) },
    ruleSources: kept.map((i) => loaded.ruleSources[i]!),
  };
}

const CELL = /^(?:(.*)!)?([A-Z]+)(\d+)$/;

/** Orders spreadsheet cells by tab, then row, then column (`Track!B2` before `Track!A10`); none first. */
function compareCells(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined || b === undefined) return a === undefined ? -1 : 1;
  const x = CELL.exec(a);
  const y = CELL.exec(b);
  if (!x || !y) return compareText(a, b);
  const column = (letters: string) =>
    [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  return (
    compareText(x[1] ?? '', y[1] ?? '') ||
    Number(x[3]) - Number(y[3]) ||
    column(x[2]!) - column(y[2]!)
  );
}

/** Sorts diagnostics deterministically: file, line, column, cell, pointer, code, message. Returns a new array. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareCells(a.cell, b.cell) ||
      compareText(a.pointer ?? '', b.pointer ?? '') ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}
