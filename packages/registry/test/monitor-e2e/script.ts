/**
 * The scripted traffic of the acceptance test: track calls, each valid or breaking the plan in
 * exactly one way, with the class its violation must be counted under. {@link expectedRows} turns
 * what was sent into the report rows it must produce, independently of the server's code.
 */
import type { ReportJsonRow } from './support.js';

/** What a scripted call must be counted as. */
export type Outcome =
  'valid' | 'unplanned_event' | 'unplanned_property' | 'missing_required' | 'wrong_type' | 'other';

/** One scripted track call. */
export interface ScriptedCall {
  event: string;
  /** `context.protocols.event_version`; absent for events the plan lacks. */
  version?: number;
  properties: Record<string, unknown>;
  outcome: Outcome;
}

const times = (n: number, make: (i: number) => ScriptedCall): ScriptedCall[] =>
  Array.from({ length: n }, (_, i) => make(i));

/** The mix: valid calls, one of each violation class several times, and two unplanned events. */
export function script(prefix: string): ScriptedCall[] {
  const oc = (i: number) => ({ order_id: `${prefix}-${i}`, revenue: 10 + i });
  return [
    ...times(5, (i) => ({
      event: 'Order Completed',
      version: 1,
      properties: { ...oc(i), currency: 'USD' },
      outcome: 'valid',
    })),
    ...times(3, (i) => ({
      event: 'Order Completed',
      version: 1,
      properties: { order_id: `${prefix}-w${i}`, revenue: '12.50' },
      outcome: 'wrong_type',
    })),
    ...times(2, (i) => ({
      event: 'Order Completed',
      version: 1,
      properties: { revenue: 3 + i },
      outcome: 'missing_required',
    })),
    ...times(2, (i) => ({
      event: 'Order Completed',
      version: 1,
      properties: { ...oc(i), coupon_code: 'X' },
      outcome: 'unplanned_property',
    })),
    ...times(1, (i) => ({
      event: 'Order Completed',
      version: 1,
      properties: { ...oc(i), currency: 'JPY' },
      outcome: 'other',
    })),
    ...times(2, (i) => ({
      event: 'Order Completed',
      version: 2,
      properties: { ...oc(i), coupon: 'SPRING' },
      outcome: 'valid',
    })),
    ...times(1, (i) => ({
      event: 'Order Completed',
      version: 2,
      properties: oc(i),
      outcome: 'missing_required',
    })),
    ...times(3, (i) => ({
      event: 'Signed Up',
      version: 1,
      properties: { plan: 'pro', trial: i === 0 },
      outcome: 'valid',
    })),
    ...times(1, () => ({
      event: 'Signed Up',
      version: 1,
      properties: { plan: 'pro', trial: 'yes' },
      outcome: 'wrong_type',
    })),
    ...times(4, (i) => ({ event: 'Debug Ping', properties: { n: i }, outcome: 'unplanned_event' })),
    ...times(1, () => ({ event: 'Legacy Checkout', properties: {}, outcome: 'unplanned_event' })),
  ];
}

const CLASSES = [
  'unplanned_event',
  'unplanned_property',
  'missing_required',
  'wrong_type',
  'other',
];

/** The report rows `calls` sent from `source` must give, sorted by event and version. */
export function expectedRows(source: string, calls: ScriptedCall[]): ReportJsonRow[] {
  const rows = new Map<string, ReportJsonRow>();
  for (const c of calls) {
    const version = c.version ?? 0;
    const key = `${c.event}\u0000${version}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        source,
        type: 'track',
        event: c.event,
        version,
        planned: c.outcome !== 'unplanned_event',
        received: 0,
        valid: 0,
        invalid: 0,
        unplanned_properties: 0,
        violations: Object.fromEntries(CLASSES.map((k) => [k, 0])),
      };
      rows.set(key, row);
    }
    row.received++;
    if (c.outcome === 'valid') row.valid++;
    else {
      row.invalid++;
      row.violations[c.outcome]!++;
      if (c.outcome === 'unplanned_property') row.unplanned_properties++;
    }
  }
  return sortRows([...rows.values()]);
}

/** Rows in a fixed order (source, event, version), for comparing. */
export function sortRows<T extends { source: string; event: string; version: number }>(
  rows: T[],
): T[] {
  return [...rows].sort((a, b) =>
    a.source !== b.source
      ? a.source < b.source
        ? -1
        : 1
      : a.event !== b.event
        ? a.event < b.event
          ? -1
          : 1
        : a.version - b.version,
  );
}

/** The fields of a report row the acceptance compares (the report adds change figures). */
export function comparable(row: ReportJsonRow): ReportJsonRow {
  const {
    source,
    type,
    event,
    version,
    planned,
    received,
    valid,
    invalid,
    unplanned_properties,
    violations,
  } = row;
  return {
    source,
    type,
    event,
    version,
    planned,
    received,
    valid,
    invalid,
    unplanned_properties,
    violations,
  };
}
