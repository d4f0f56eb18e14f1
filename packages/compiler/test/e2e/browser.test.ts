/**
 * End to end in a browser: the REAL `@segment/analytics-next` in headless Chromium, on a page bundled
 * with esbuild from a test app and the generated clients (dev and prod builds of fixtures/e2e), with
 * cdnSettings given locally and apiHost pointed at the loopback collector. Same field-by-field
 * checks as the Node suite; one Chromium launch for the whole file.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePage, launchChromium, openPage, servePage } from '../support/browser.js';
import {
  argsFor,
  expectArrived,
  loadCalls,
  markerOf,
  type ManifestRule,
  type PlannedCall,
  type SdkQuirks,
} from '../support/e2e-calls.js';
import { startCollector, type Collector } from '../support/collector.js';
import { buildFixture, scratch } from '../support/e2e.js';

const WRITE_KEY = 'e2e-browser-key';
const calls = loadCalls();
// Screen calls belong to mobile SDKs: browser targets do not generate them.
const BROWSER_TYPES = calls.types.filter((c) => c.type !== 'screen');
let collector: Collector;
let site: { url: string; close: () => Promise<void> } | undefined;
let browser: Browser | undefined;
let page: Page;
let dir = '';
/**
 * The page's clients: analytics-next dev and prod builds handed the AnalyticsBrowser instance, and an
 * analytics-js (classic snippet) dev build given nothing, so it finds `window.analytics` itself.
 */
type ClientName = 'dev' | 'prod' | 'snippet';
const rules = {} as Record<ClientName, ManifestRule[]>;
/** Requests the page tried to make anywhere but loopback (must stay empty). */
const outside: string[] = [];

/** One call as the page runs it: which client, which function, which arguments. */
interface PageCall {
  client: ClientName;
  fn: string;
  args: unknown[];
}

function pageCall(mode: ClientName, call: PlannedCall, index: number): PageCall {
  return { client: mode, ...argsFor(rules[mode], call, index, 'positional') };
}

// analytics.js adds the page's own properties and its name to every page call (not Platen's doing).
const QUIRKS: SdkQuirks = { pageDefaults: ['name', 'path', 'referrer', 'search', 'title', 'url'] };

/** Runs calls in the page; returns the violations the dev client reported (`onViolation` given). */
async function run(list: PageCall[], onViolation: 'collect' | 'skip' | 'throw' = 'collect') {
  return page.evaluate(
    ({ list, onViolation }) => {
      const e2e = (globalThis as any).e2e;
      const violations: unknown[] = [];
      const thrown: string[] = [];
      e2e.clients.dev.configure({
        onViolation: onViolation === 'collect' ? (v: unknown) => violations.push(v) : onViolation,
      });
      for (const { client, fn, args } of list) {
        try {
          e2e.clients[client][fn](...args);
        } catch (err) {
          thrown.push((err as Error).name);
        }
      }
      return {
        violations: violations as { errors: { pointer: string; keyword: string }[] }[],
        thrown,
      };
    },
    { list, onViolation },
  );
}

