/** The violations table (with sample payloads) and the unplanned-events table; text only, no HTML. */
import type { ViolationRow } from './api.js';
import { count, h, replace } from './dom.js';
import { eventLabel, type EventSeries } from './series.js';

/** Violation rows, most frequent first: one per source, event, class, path and keyword. */
export function renderViolations(table: HTMLElement, rows: ViolationRow[]): void {
  const body = table.querySelector('tbody')!;
  const sorted = [...rows].sort((a, b) => b.count - a.count);
  if (sorted.length === 0) {
    replace(body, h('tr', {}, h('td', { colspan: '10', class: 'muted' }, 'no violations')));
    return;
  }
  replace(
    body,
    ...sorted.map((v) =>
      h(
        'tr',
        { 'data-violation': v.class },
        h('td', {}, v.source),
        h('td', {}, eventLabel(v)),
        h('td', {}, v.type),
        h('td', { class: 'num' }, String(v.version)),
        h('td', {}, v.class),
        h('td', {}, v.path),
        h('td', {}, v.keyword),
        h('td', {}, v.description),
        h('td', { class: 'num', 'data-count': 'violations' }, count(v.count)),
        h('td', {}, samples(v)),
      ),
    ),
  );
}

function samples(v: ViolationRow): HTMLElement | string {
  const list = v.samples ?? [];
  if (list.length === 0) return '—';
  return h(
    'details',
    {},
    h('summary', {}, `${list.length} sample${list.length === 1 ? '' : 's'}`),
    ...list.map((s) => h('pre', { class: 'sample' }, JSON.stringify(s.message, null, 2))),
  );
}

/** Events no plan has, with their volume. */
export function renderUnplanned(table: HTMLElement, series: EventSeries[]): void {
  const body = table.querySelector('tbody')!;
  if (series.length === 0) {
    replace(body, h('tr', {}, h('td', { colspan: '3', class: 'muted' }, 'no unplanned events')));
    return;
  }
  replace(
    body,
    ...series.map((s) =>
      h(
        'tr',
        { 'data-unplanned': s.event },
        h('td', {}, eventLabel(s)),
        h('td', {}, s.type),
        h('td', { class: 'num', 'data-count': 'received' }, count(s.totalReceived)),
      ),
    ),
  );
}
