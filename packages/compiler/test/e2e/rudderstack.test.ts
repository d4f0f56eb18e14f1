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
import { bundlePage, launchChromium, openPage, servePage } from './browser.js';
import { startCollector, type Collector } from './collector.js';
import {
  buildFixture,
  expectArrived,
  functionOf,
  loadCalls,
  marker,
  markerOf,
  scratch,
  type ManifestRule,
} from './harness.js';

const WRITE_KEY = 'e2e-rudder-key';
// RudderStack's SDK shares analytics.js's positional call shapes, so the generic client drives it
// until a rudderstack target exists; then that target is the one under test.
const SDK: Sdk = OUTPUT_CHOICES.sdk.choices.includes('rudderstack') ? 'rudderstack' : 'generic';
const calls = loadCalls();
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

describe(`dev build (${SDK}) → RudderStack JS SDK in Chromium → collector`, () => {
  it(`every valid call (${calls.valid.length}) arrives at /v1/track as planned (null properties dropped by the SDK)`, async () => {
    collector.clear();
    const list = calls.valid.map((call, i) => ({
      fn: functionOf(rules, call),
      args:
        call.via === 'generic'
          ? [call.event, call.properties, marker(i)]
          : [call.properties, marker(i)],
    }));
    const thrown = await page.evaluate((list) => {
      const client = (globalThis as any).e2e.clients.dev;
      const errors: string[] = [];
      for (const { fn, args } of list) {
        try {
          client[fn](...args);
        } catch (err) {
          errors.push(String(err));
        }
      }
      return errors;
    }, list);
    expect(thrown).toEqual([]);
    await collector.waitFor(calls.valid.length, 20_000);
    await new Promise((wake) => setTimeout(wake, 300));
    expect(collector.rejected).toEqual([]);
    expect(collector.messages).toHaveLength(calls.valid.length);
    const seen = new Set<number>();
    for (const { message, path, writeKey } of collector.messages) {
      const index = markerOf(message);
      seen.add(index);
      expect(path).toBe('/v1/track');
      expect(writeKey).toBe(WRITE_KEY);
      expectArrived(message, calls.valid[index]!, { dropsNullProperties: true });
    }
    expect(seen.size).toBe(calls.valid.length);
    expect(outside).toEqual([]);
  });
});
