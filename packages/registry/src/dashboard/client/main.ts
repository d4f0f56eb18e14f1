/**
 * The dashboard page (`GET /monitor`): sign in with a read token, then per-event volume charts with
 * violations overlaid, a violations table with sample payloads, and the unplanned events. Every name,
 * description and payload from the API is untrusted and reaches the page as text only (see dom.ts).
 *
 * The period comes from the form, or from the address's fragment (`#from=ISO&to=ISO&source=S`),
 * which wins: links and tests can show a fixed period whatever the browser's clock says.
 */
import { ApiError, checkToken, loadMonitor, type MonitorData, type Query } from './api.js';
import { drawChart } from './chart.js';
import { byId, count, h, replace } from './dom.js';
import { axis, buildSeries, eventLabel, totals, type EventSeries } from './series.js';
import { renderUnplanned, renderViolations } from './tables.js';

const TOKEN_KEY = 'platen-monitor-token';
/** Charts drawn at first; the rest come with "show more" (each chart is a canvas). */
const CHARTS_AT_ONCE = 24;
const PERIODS: Record<string, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
};

function status(text: string): void {
  byId('status').textContent = text;
}

function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function showBoard(signedIn: boolean): void {
  byId('sign-in').hidden = signedIn;
  byId('board').hidden = !signedIn;
  byId('sign-out').hidden = !signedIn;
}

/** Most points per chart: the interval grows with the period. */
const MAX_POINTS = 240;
const STEPS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];

/** The smallest interval of {@link STEPS} (a multiple of the stored one) giving at most MAX_POINTS. */
function pointInterval(spanMs: number, storedMs: number): number {
  for (const step of STEPS) {
    if (step >= storedMs && step % storedMs === 0 && spanMs / step <= MAX_POINTS) return step;
  }
  return storedMs * Math.max(1, Math.ceil(spanMs / MAX_POINTS / storedMs));
}

/** The period to read: the fragment's `from`/`to`/`source` when given, else the form's. */
function currentQuery(): Query {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const source = fragment.get('source') ?? byId<HTMLInputElement>('source').value.trim();
  let from = Date.parse(fragment.get('from') ?? '');
  let to = Date.parse(fragment.get('to') ?? '');
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    const span = PERIODS[byId<HTMLSelectElement>('period').value] ?? PERIODS['24h']!;
    to = Date.now();
    from = to - span;
  }
  return { from, to, source, interval: pointInterval(to - from, storedIntervalMs) };
}

async function signIn(token: string): Promise<void> {
  const error = byId('sign-in-error');
  error.textContent = '';
  try {
    storedIntervalMs = await checkToken(token);
  } catch (err) {
    error.textContent =
      err instanceof ApiError && err.status === 401
        ? 'The registry refused this token.'
        : `Cannot reach the registry: ${(err as Error).message}`;
    return;
  }
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage may be off (private modes): the page still works until it is reloaded.
  }
  currentToken = token;
  showBoard(true);
  await refresh();
}

let currentToken: string | null = null;
/** The registry's rollup interval, learnt at sign-in. */
let storedIntervalMs = 3_600_000;

async function refresh(): Promise<void> {
  if (!currentToken) return;
  const query = currentQuery();
  byId('range').textContent =
    `${new Date(query.from).toISOString()} – ${new Date(query.to).toISOString()}, ` +
    `points of ${query.interval! / 60_000} min`;
  status('loading…');
  let data: MonitorData;
  try {
    data = await loadMonitor(currentToken, query);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      signOut('The registry no longer accepts this token: sign in again.');
      return;
    }
    status(`failed: ${(err as Error).message}`);
    return;
  }
  render(data, query);
  status(`updated ${new Date().toLocaleTimeString('en-GB')}`);
  document.body.dataset['loaded'] = 'true';
}

function signOut(message = ''): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored.
  }
  currentToken = null;
  showBoard(false);
  byId('sign-in-error').textContent = message;
  status('');
}

function render(data: MonitorData, query: Query): void {
  const starts = axis(data.volumes, query.from, query.to, data.intervalMs);
  const series = buildSeries(data.volumes, starts, data.anomalies ?? []);
  const t = totals(series);
  replace(
    byId('totals'),
    ...[
      ['received', 'messages received', t.received],
      ['valid', 'valid', t.valid],
      ['invalid', 'with violations', t.invalid],
      ['events', 'events', t.events],
      ['unplanned', 'unplanned events', t.unplannedEvents],
    ].map(([id, label, n]) =>
      h('div', {}, h('dt', {}, String(label)), h('dd', { 'data-total': String(id) }, count(+n!))),
    ),
  );
  byId('event-count').textContent =
    data.anomalies === undefined ? `(${series.length})` : `(${series.length}; anomalies marked)`;
  renderEvents(series);
  renderViolations(byId('violations'), data.violations);
  renderUnplanned(
    byId('unplanned'),
    series.filter((s) => !s.planned),
  );
}

function renderEvents(series: EventSeries[]): void {
  const box = byId('events');
  replace(box);
  const more = byId<HTMLButtonElement>('more-events');
  let shown = 0;
  const width = () => Math.max(320, Math.min(560, box.clientWidth - 20));
  const showNext = () => {
    const next = series.slice(shown, shown + CHARTS_AT_ONCE);
    for (const s of next) box.appendChild(eventCard(s, width()));
    shown += next.length;
    more.hidden = shown >= series.length;
    more.textContent = `show ${Math.min(CHARTS_AT_ONCE, series.length - shown)} more`;
  };
  more.onclick = showNext;
  showNext();
}

function eventCard(s: EventSeries, width: number): HTMLElement {
  const chart = h('div', { class: 'chart' });
  const card = h(
    'article',
    { class: 'event', 'data-event': s.event, 'data-type': s.type },
    h('h3', {}, eventLabel(s), s.planned ? null : h('span', { class: 'tag' }, 'unplanned')),
    h(
      'div',
      { class: 'counts' },
      s.type,
      ' · received ',
      h('b', { 'data-count': 'received' }, count(s.totalReceived)),
      ' · valid ',
      h('b', { 'data-count': 'valid' }, count(s.totalValid)),
      ' · with violations ',
      h('b', { 'data-count': 'invalid' }, count(s.totalInvalid)),
    ),
    s.anomalies.length > 0
      ? h(
          'div',
          { class: 'anomaly', 'data-anomalies': String(s.anomalies.length) },
          `${s.anomalies.length} anomal${s.anomalies.length === 1 ? 'y' : 'ies'}: `,
          s.anomalies.map((a) => `${new Date(a.x * 1000).toISOString()} ${a.text}`).join('; '),
        )
      : null,
    chart,
  );
  drawChart(chart, s, width);
  return card;
}

function start(): void {
  byId('sign-in-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void signIn(byId<HTMLInputElement>('token').value.trim());
  });
  byId('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    // The form's choice replaces a fixed period from the fragment.
    if (location.hash) history.replaceState(null, '', location.pathname);
    void refresh();
  });
  byId('sign-out').addEventListener('click', () => signOut());
  window.addEventListener('hashchange', () => void refresh());
  const token = storedToken();
  if (token) void signIn(token);
}

start();
