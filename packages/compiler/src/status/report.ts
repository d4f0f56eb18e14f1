/**
 * Turns the calls found into the report: each call is matched to the rule it sends (by name, the
 * newest version of a key, as the generic `track` does), then grouped per rule, with coverage,
 * uncovered and deprecated rules, unplanned and unknown names, and direct SDK calls.
 */
import { compareText } from '../order.js';
import type { ManifestRule } from '../naming/types.js';
import { ruleId, type FoundCall, type ScanResult } from './scan.js';
import {
  STATUS_REPORT_VERSION,
  type CallSite,
  type CallType,
  type PlannedEvent,
  type StatusReport,
} from './types.js';
import type { GeneratedClient } from './client.js';

const TYPE_ORDER = ['TRACK', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN'];

function compareRules(a: PlannedEvent, b: PlannedEvent): number {
  return (
    TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
    (a.key === b.key ? 0 : a.key === null ? -1 : b.key === null ? 1 : compareText(a.key, b.key)) ||
    a.version - b.version
  );
}

function compareSites(a: CallSite, b: CallSite): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column;
}

/**
 * The rule a call of `type` naming `name` sends: the newest version of the rule with that key; for a
 * page or screen with no keyed rule of that name (or no name), the unkeyed rule.
 */
function ruleFor(
  rules: PlannedEvent[],
  type: CallType,
  name: string | null,
): PlannedEvent | undefined {
  const ruleType = type.toUpperCase();
  const newest = (key: string | null) =>
    rules
      .filter((r) => r.type === ruleType && r.key === key)
      .reduce<PlannedEvent | undefined>(
        (a, r) => (a === undefined || r.version > a.version ? r : a),
        undefined,
      );
  if (type === 'track') return name === null ? undefined : newest(name);
  if (type === 'identify' || type === 'group') return newest(null);
  return (name === null ? undefined : newest(name)) ?? newest(null);
}

/** Options of {@link buildReport}. */
export interface ReportContext {
  project: string;
  clients: string[];
}

/** The report for the clients' rules and the calls found. Sorted throughout: deterministic. */
export function buildReport(
  clients: GeneratedClient[],
  scan: ScanResult,
  context: ReportContext,
): StatusReport {
  const byId = new Map<string, PlannedEvent>();
  for (const client of clients) {
    for (const rule of client.rules) {
      const id = ruleId(rule);
      if (byId.has(id)) continue;
      byId.set(id, {
        type: rule.type,
        key: rule.key,
        version: rule.version,
        function: rule.function,
        deprecated: scan.deprecated.has(id),
        calls: [],
      });
    }
  }
  const events = [...byId.values()].sort(compareRules);
  const report: StatusReport = {
    version: STATUS_REPORT_VERSION,
    project: context.project,
    clients: context.clients,
    files: scan.files,
    coverage: { called: 0, planned: events.length, percent: 100 },
    events,
    uncovered: [],
    deprecatedCalled: [],
    unplanned: [],
    unknown: [],
    sdkCalls: [],
  };
  for (const call of scan.calls) addCall(report, byId, call);
  for (const list of [report.unplanned, report.unknown, report.sdkCalls]) list.sort(compareSites);
  let called = 0;
  for (const event of events) {
    event.calls.sort(compareSites);
    const { type, key, version, function: fn } = event;
    if (event.calls.some((c) => c.via === 'client')) called++;
    else report.uncovered.push({ type, key, version, function: fn });
    if (event.deprecated && event.calls.length > 0)
      report.deprecatedCalled.push({ type, key, version, function: fn, calls: event.calls });
  }
  report.coverage.called = called;
  if (events.length > 0) report.coverage.percent = Math.round((called / events.length) * 1000) / 10;
  return report;
}

function addCall(report: StatusReport, byId: Map<string, PlannedEvent>, call: FoundCall): void {
  const { site, type } = call;
  if (call.kind === 'name' && type === 'track' && call.name === null) {
    // `track()`, or `track({ userId })` without `event`: there is no name to match.
    call = {
      site,
      type,
      kind: 'unknown',
      expression: site.callee + '(…)',
      reason: 'no event name',
    };
  }
  if (call.kind === 'unknown') {
    report.unknown.push({ ...site, type, expression: call.expression, reason: call.reason });
    if (site.via === 'sdk') report.sdkCalls.push({ ...site, type, name: null, planned: false });
    return;
  }
  const event =
    call.kind === 'rule'
      ? byId.get(ruleId(call.rule as ManifestRule))
      : ruleFor(report.events, type, call.name);
  if (event !== undefined) event.calls.push(site);
  else {
    const name = call.kind === 'name' ? call.name : null;
    report.unplanned.push({ ...site, type, name });
  }
  if (site.via === 'sdk') {
    const name = call.kind === 'name' ? call.name : null;
    report.sdkCalls.push({ ...site, type, name, planned: event !== undefined });
  }
}
