/**
 * End to end through RudderStack's JavaScript SDK (v3, the `bundled` build: plugins inside, nothing
 * fetched from a CDN) in headless Chromium. The SDK's data plane is the loopback collector (its
 * `/v1/track` path, write key in basic auth) and its source configuration is given locally with
 * `getSourceConfig`, so no request leaves the machine. Same field-by-field checks as the other suites.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sdk } from '../../src/compile-types.js';
import { OUTPUT_CHOICES } from '../../src/config/index.js';
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

const WRITE_KEY = 'e2e-rudder-key';
// RudderStack's SDK shares analytics.js's positional call shapes, so the generic client drives it
// until a rudderstack target exists; then that target is the one under test.
const SDK: Sdk = OUTPUT_CHOICES.sdk.choices.includes('rudderstack') ? 'rudderstack' : 'generic';
const calls = loadCalls();
// Screen calls belong to mobile SDKs: the browser SDK has none.
const BROWSER_TYPES = calls.types.filter((c) => c.type !== 'screen');
let collector: Collector;
let site: { url: string; close: () => Promise<void> } | undefined;
let browser: Browser | undefined;
let page: Page;
let dir = '';
let rules: ManifestRule[] = [];
const outside: string[] = [];

beforeAll(async () => {
  collector = await startCollector();
  dir = scratch('e2e-rudder');
  rules = await buildFixture(join(dir, 'dev'), SDK, 'dev');
  site = await servePage(
    await bundlePage(
      dir,
      { dev: './dev' },
      { from: '@rudderstack/analytics-js/bundled', name: 'RudderAnalytics' },
    ),
  );
  browser = await launchChromium();
  page = await openPage(browser, site.url, outside);
  await page.evaluate(
    async ({ writeKey, dataPlane }) => {
      const e2e = (globalThis as any).e2e;
      const rudder = new e2e.sdk();
      await new Promise<void>((loaded) =>
        rudder.load(writeKey, dataPlane, {
          // The source configuration RudderStack's control plane would return: no destinations.
          getSourceConfig: () => ({
            source: {
              id: 'e2e',
              name: 'e2e',
              writeKey,
              workspaceId: 'e2e',
              enabled: true,
              config: {},
              destinations: [],
            },
          }),
          polyfillIfRequired: false,
          useBeacon: false,
          onLoaded: () => loaded(),
        }),
      );
      e2e.clients.dev.configure({ analytics: rudder, onViolation: 'throw' });
    },
    { writeKey: WRITE_KEY, dataPlane: collector.url },
  );
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await collector?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Seen in these runs, none of it Platen's doing: RudderStack drops null properties, sends identify
// traits in context.traits, and adds the page's own properties (and its name) to page calls.
const QUIRKS: SdkQuirks = {
  dropsNullProperties: true,
  identifyTraitsInContext: true,
  pageDefaults: [
    'path',
    'referrer',
    'referring_domain',
    'search',
    'title',
    'url',
    'tab_url',
    'initial_referrer',
    'initial_referring_domain',
    'name',
  ],
};

/** Runs `list` in the page; exactly those calls must arrive at RudderStack's paths, field by field. */
async function sendAll(list: PlannedCall[]): Promise<void> {
  collector.clear();
  const made = list.map((call, i) => argsFor(rules, call, i, 'positional'));
  const thrown = await page.evaluate((made) => {
    const client = (globalThis as any).e2e.clients.dev;
    const errors: string[] = [];
    for (const { fn, args } of made) {
      try {
        client[fn](...args);
      } catch (err) {
        errors.push(String(err));
      }
    }
    return errors;
  }, made);
  expect(thrown).toEqual([]);
  await collector.waitFor(list.length, 20_000);
  await new Promise((wake) => setTimeout(wake, 300));
  expect(collector.rejected).toEqual([]);
  expect(collector.messages).toHaveLength(list.length);
  const seen = new Set<number>();
  for (const { message, path, writeKey } of collector.messages) {
    const index = markerOf(message);
    seen.add(index);
    expect(path).toBe(`/v1/${list[index]!.type}`);
    expect(writeKey).toBe(WRITE_KEY);
    expectArrived(message, list[index]!, QUIRKS);
  }
  expect(seen.size).toBe(list.length);
  expect(outside).toEqual([]);
}

describe(`dev build (${SDK}) → RudderStack JS SDK in Chromium → collector`, () => {
  it(`every track call (${calls.valid.length}) arrives at /v1/track as planned (null properties dropped by the SDK)`, () =>
    sendAll(calls.valid));

  it(`identify, group and page calls (${BROWSER_TYPES.length}) arrive at their paths as planned`, () =>
    sendAll(BROWSER_TYPES));
});
