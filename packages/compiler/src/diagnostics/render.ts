/** Diagnostics as text for people (`file:line:col: error[code]: message`) and as one JSON document. */
import type { Diagnostic } from './types.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Counts by severity. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): {
  errors: number;
  warnings: number;
  infos: number;
} {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

function location(d: Diagnostic): string {
  if (d.file === undefined) return d.cell === undefined ? '' : `${d.cell}: `;
  // A spreadsheet has cells, not lines: `plan.xlsx: Track!F17: …`.
  if (d.cell !== undefined) return `${d.file}: ${d.cell}: `;
  if (d.line === undefined) return `${d.file}: `;
  return `${d.file}:${d.line}:${d.column ?? 1}: `;
}

/**
 * One diagnostic for a terminal: a headline, then the rule and the JSON pointer on indented lines.
 * Keys are printed as JSON strings so quotes, trailing spaces and newlines in names stay visible.
 */
export function renderDiagnostic(d: Diagnostic): string {
  const lines = [`${location(d)}${d.severity}[${d.code}]: ${d.message}`];
  if (d.rule) {
    const key = d.rule.key === null ? '' : ` ${JSON.stringify(d.rule.key)}`;
    lines.push(`  rule: ${d.rule.type}${key} v${d.rule.version}`);
  }
  if (d.pointer !== undefined)
    lines.push(`  pointer: ${d.pointer === '' ? '(document root)' : d.pointer}`);
  return lines.join('\n') + '\n';
}

/** Every diagnostic for a terminal, followed by the summary line "N errors, M warnings". */
export function renderHuman(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  const body = diagnostics.map(renderDiagnostic).join('');
  return `${body}${body ? '\n' : ''}${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`;
}

/** The machine-readable report: `{ ok, errors, warnings, diagnostics }` as one JSON document. */
export function renderJson(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  return JSON.stringify({ ok: errors === 0, errors, warnings, diagnostics }, null, 2) + '\n';
}
