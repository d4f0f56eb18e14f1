/**
 * Browser plumbing for the e2e suite: a loopback static server for the test page, the page's bundle
 * (esbuild: test app + generated clients + the real analytics-next), and Chromium via playwright-core.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { RUNTIME_ALIAS, writeText } from './e2e.js';

/** Debian's Chromium; `.ci/run` installs it when missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** Launches headless Chromium, or fails with a message saying how to install it (never skips). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the browser e2e suite needs it. ` +
        'Install it with `apt-get update && apt-get install -y chromium` (.ci/run does this).',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The SDK a test page loads: its import line and the name it binds (exposed as `window.e2e.sdk`). */
export interface PageSdk {
  from: string;
  name: string;
}

/** analytics-next's browser entry. */
export const ANALYTICS_NEXT: PageSdk = {
  from: '@segment/analytics-next',
  name: 'AnalyticsBrowser',
};

/**
 * Writes and bundles the test app: it exposes the generated clients (one per `clients` entry, a
 * folder holding `index.ts`) and the SDK's export on `window.e2e`.
 */
export async function bundlePage(
  dir: string,
  clients: Record<string, string>,
  sdk: PageSdk = ANALYTICS_NEXT,
): Promise<string> {
  const names = Object.keys(clients);
  const app = [
    `import { ${sdk.name} } from ${JSON.stringify(sdk.from)};`,
    ...names.map((n) => `import * as ${n} from ${JSON.stringify(clients[n] + '/index.ts')};`),
    `(globalThis as any).e2e = { sdk: ${sdk.name}, clients: { ${names.join(', ')} } };`,
    '',
  ].join('\n');
  writeText(join(dir, 'app.ts'), app);
  const result = await build({
    entryPoints: [join(dir, 'app.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    alias: RUNTIME_ALIAS,
  });
  return result.outputFiles[0]!.text;
}

/** A static server on 127.0.0.1 serving one page and its script; returns its URL and a closer. */
export async function servePage(
  script: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const html =
    '<!doctype html><meta charset="utf-8"><title>e2e</title><script src="/app.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(script);
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * Opens `url` in a new page that may reach 127.0.0.1 only: any other request is aborted and
 * recorded in `outside`, and so are console errors, for the suite to assert empty.
 */
export async function openPage(browser: Browser, url: string, outside: string[]): Promise<Page> {
  const page = await browser.newPage();
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1') return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') outside.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}
