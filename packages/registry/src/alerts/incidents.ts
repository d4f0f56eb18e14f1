/**
 * Incidents, as a pure state machine (no I/O, no clock of its own): what one closed interval's
 * observations of a monitor's series do to that monitor's incident, and which messages go out.
 *
 * - Grouped: series of one monitor that turn anomalous within GROUP_INTERVALS intervals of each
 *   other (one outage hitting every event of a source) form one incident, with one message.
 * - Deduplicated: an open incident sends its alert once, however many intervals stay anomalous.
 * - Resolved: a member leaves once it has been normal for `resolveAfter` intervals in a row (an
 *   anomaly the other way, such as the jump back after a drop, counts as normal); the incident
 *   resolves, with one "resolved" message, when its last member leaves.
 * - Cooldown: an incident whose series were all alerted about less than `cooldownMs` ago holds its
 *   alert back; it is sent once the cooldown ends if the incident is still open, and never (nor its
 *   resolution) if it resolved before: a flapping series alerts once per cooldown. See docs/decisions.md#incident-grouping.
 */
import type { AlertSettings } from '@platen/compiler/api';

/** Which way a value moved from what was expected. */
export type Direction = 'up' | 'down';

/** One series of a monitor in one closed interval. */
export interface Observation {
  /** The series' key (see runner.ts), unique within the monitor. */
  series: string;
  source?: string;
  event?: string;
  /** True when the monitor alerts on this point (the detector's verdict, or a rule's). */
  anomalous: boolean;
  direction: Direction;
  value: number;
  expected?: number;
  lower?: number;
  upper?: number;
  score: number;
  /** What a person reads about it, e.g. `new violation class "wrong type"`. */
  detail?: string;
}

/** A series inside an open incident. */
export interface Member {
  series: string;
  source?: string;
  event?: string;
  direction: Direction;
  /** Normal intervals in a row since its last anomaly. */
  normalStreak: number;
}

/** An incident's state, stored as JSON beside its row. */
export interface IncidentState {
  status: 'open' | 'resolved';
  openedAt: number;
  /** When its alert went out; undefined while held back by the cooldown (or never sent). */
  alertedAt?: number;
  resolvedAt?: number;
  members: Member[];
  /** Every series that was ever a member, in the order they joined. */
  everMembers: Member[];
  /** The first anomalous observations, as the alert describes them. */
  first: Observation[];
  anomalies: number;
  peakScore: number;
}

/** What to send after a step. */
export type Notice = 'alert' | 'resolved';

/** An incident and what one step did to it. */
export interface IncidentChange {
  /** Its row id; undefined for one opened by this step (the caller inserts it). */
  id: number | undefined;
  state: IncidentState;
  notices: Notice[];
  /** The observations that count as anomalies of this incident in this step. */
  anomalies: Observation[];
  /** True when the step changed it (or opened it). */
  changed: boolean;
}

/** What {@link stepMonitor} needs besides the incidents and observations. */
export interface StepContext {
  /** The end of the closed interval, in ms. */
  now: number;
  settings: AlertSettings;
  /** The interval's length in ms (for the grouping window). */
  intervalMs: number;
  /** When a message last alerted about `series` of this monitor, for the cooldown. */
  lastAlertAt(series: string): number | undefined;
}

/** How many intervals after an incident opens other series' anomalies still join it. */
export const GROUP_INTERVALS = 2;

/**
 * Advances a monitor's open incidents by one closed interval: members stay, leave or come back; a
 * newly anomalous series joins the newest incident opened within {@link GROUP_INTERVALS} intervals,
 * else all of them open one new incident together.
 */
export function stepMonitor(
  open: readonly { id: number; state: IncidentState }[],
  observations: readonly Observation[],
  ctx: StepContext,
): IncidentChange[] {
  const { now, settings } = ctx;
  const changes: IncidentChange[] = open.map(({ id, state }) => ({
    id,
    state: {
      ...state,
      members: state.members.map((m) => ({ ...m })),
      everMembers: state.everMembers.map((m) => ({ ...m })),
    },
    notices: [],
    anomalies: [],
    changed: false,
  }));
  const bySeries = new Map(observations.map((o) => [o.series, o]));
  const memberOfOpen = new Set<string>();
  for (const change of changes) {
    for (const member of change.state.members) {
      memberOfOpen.add(member.series);
      const o = bySeries.get(member.series);
      change.changed = true;
      // The jump back after a drop (or the fall after a spike) is the series returning, not a new anomaly.
      if (o && o.anomalous && o.direction === member.direction) {
        member.normalStreak = 0;
        change.anomalies.push(o);
      } else member.normalStreak++;
    }
  }
  const fresh = observations.filter((o) => o.anomalous && !memberOfOpen.has(o.series));
  const window = GROUP_INTERVALS * ctx.intervalMs;
  const joinable = changes
    .filter((c) => c.state.openedAt >= now - window)
    .sort((a, b) => b.state.openedAt - a.state.openedAt)[0];
  if (fresh.length > 0) {
    if (joinable) {
      for (const o of fresh) {
        const member = memberOf(o);
        joinable.state.members.push(member);
        if (!joinable.state.everMembers.some((m) => m.series === o.series))
          joinable.state.everMembers.push({ ...member });
        joinable.anomalies.push(o);
      }
    } else {
      const members = fresh.map(memberOf);
      changes.push({
        id: undefined,
        state: {
          status: 'open',
          openedAt: now,
          members,
          everMembers: members.map((m) => ({ ...m })),
          first: fresh,
          anomalies: 0,
          peakScore: 0,
        },
        notices: [],
        anomalies: [...fresh],
        changed: true,
      });
    }
  }
  for (const change of changes) {
    const state = change.state;
    state.anomalies += change.anomalies.length;
    for (const o of change.anomalies) state.peakScore = Math.max(state.peakScore, o.score);
    state.members = state.members.filter((m) => m.normalStreak < settings.resolveAfter);
    if (state.members.length === 0) {
      state.status = 'resolved';
      state.resolvedAt = now;
      if (state.alertedAt !== undefined) change.notices.push('resolved');
    } else if (state.alertedAt === undefined && cooledDown(state, ctx)) {
      state.alertedAt = now;
      change.notices.push('alert');
    }
  }
  return changes.filter((c) => c.changed);
}

/** True when some series of the incident was not alerted about within the cooldown. */
function cooledDown(state: IncidentState, ctx: StepContext): boolean {
  return state.everMembers.some((m) => {
    const last = ctx.lastAlertAt(m.series);
    return last === undefined || ctx.now - last >= ctx.settings.cooldownMs;
  });
}

function memberOf(o: Observation): Member {
  return {
    series: o.series,
    ...(o.source === undefined ? {} : { source: o.source }),
    ...(o.event === undefined ? {} : { event: o.event }),
    direction: o.direction,
    normalStreak: 0,
  };
}
