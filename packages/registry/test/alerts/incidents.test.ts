/**
 * The incident state machine on its own: grouping, dedupe, resolution and cooldown, interval by
 * interval (docs/decisions.md#incident-grouping).
 */
import { describe, expect, it } from 'vitest';
import type { AlertSettings } from '@platen/compiler/api';
import {
  GROUP_INTERVALS,
  stepMonitor,
  type IncidentState,
  type Observation,
} from '../../src/alerts/incidents.js';

const H = 3_600_000;
const settings: AlertSettings = { cooldownMs: 6 * H, resolveAfter: 2 };

const obs = (
  series: string,
  anomalous: boolean,
  direction: 'up' | 'down' = 'down',
): Observation => ({
  series,
  event: series,
  anomalous,
  direction,
  value: anomalous ? 0 : 100,
  expected: 100,
  score: anomalous ? 0.9 : 0.1,
});

/** Runs intervals of observations through one monitor, keeping state as the runner would. */
function run(
  intervals: Observation[][],
  options: { settings?: AlertSettings; lastAlert?: Record<string, number> } = {},
) {
  let open: { id: number; state: IncidentState }[] = [];
  const all = new Map<number, IncidentState>();
  const lastAlert = new Map(Object.entries(options.lastAlert ?? {}));
  const notices: [interval: number, incident: number, notice: string][] = [];
  let nextId = 1;
  intervals.forEach((observations, i) => {
    const now = (i + 1) * H;
    const changes = stepMonitor(open, observations, {
      now,
      settings: options.settings ?? settings,
      intervalMs: H,
      lastAlertAt: (s) => lastAlert.get(s),
    });
    for (const c of changes) {
      const id = c.id ?? nextId++;
      all.set(id, c.state);
      for (const n of c.notices) {
        notices.push([i, id, n]);
        if (n === 'alert') for (const m of c.state.everMembers) lastAlert.set(m.series, now);
      }
    }
    open = [...all].filter(([, s]) => s.status === 'open').map(([id, state]) => ({ id, state }));
  });
  return { notices, incidents: [...all.values()] };
}

describe('stepMonitor', () => {
  it('alerts once for an outage of several intervals, then resolves once after resolveAfter normal intervals', () => {
    const { notices, incidents } = run([
      [obs('a', false)],
      [obs('a', true)],
      [obs('a', true)],
      [obs('a', true)],
      [obs('a', false)],
      [obs('a', false)],
      [obs('a', false)],
    ]);
    expect(notices).toEqual([
      [1, 1, 'alert'],
      [5, 1, 'resolved'],
    ]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.anomalies).toBe(3);
  });

  it('does not resolve on one normal interval between anomalies (no flapping)', () => {
    const { notices } = run([
      [obs('a', true)],
      [obs('a', false)],
      [obs('a', true)],
      [obs('a', false)],
      [obs('a', false)],
    ]);
    expect(notices).toEqual([
      [0, 1, 'alert'],
      [4, 1, 'resolved'],
    ]);
  });

  it('counts the jump back after a drop as normal, not as a second anomaly', () => {
    const { notices, incidents } = run([
      [obs('a', true, 'down')],
      [obs('a', true, 'up')],
      [obs('a', false)],
    ]);
    expect(notices).toEqual([
      [0, 1, 'alert'],
      [2, 1, 'resolved'],
    ]);
    expect(incidents[0]!.anomalies).toBe(1);
  });

  it('groups series that go anomalous together, or within the grouping window, into one incident', () => {
    const late = Array.from({ length: GROUP_INTERVALS }, () => [obs('a', true), obs('b', false)]);
    const { notices, incidents } = run([
      [obs('a', true), obs('b', true), obs('c', false)],
      ...late.slice(0, GROUP_INTERVALS - 1),
      [obs('a', true), obs('b', true), obs('c', true)],
      [obs('a', false), obs('b', false), obs('c', false)],
      [obs('a', false), obs('b', false), obs('c', false)],
    ]);
    expect(notices.map(([, id, n]) => [id, n])).toEqual([
      [1, 'alert'],
      [1, 'resolved'],
    ]);
    expect(incidents[0]!.everMembers.map((m) => m.series)).toEqual(['a', 'b', 'c']);
  });

  it('opens a new incident, with its own alert, for an anomaly after the grouping window', () => {
    const rows: Observation[][] = [[obs('a', true), obs('b', false)]];
    for (let i = 0; i < GROUP_INTERVALS + 1; i++) rows.push([obs('a', true), obs('b', false)]);
    rows.push([obs('a', true), obs('b', true)]);
    const { notices } = run(rows);
    expect(notices.map(([, id, n]) => [id, n])).toEqual([
      [1, 'alert'],
      [2, 'alert'],
    ]);
  });

  it('holds back the alert of a series alerted within the cooldown, and sends it when the cooldown ends if still open', () => {
    // "a" was alerted about 1 h before the first interval ends; the cooldown is 6 h.
    const rows = Array.from({ length: 7 }, () => [obs('a', true)]);
    const { notices } = run(rows, { lastAlert: { a: 0 } });
    // Interval i ends at (i + 1) h; 6 h after the last alert is the end of interval 5.
    expect(notices).toEqual([[5, 1, 'alert']]);
  });

  it('sends neither alert nor resolved for a held incident that resolves within the cooldown', () => {
    const { notices, incidents } = run(
      [[obs('a', true)], [obs('a', false)], [obs('a', false)], [obs('a', false)]],
      { lastAlert: { a: 0 } },
    );
    expect(notices).toEqual([]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.status).toBe('resolved');
  });

  it('a flapping series alerts at most once per cooldown', () => {
    const flap: Observation[][] = [];
    for (let i = 0; i < 12; i++) flap.push([obs('a', i % 3 === 0)]);
    const { notices, incidents } = run(flap, { settings: { cooldownMs: 24 * H, resolveAfter: 2 } });
    expect(notices.filter(([, , n]) => n === 'alert')).toHaveLength(1);
    expect(incidents.length).toBeGreaterThan(1);
  });

  it("alerts at once when one of the new incident's series was not alerted about within the cooldown", () => {
    const { notices } = run([[obs('a', true), obs('b', true)]], { lastAlert: { a: 0 } });
    expect(notices).toEqual([[0, 1, 'alert']]);
  });
});
