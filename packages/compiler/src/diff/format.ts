/**
 * A {@link PlanDiff} for people: plain text (the terminal, `platen push`) and Markdown (a pull-request
 * comment). Deterministic, and pure: no Node built-ins, so an Apps Script bundle can use it.
 */
import type { ChangeClass, EventDiff, PlanDiff } from './types.js';

/** Names of the two sides, shown in the heading when given. */
export interface DiffLabels {
  from?: string;
  to?: string;
}

const SYMBOL: Record<EventDiff['status'], string> = {
  added: '+',
  removed: '-',
  changed: '~',
  renamed: '»',
};

const STATUS_TEXT: Record<EventDiff['status'], string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  renamed: 'Renamed',
};

const CLASS_TEXT: Record<ChangeClass, string> = {
  'breaking-both': 'breaking for senders and consumers',
  'breaking-sender': 'breaking for senders',
  'breaking-consumer': 'breaking for consumers',
  safe: 'safe',
};

/** `TRACK "Order Completed"`, `IDENTIFY`: an event named for people (quotes escaped as JSON does). */
export function eventName(type: string, key: string | null): string {
  return key === null ? type : `${type} ${JSON.stringify(key)}`;
}

function versions(event: EventDiff): string {
  const { fromVersion: a, toVersion: b } = event;
  if (a !== undefined && b !== undefined && a !== b) return `v${a} → v${b}`;
  return `v${b ?? a}`;
}

/** The event's title: what it is, which versions, and for a rename its old key. */
function title(event: EventDiff): string {
  if (event.status === 'renamed')
    return `${eventName(event.type, event.fromKey ?? null)} → ${JSON.stringify(event.key)} ${versions(event)}`;
  return `${eventName(event.type, event.key)} ${versions(event)}`;
}

/** What the plan did with the version, when it matters. */
function versionNote(event: EventDiff): string | undefined {
  const v = event.version;
  if (v === undefined) return undefined;
  if (v.shouldBump && !v.bumped) return 'version should be bumped (breaking change), but was not';
  if (v.bumped) return v.shouldBump ? 'version bumped (breaking change)' : 'version bumped';
  return undefined;
}

/** One line of counts: events by status, then changes by class. */
export function summaryLine(diff: PlanDiff): string {
  const e = diff.summary.events;
  const c = diff.summary.changes;
  const classes = (['breaking-both', 'breaking-sender', 'breaking-consumer', 'safe'] as const)
    .filter((k) => c[k] > 0)
    .map((k) => `${c[k]} ${k}`);
  return (
    `${e.added} added, ${e.removed} removed, ${e.changed} changed, ${e.renamed} renamed, ${e.unchanged} unchanged` +
    (classes.length > 0 ? `; changes: ${classes.join(', ')}` : '') +
    (diff.summary.unbumped > 0
      ? `; ${diff.summary.unbumped} version${diff.summary.unbumped === 1 ? '' : 's'} to bump`
      : '')
  );
}

/**
 * The diff as text: one line per event (`+` added, `-` removed, `~` changed, `»` renamed) with its
 * class, its changes indented below it (path, class, what changed), then a summary line.
 */
export function formatDiffText(diff: PlanDiff, labels: DiffLabels = {}): string {
  const lines: string[] = [];
  if (labels.from !== undefined && labels.to !== undefined)
    lines.push(`diff ${labels.from} → ${labels.to}`);
  for (const event of diff.events) {
    const note = versionNote(event);
    lines.push(
      `  ${SYMBOL[event.status]} ${title(event)}: ${CLASS_TEXT[event.class]}${note ? `; ${note}` : ''}`,
    );
    const shown = event.changes.filter(
      (c) => !(c.pointer === '' && (c.kind === 'event-added' || c.kind === 'event-removed')),
    );
    const width = Math.min(40, Math.max(0, ...shown.map((c) => display(c.pointer).length)));
    for (const c of shown)
      lines.push(
        `      ${display(c.pointer).padEnd(width)}  ${c.class.padEnd(17)}  ${oneLine(c.message)}`,
      );
  }
  lines.push(summaryLine(diff));
  return lines.join('\n') + '\n';
}

/** The event itself is `(event)`; a pointer with a line break is kept on one line. */
function display(pointer: string): string {
  return pointer === '' ? '(event)' : oneLine(pointer);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, ' ');
}

/** The diff as Markdown for a pull-request comment: a summary, then a table of changes per event. */
export function formatDiffMarkdown(diff: PlanDiff, labels: DiffLabels = {}): string {
  const out: string[] = [];
  const heading =
    labels.from !== undefined && labels.to !== undefined
      ? `### Tracking plan changes: ${code(labels.from)} → ${code(labels.to)}`
      : '### Tracking plan changes';
  out.push(heading, '');
  const s = diff.summary;
  if (diff.events.length === 0) {
    out.push('No changes.', '');
    return out.join('\n');
  }
  const breaking =
    s.changes['breaking-both'] + s.changes['breaking-sender'] + s.changes['breaking-consumer'];
  out.push(
    `${breaking > 0 ? `**${breaking} breaking change${breaking === 1 ? '' : 's'}**` : 'No breaking changes'}` +
      ` (${s.changes['breaking-sender']} for senders, ${s.changes['breaking-consumer']} for consumers, ` +
      `${s.changes['breaking-both']} for both), ${s.changes.safe} safe. ` +
      `Events: ${s.events.added} added, ${s.events.removed} removed, ${s.events.changed} changed, ` +
      `${s.events.renamed} renamed, ${s.events.unchanged} unchanged.` +
      (s.unbumped > 0
        ? ` **${s.unbumped} event version${s.unbumped === 1 ? '' : 's'} should be bumped.**`
        : ''),
    '',
  );
  for (const event of diff.events) {
    const note = versionNote(event);
    out.push(
      `#### ${STATUS_TEXT[event.status]}: ${code(title(event))} (${CLASS_TEXT[event.class]})`,
      '',
    );
    if (note) out.push(`_${escape(note)}_`, '');
    out.push('| Path | Class | Change |', '| --- | --- | --- |');
    for (const c of event.changes)
      out.push(`| ${code(display(c.pointer))} | ${c.class} | ${escape(oneLine(c.message))} |`);
    out.push('');
  }
  return out.join('\n');
}

/** Text safe in a Markdown table cell: no HTML, no table breaks, no emphasis characters acting. */
function escape(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|])/g, '\\$1');
}

/** A code span that holds any text: long enough backtick fences, table pipes escaped. */
function code(text: string): string {
  const flat = oneLine(text).replace(/\|/g, '\\|');
  const runs = flat.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
