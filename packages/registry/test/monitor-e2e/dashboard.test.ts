/**
 * The dashboard (`GET /monitor`) in headless Chromium against a real registry holding six hours of
 * traffic replayed through `/v1/batch` with an injected clock: the page signs in with a read token,
 * shows totals, one chart per event, the violations with sample payloads and the unplanned events;
 * every number on it equals the read API's; event names and payloads holding HTML stay text; there
 * is no console error and no request off loopback. A screenshot goes to `.tmp/monitor-dashboard.png`.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry } from '../../src/index.js';
import { REPO } from '../support/helpers.js';
import {
  launchChromium,
  postBatch,
  seed,
  watchedPage,
  type PageProblems,
  type Seeded,
} from './support.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T00:00:00.000Z');
/** An event name and a payload value that would run script if they ever reached innerHTML. */
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
let seeded: Seeded;
let registry: RunningRegistry;
let browser: Browser;
let clock = T0;
let sent = 0;

interface VolumeRow {
  source: string;
  type: string;
  event: string;
  planned: boolean;
  received: number;
  valid: number;
  invalid: number;
}
interface ViolationRow {
  event: string;
  class: string;
  path: string;
  count: number;
}

function track(event: string, properties: Record<string, unknown>, version?: number) {
  return {
    type: 'track',
    event,
    properties,
    anonymousId: 'a1',
    messageId: `m-${sent++}`,
    ...(version === undefined ? {} : { context: { protocols: { event_version: version } } }),
  };
}

/** Six hours: a rising volume of Order Completed with some violations, Signed Up, unplanned events. */
async function replay(): Promise<void> {
  const web = seeded.sources.web!.write_key;
  const server = seeded.sources.server!.write_key;
  for (let hour = 0; hour < 6; hour++) {
    clock = T0 + hour * HOUR + 60_000;
    const batch = [];
    for (let i = 0; i < 10 + hour * 5; i++)
      batch.push(track('Order Completed', { order_id: `o${hour}-${i}`, revenue: i }, 1));
    for (let i = 0; i < hour; i++)
      batch.push(track('Order Completed', { order_id: `x${hour}-${i}`, revenue: 'ten' }, 1));
    batch.push(track('Order Completed', { revenue: 1, note: '<b>bold</b>' }, 1));
    batch.push(track('Signed Up', { plan: 'pro' }, 1));
    if (hour % 2 === 0) batch.push(track('Debug Ping', { n: hour }));
    if (hour === 3) batch.push(track(HOSTILE, { html: HOSTILE }));
    expect(await postBatch(registry.url, web, batch)).toBe(200);
    expect(
      await postBatch(registry.url, server, [track('Signed Up', { plan: 'free', trial: true }, 1)]),
    ).toBe(200);
  }
}

