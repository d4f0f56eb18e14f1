/**
 * What a write changes, for people: the compiler's plan diff engine (`@platen/compiler/diff`, the one
 * `platen diff` and `platen push` use) over two rule sets, as HTML: events and properties added,
 * removed or changed, each breaking change marked.
 */
import {
  diffPlans,
  eventName,
  summaryLine,
  type ChangeClass,
  type EventDiff,
  type PlanDiff,
} from '@platen/compiler/diff';
import type { ApiRule } from '@platen/compiler/api';
import type { Plan, Rule } from '@platen/compiler';
import { esc, list } from './html.js';

/** API rules as plan rules: an absent key is `null`; timestamps dropped (they are not the plan). */
export function rulesFromApi(rules: readonly ApiRule[]): Rule[] {
  return rules.map((r) => ({
    type: r.type,
    key: r.key ?? null,
    version: r.version,
    jsonSchema: r.jsonSchema,
  }));
}

/** A plan holding `rules`, for the diff engine. */
function planOf(rules: readonly Rule[]): Plan {
  return { id: '', name: '', type: 'LIVE', rules: [...rules] };
}

/** Compares two rule sets. */
export function diffRuleSets(from: readonly Rule[], to: readonly Rule[]): PlanDiff {
  return diffPlans(planOf(from), planOf(to));
}

const CLASS_TEXT: Record<ChangeClass, string> = {
  'breaking-both': 'breaking for senders and consumers',
  'breaking-sender': 'breaking for senders',
  'breaking-consumer': 'breaking for consumers',
  safe: 'safe',
};

const STATUS_TEXT: Record<EventDiff['status'], string> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  renamed: 'renamed',
};

function classBadge(c: ChangeClass): string {
  return c === 'safe'
    ? `<span class="safe">${CLASS_TEXT[c]}</span>`
    : `<span class="breaking">BREAKING: ${CLASS_TEXT[c]}</span>`;
}

function eventHtml(e: EventDiff): string {
  const name =
    e.status === 'renamed'
      ? `${eventName(e.type, e.fromKey ?? null)} → ${JSON.stringify(e.key)}`
      : eventName(e.type, e.key);
  const version =
    e.fromVersion !== undefined && e.toVersion !== undefined && e.fromVersion !== e.toVersion
      ? `v${e.fromVersion} → v${e.toVersion}`
      : `v${e.toVersion ?? e.fromVersion}`;
  const bump =
    e.version?.shouldBump && !e.version.bumped
      ? ' <span class="warning">(version not bumped)</span>'
      : '';
  const changes = e.changes.map(
    (c) =>
      `${c.class === 'safe' ? '' : '<span class="breaking">BREAKING</span> '}${c.pointer === '' ? '' : `<code>${esc(c.pointer)}</code> `}${esc(c.message)}`,
  );
  return (
    `<b>${esc(STATUS_TEXT[e.status])}</b> ${esc(name)} ${esc(version)} ${classBadge(e.class)}${bump}` +
    (changes.length === 0 ? '' : `<ul>${changes.map((c) => `<li>${c}</li>`).join('')}</ul>`)
  );
}

/** The diff as HTML: a summary line, then each event that differs. */
export function diffHtml(diff: PlanDiff): string {
  const breaking = diff.summary.breaking
    ? '<p class="breaking">This includes breaking changes.</p>'
    : '';
  return `<p>${esc(summaryLine(diff))}</p>${breaking}${list(diff.events.map(eventHtml), 'No changes.')}`;
}