async function settle(count: number): Promise<void> {
  await collector.waitFor(count, 15_000);
  let seen = -1;
  while (seen !== collector.messages.length) {
    seen = collector.messages.length;
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

beforeAll(async () => {
  collector = await startCollector();
  dir = scratch('e2e-browser');
  for (const mode of ['dev', 'prod'] as const) {
    rules[mode] = await buildFixture(join(dir, mode), 'analytics-next', mode);
  }
  rules.snippet = await buildFixture(join(dir, 'snippet'), 'analytics-js', 'dev');
  site = await servePage(
    await bundlePage(dir, { dev: './dev', prod: './prod', snippet: './snippet' }),
  );
  browser = await launchChromium();
  page = await openPage(browser, site.url, outside);
  await page.evaluate(
    async ({ writeKey, apiHost }) => {
      const e2e = (globalThis as any).e2e;
      const analytics = e2e.sdk.load(
        {
          writeKey,
          // Given locally, so analytics-next never fetches settings from Segment's CDN.
          cdnSettings: {
            integrations: { 'Segment.io': { apiKey: writeKey, apiHost, protocol: 'http' } },
          },
        },
        { disableClientPersistence: true },
      );
      const [instance] = await analytics;
      e2e.clients.dev.configure({ analytics });
      e2e.clients.prod.configure({ analytics });
      // What the classic snippet leaves behind: the loaded instance as window.analytics.
      (globalThis as any).analytics = instance;
      e2e.clients.snippet.configure({ onViolation: 'throw' });
    },
    { writeKey: WRITE_KEY, apiHost: `${collector.host}/v1` },
  );
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await collector?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `list` in the page through `mode`'s client; exactly those calls must arrive, field by field. */
async function sendAll(mode: ClientName, list: PlannedCall[]): Promise<void> {
  collector.clear();
  const { violations, thrown } = await run(list.map((c, i) => pageCall(mode, c, i)));
  expect({ violations, thrown }).toEqual({ violations: [], thrown: [] });
  await settle(list.length);
  expect(collector.rejected).toEqual([]);
  expect(collector.messages).toHaveLength(list.length);
  const seen = new Set<number>();
  for (const { message, path, writeKey } of collector.messages) {
    const index = markerOf(message);
    expect(seen.has(index), `call ${index} arrived twice`).toBe(false);
    seen.add(index);
    // analytics.js posts each call to /v1/<first letter of its type>.
    expect(path).toBe(`/v1/${list[index]!.type[0]}`);
    expect(writeKey).toBe(WRITE_KEY);
    expectArrived(message, list[index]!, QUIRKS);
  }
  expect(seen.size).toBe(list.length);
  expect(outside).toEqual([]);
}

describe.each(['dev', 'prod', 'snippet'] as const)(
  '%s client → analytics-next in Chromium → collector',
  (mode) => {
    it(`every track call (${calls.valid.length}) arrives exactly as planned, and nothing else`, () =>
      sendAll(mode, calls.valid));

    it(`identify, group and page calls (${BROWSER_TYPES.length}) arrive as planned`, () =>
      sendAll(mode, BROWSER_TYPES));

    it('has no screen functions: browser SDKs have no screen call', async () => {
      const screens = rules[mode].filter((r) => r.type === 'SCREEN').map((r) => r.function);
      expect(screens.length).toBeGreaterThan(0);
      const exported = await page.evaluate(
        ({ mode, screens }) => screens.filter((fn) => fn in (globalThis as any).e2e.clients[mode]),
        { mode, screens },
      );
      expect(exported).toEqual([]);
    });
  },
);

describe('invalid calls in the browser', () => {
  it(`dev reports the planned violations for each of ${calls.invalid.length} calls, and sends them`, async () => {
    collector.clear();
    const { violations } = await run(calls.invalid.map((c, i) => pageCall('dev', c, i)));
    expect(violations).toHaveLength(calls.invalid.length);
    violations.forEach((v, i) => {
      const got = new Set(v.errors.map((e) => `${e.pointer} ${e.keyword}`));
      expect(got).toEqual(
        new Set(calls.invalid[i]!.violations!.map((e) => `${e.pointer} ${e.keyword}`)),
      );
    });
    await settle(calls.invalid.length);
    expect(collector.messages).toHaveLength(calls.invalid.length);
  });

  it(`'skip' and 'throw' keep every invalid call from arriving`, async () => {
    collector.clear();
    const invalid = calls.invalid.map((c, i) => pageCall('dev', c, 1000 + i));
    const skipped = await run([...invalid, pageCall('dev', calls.valid[0]!, 0)], 'skip');
    const thrown = await run([...invalid, pageCall('dev', calls.valid[1]!, 1)], 'throw');
    expect(skipped.thrown).toEqual([]);
    expect(thrown.thrown).toEqual(invalid.map(() => 'PlatenViolationError'));
    await settle(2);
    expect(collector.messages.map((m) => markerOf(m.message)).sort()).toEqual([0, 1]);
  });

  it('prod ships no validation: every invalid call arrives unchanged', async () => {
    collector.clear();
    await run(calls.invalid.map((c, i) => pageCall('prod', c, i)));
    await settle(calls.invalid.length);
    expect(collector.messages).toHaveLength(calls.invalid.length);
    for (const { message } of collector.messages) {
      const call = calls.invalid[markerOf(message)]!;
      if (call.type !== 'page')
        expect(message[call.type === 'track' ? 'properties' : 'traits']).toEqual(call.properties);
    }
  });
});