async function api<T>(path: string): Promise<T[]> {
  const res = await fetch(`${registry.url}${path}`, {
    headers: { authorization: `Bearer ${seeded.readToken}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { rows: T[] } }).data.rows;
}

const RANGE = `from=${new Date(T0).toISOString()}&to=${new Date(T0 + 6 * HOUR).toISOString()}`;

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${registry.url}/monitor#${RANGE}`);
  await page.fill('#token', token);
  await page.click('#sign-in-form button[type=submit]');
}

const num = (text: string | null) => Number((text ?? '').replace(/,/g, ''));

beforeAll(async () => {
  seeded = seed(['web', 'server']);
  registry = await startRegistry({ db: seeded.dbPath, now: () => clock });
  await replay();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await registry?.close();
  if (seeded) rmSync(seeded.dir, { recursive: true, force: true });
});

describe('dashboard in Chromium', () => {
  let page: Page;
  let problems: PageProblems;
  let anomaliesStatus = 0;

  beforeAll(async () => {
    ({ page, problems } = await watchedPage(browser));
    anomaliesStatus = (
      await fetch(`${registry.url}/v1/monitor/anomalies?${RANGE}`, {
        headers: { authorization: `Bearer ${seeded.readToken}` },
      })
    ).status;
    await signIn(page, seeded.readToken);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 20_000 });
  }, 60_000);

  it('shows the same totals as the API', async () => {
    const rows = await api<VolumeRow>(`/v1/monitor/volumes?${RANGE}`);
    const sum = (k: 'received' | 'valid' | 'invalid') => rows.reduce((n, r) => n + r[k], 0);
    const total = async (id: string) => num(await page.textContent(`[data-total="${id}"]`));
    expect(sum('received')).toBeGreaterThan(100);
    expect(await total('received')).toBe(sum('received'));
    expect(await total('valid')).toBe(sum('valid'));
    expect(await total('invalid')).toBe(sum('invalid'));
    const events = new Set(rows.map((r) => `${r.type} ${r.event}`));
    expect(await total('events')).toBe(events.size);
    const unplanned = new Set(rows.filter((r) => !r.planned).map((r) => r.event));
    expect(await total('unplanned')).toBe(unplanned.size);
  });

  it('draws one chart per event, each card with the API counts of that event', async () => {
    const rows = await api<VolumeRow>(`/v1/monitor/volumes?${RANGE}`);
    const cards = await page.$$eval('article.event', (els) =>
      els.map((el) => ({
        event: el.getAttribute('data-event'),
        received: el.querySelector('[data-count="received"]')!.textContent,
        valid: el.querySelector('[data-count="valid"]')!.textContent,
        invalid: el.querySelector('[data-count="invalid"]')!.textContent,
        canvases: el.querySelectorAll('canvas').length,
      })),
    );
    const want = new Map<string, { received: number; valid: number; invalid: number }>();
    for (const r of rows) {
      const w = want.get(r.event) ?? { received: 0, valid: 0, invalid: 0 };
      w.received += r.received;
      w.valid += r.valid;
      w.invalid += r.invalid;
      want.set(r.event, w);
    }
    expect(cards.map((c) => c.event).sort()).toEqual([...want.keys()].sort());
    for (const c of cards) {
      expect({ received: num(c.received), valid: num(c.valid), invalid: num(c.invalid) }).toEqual(
        want.get(c.event!),
      );
      expect(c.canvases, c.event!).toBeGreaterThan(0);
    }
    // Biggest volume first.
    expect(cards[0]!.event).toBe('Order Completed');
  });

  it('lists the violations with their counts and sample payloads, as text', async () => {
    const rows = await api<ViolationRow>(`/v1/monitor/violations?${RANGE}`);
    const shown = await page.$$eval('#violations tbody tr[data-violation]', (trs) =>
      trs.map((tr) => ({
        event: tr.children[1]!.textContent,
        class: tr.getAttribute('data-violation'),
        path: tr.children[5]!.textContent,
        count: tr.querySelector('[data-count]')!.textContent,
        samples: [...tr.querySelectorAll('pre.sample')].map((p) => p.textContent),
      })),
    );
    const key = (r: { event: string | null; class: string | null; path: string | null }) =>
      `${r.event}|${r.class}|${r.path}`;
    expect(shown.map((s) => `${key(s)}|${num(s.count)}`).sort()).toEqual(
      rows.map((r) => `${key(r)}|${r.count}`).sort(),
    );
    expect(new Set(rows.map((r) => r.class))).toEqual(
      new Set(['wrong_type', 'missing_required', 'unplanned_property', 'unplanned_event']),
    );
    const wrongType = shown.find((s) => s.class === 'wrong_type')!;
    expect(wrongType.samples.length).toBeGreaterThan(0);
    expect(JSON.parse(wrongType.samples[0]!).properties.revenue).toBe('ten');
    // The payload holding HTML is shown as its JSON text.
    const hostile = shown.find((s) => s.event === HOSTILE)!;
    expect(JSON.parse(hostile.samples[0]!).properties.html).toBe(HOSTILE);
  });

  it('lists the unplanned events, and names holding HTML stay text', async () => {
    const rows = await api<VolumeRow>(`/v1/monitor/volumes?${RANGE}`);
    const unplanned = await page.$$eval('#unplanned tbody tr[data-unplanned]', (trs) =>
      trs.map((tr) => [tr.children[0]!.textContent, tr.querySelector('[data-count]')!.textContent]),
    );
    const want = new Map<string, number>();
    for (const r of rows.filter((r) => !r.planned))
      want.set(r.event, (want.get(r.event) ?? 0) + r.received);
    expect(new Map(unplanned.map(([e, n]) => [e!, num(n)]))).toEqual(want);
    expect(want.get(HOSTILE)).toBe(1);
    // Nothing from the data became markup: no <img>, <b> or injected handler anywhere.
    expect(await page.$$eval('main img, main b:not(.counts b)', (els) => els.length)).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
  });

  it('has no console error and no request off loopback; a screenshot is saved', async () => {
    const dir = join(REPO, '.tmp');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'monitor-dashboard.png'), fullPage: true });
    // Without an anomaly detector the page's probe of /v1/monitor/anomalies gets 404, which the
    // browser logs as a failed load; that one line is the only one allowed, and only then.
    const allowed = (c: { text: string; url: string }) =>
      anomaliesStatus === 404 && c.url.includes('/v1/monitor/anomalies') && c.text.includes('404');
    expect(problems.console.filter((c) => !allowed(c))).toEqual([]);
    expect(problems.errors).toEqual([]);
    expect(problems.outside).toEqual([]);
  });
});

describe('dashboard sign-in and anomaly markers', () => {
  it('refuses a wrong token with a message, and shows no data', async () => {
    const { page } = await watchedPage(browser);
    await signIn(page, 'not-a-token');
    await page.waitForFunction(
      () => (globalThis as any).document.getElementById('sign-in-error').textContent !== '',
    );
    expect(await page.textContent('#sign-in-error')).toBe('The registry refused this token.');
    expect(await page.isHidden('#board')).toBe(true);
    await page.close();
  });

  it('marks anomalies on the event chart when /v1/monitor/anomalies answers 200', async () => {
    const { page, problems } = await watchedPage(browser);
    // The detector's endpoint, answered here as the dashboard reads it: { data: { rows } }.
    await page.route('**/v1/monitor/anomalies?*', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          data: {
            rows: [
              {
                event: 'Order Completed',
                at: new Date(T0 + 4 * HOUR).toISOString(),
                kind: 'volume',
                description: 'volume spike',
              },
            ],
          },
        }),
      }),
    );
    await signIn(page, seeded.readToken);
    await page.waitForSelector('body[data-loaded="true"]');
    const marked = await page.$$eval('article.event', (els) =>
      els.map((el) => [
        el.getAttribute('data-event'),
        el.querySelector('[data-anomalies]')?.getAttribute('data-anomalies') ?? null,
      ]),
    );
    expect(marked.filter(([, n]) => n !== null)).toEqual([['Order Completed', '1']]);
    expect(
      await page.textContent('article.event[data-event="Order Completed"] .anomaly'),
    ).toContain('volume spike');
    expect(problems).toEqual({ console: [], errors: [], outside: [] });
    await page.close();
  });
});
