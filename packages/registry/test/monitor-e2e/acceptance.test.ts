/**
 * Issue 14, acceptance 1: the REAL `@segment/analytics-node` (host pointed at the registry) and the
 * REAL `@segment/analytics-next` in headless Chromium (apiHost pointed at the registry, settings given
 * locally so nothing is fetched from a CDN; the page served from another loopback port, so CORS is
 * exercised) send a scripted mix of valid, invalid and unplanned track calls, each to its own source.
 * `platen monitor report --json` must then give exactly the rows the script implies: counts and
 * violation classes per source x type x event x version, unplanned events as `planned: false`.
 */
import { Analytics } from '@segment/analytics-node';
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RunningRegistry } from '../../src/index.js';
import { REPO } from '../support/helpers.js';
import { comparable, expectedRows, script, sortRows, type ScriptedCall } from './script.js';
import { launchChromium, reportJson, seed, watchedPage, type Seeded } from './support.js';

let seeded: Seeded;
let registry: RunningRegistry;
let browser: Browser | undefined;
let site: Server | undefined;

/** Serves a page that loads analytics-next (bundled by esbuild from node_modules) on 127.0.0.1. */
async function servePage(): Promise<string> {
  const bundle = await build({
    stdin: {
      contents:
        "import { AnalyticsBrowser } from '@segment/analytics-next';\n" +
        '(globalThis as any).AnalyticsBrowser = AnalyticsBrowser;\n',
      loader: 'ts',
      resolveDir: REPO,
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  const js = bundle.outputFiles[0]!.text;
  site = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script src="/app.js"></script>',
      );
    }
  });
  await new Promise<void>((r) => site!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
}

/** Sums `received` over the source's volume rows through the read API. */
async function receivedBy(source: string): Promise<number> {
  const res = await fetch(
    `${registry.url}/v1/monitor/volumes?source=${encodeURIComponent(source)}`,
    { headers: { authorization: `Bearer ${seeded.readToken}` } },
  );
  const body = (await res.json()) as { data: { rows: { received: number }[] } };
  return body.data.rows.reduce((n, r) => n + r.received, 0);
}

/** Waits until the source has `count` messages stored, then a little longer to catch extras. */
async function settle(source: string, count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await receivedBy(source)) < count && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 300));
}

beforeAll(async () => {
  seeded = seed(['server', 'web']);
  registry = await startRegistry({ db: seeded.dbPath });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (site) await new Promise((r) => site!.close(r));
  await registry?.close();
  if (seeded) rmSync(seeded.dir, { recursive: true, force: true });
});

const context = (c: ScriptedCall) =>
  c.version === undefined ? {} : { protocols: { event_version: c.version } };

describe('real SDKs → registry → platen monitor report --json', () => {
  const nodeCalls = script('node');
  const webCalls = script('web');

  it(`analytics-node sends ${nodeCalls.length} scripted calls, in batches to /v1/batch`, async () => {
    const analytics = new Analytics({
      writeKey: seeded.sources.server!.write_key,
      host: registry.url,
      flushAt: 7,
      flushInterval: 200,
      maxRetries: 2,
    });
    const errors: unknown[] = [];
    analytics.on('error', (e) => errors.push(e));
    nodeCalls.forEach((c, i) =>
      analytics.track({
        anonymousId: `node-user-${i % 4}`,
        event: c.event,
        properties: c.properties,
        context: context(c),
      }),
    );
    await analytics.closeAndFlush({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await settle('server', nodeCalls.length);
    expect(await receivedBy('server')).toBe(nodeCalls.length);
  });

  it(`analytics-next in Chromium sends ${webCalls.length} scripted calls (one request each)`, async () => {
    const url = await servePage();
    browser = await launchChromium();
    const { page, problems } = await watchedPage(browser);
    await page.goto(url);
    const apiHost = `${new URL(registry.url).host}/v1`;
    await page.evaluate(
      async ({ writeKey, apiHost, calls }) => {
        const [analytics] = await (globalThis as any).AnalyticsBrowser.load(
          {
            writeKey,
            // Given locally, so analytics-next never fetches settings from Segment's CDN.
            cdnSettings: {
              integrations: { 'Segment.io': { apiKey: writeKey, apiHost, protocol: 'http' } },
            },
          },
          { disableClientPersistence: true },
        );
        for (const c of calls)
          await analytics.track(c.event, c.properties, {
            context: c.version === undefined ? {} : { protocols: { event_version: c.version } },
          });
      },
      { writeKey: seeded.sources.web!.write_key, apiHost, calls: webCalls },
    );
    await settle('web', webCalls.length);
    expect(await receivedBy('web')).toBe(webCalls.length);
    expect(problems).toEqual({ console: [], errors: [], outside: [] });
  });

  it('the report counts exactly what was sent, per event, version and violation class', () => {
    const { rows } = reportJson(seeded.dbPath, ['--since', '24h']);
    const want = sortRows([...expectedRows('server', nodeCalls), ...expectedRows('web', webCalls)]);
    expect(sortRows(rows.map(comparable))).toEqual(want);
    // What the script holds, so a wrong expectation cannot pass silently.
    const unplanned = want.filter((r) => !r.planned).map((r) => `${r.source} ${r.event}`);
    expect(unplanned).toEqual([
      'server Debug Ping',
      'server Legacy Checkout',
      'web Debug Ping',
      'web Legacy Checkout',
    ]);
    const classes = new Set(
      want
        .flatMap((r) => Object.entries(r.violations))
        .filter(([, n]) => n > 0)
        .map(([k]) => k),
    );
    expect([...classes].sort()).toEqual([
      'missing_required',
      'other',
      'unplanned_event',
      'unplanned_property',
      'wrong_type',
    ]);
  });
});
