/** Prints a {@link StatusReport} for a person, or as JSON (the report as it is, two-space indented). */
import type { PlannedEvent, StatusReport, CallSite } from './types.js';

/** `"Order Completed" (track v3)`, `identify v1`, `page "Home" v1`. */
export function ruleLabel(rule: Pick<PlannedEvent, 'type' | 'key' | 'version'>): string {
  const type = rule.type.toLowerCase();
  if (rule.key === null) return `${type} v${rule.version}`;
  if (rule.type === 'TRACK') return `${JSON.stringify(rule.key)} (track v${rule.version})`;
  return `${type} ${JSON.stringify(rule.key)} v${rule.version}`;
}

const where = (site: CallSite) => `${site.file}:${site.line}:${site.column}`;

/** The report for a terminal or a CI log. */
export function renderStatusHuman(report: StatusReport): string {
  const out: string[] = [];
  const { called, planned, percent } = report.coverage;
  out.push(
    `${report.project}: ${report.files} source ${report.files === 1 ? 'file' : 'files'} read; ` +
      `client ${report.clients.join(', ')}`,
    '',
    `Coverage: ${called} of ${planned} planned events called through the client (${percent}%)`,
    '',
    'Planned events',
  );
  for (const event of report.events) {
    const client = event.calls.filter((c) => c.via === 'client').length;
    const sdk = event.calls.length - client;
    const counts =
      client === 0 && sdk === 0
        ? 'never called'
        : `${client} client ${client === 1 ? 'call' : 'calls'}` +
          (sdk > 0 ? `, ${sdk} direct SDK ${sdk === 1 ? 'call' : 'calls'}` : '');
    const flag = event.deprecated ? ' [deprecated]' : '';
    out.push(`  ${ruleLabel(event)}  ${event.function}()${flag}: ${counts}`);
    for (const site of event.calls)
      out.push(
        `    ${where(site)}  ${site.callee}${site.via === 'sdk' ? '  (direct SDK call)' : ''}`,
      );
  }
  const section = (title: string, lines: string[]) => {
    out.push('', `${title} (${lines.length})`);
    out.push(...(lines.length === 0 ? ['  none'] : lines));
  };
  section(
    'Never called through the client',
    report.uncovered.map((e) => `  ${ruleLabel(e)}  ${e.function}()`),
  );
  section(
    'Deprecated events still called',
    report.deprecatedCalled.map(
      (e) => `  ${ruleLabel(e)}  ${e.function}(): ${e.calls.map(where).join(', ')}`,
    ),
  );
  section(
    'Calls naming unplanned events',
    report.unplanned.map(
      (c) =>
        `  ${where(c)}  ${c.callee}: ${c.type}${c.name === null ? '' : ` ${JSON.stringify(c.name)}`}` +
        `${c.via === 'sdk' ? ' (direct SDK call)' : ''}`,
    ),
  );
  section(
    'Unknown names, not resolvable statically',
    report.unknown.map((c) => `  ${where(c)}  ${c.callee}(${c.expression}): ${c.reason}`),
  );
  section(
    'Direct SDK calls, bypassing the client',
    report.sdkCalls.map(
      (c) =>
        `  ${where(c)}  ${c.callee}${c.name === null ? '' : ` ${JSON.stringify(c.name)}`}: ` +
        (c.planned
          ? 'planned'
          : c.name === null && c.type === 'track'
            ? 'unknown name'
            : 'not planned'),
    ),
  );
  return out.join('\n') + '\n';
}

/** The JSON report. */
export function renderStatusJson(report: StatusReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
