/**
 * Shared by the monitoring end-to-end suites: a registry database seeded with a tracking plan, a
 * planned and an unplanned source and a read token; the registry as a child process (the real
 * `platen registry` command); headless Chromium; and the send helpers the suites script traffic with.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  createSource,
  createToken,
  openRegistryDb,
  RegistryStore,
  type SourceRow,
} from '../../src/index.js';
import { checkPlanCreate, checkRulesBody } from '../../src/validate.js';
import { REPO, tempDir } from '../support/helpers.js';

/** The real CLI, which loads this package's build (so run `pnpm build` first). */
export const PLATEN = join(REPO, 'packages/compiler/bin/platen.js');

/** A TRACK rule whose `properties` are exactly `props` (no other key), with `required` ones. */
export function closedTrackRule(
  key: string,
  version: number,
  props: Record<string, unknown>,
  required: string[],
) {
  return {
    type: 'TRACK',
    key,
    version,
    jsonSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        properties: { type: 'object', additionalProperties: false, properties: props, required },
      },
      required: ['properties'],
    },
  };
}

/** The plan the suites send against: two versions of Order Completed, and Signed Up. */
export const PLAN_RULES = [
  closedTrackRule(
    'Order Completed',
    1,
    {
      order_id: { type: 'string' },
      revenue: { type: 'number' },
      currency: { type: 'string', enum: ['USD', 'EUR'] },
    },
    ['order_id', 'revenue'],
  ),
  closedTrackRule(
    'Order Completed',
    2,
    {
      order_id: { type: 'string' },
      revenue: { type: 'number' },
      coupon: { type: 'string' },
    },
    ['order_id', 'revenue', 'coupon'],
  ),
  closedTrackRule('Signed Up', 1, { plan: { type: 'string' }, trial: { type: 'boolean' } }, [
    'plan',
  ]),
];

/** A seeded database: its file, a read token, the plan and its sources. */
export interface Seeded {
  dir: string;
  dbPath: string;
  readToken: string;
  planId: string;
  /** Sources by name, each tied to the plan unless named `unplanned`. */
  sources: Record<string, SourceRow>;
}

/** Creates a database with {@link PLAN_RULES} (or `rules`), the named sources and a read token. */
export function seed(sourceNames: string[], rules: unknown[] = PLAN_RULES): Seeded {
  const dir = tempDir('monitor');
  const dbPath = join(dir, 'registry.db');
  const db = openRegistryDb(dbPath);
  try {
    const readToken = createToken(db, 'read');
    const store = new RegistryStore(db);
    const create = checkPlanCreate({ name: 'Monitored', type: 'LIVE' });
    if (!create.ok) throw new Error(JSON.stringify(create.errors));
    const plan = store.createPlan(create.value);
    const checked = checkRulesBody({ rules }, false);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    store.replaceRules(plan.id, checked.value);
    const sources: Record<string, SourceRow> = {};
    for (const name of sourceNames) {
      sources[name] = createSource(db, {
        name,
        planId: name === 'unplanned' ? undefined : plan.id,
      });
    }
    return { dir, dbPath, readToken, planId: plan.id, sources };
  } finally {
    db.close();
  }
}

/** Runs `platen monitor report --db F --json` (and `extra` flags); returns the parsed rows. */
export function reportJson(dbPath: string, extra: string[] = []): { rows: ReportJsonRow[] } {
  const r = spawnSync(
    process.execPath,
    [PLATEN, 'monitor', 'report', '--db', dbPath, '--json', ...extra],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`platen monitor report exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { rows: ReportJsonRow[] };
}

/** One row of the report's documented `--json` shape. */
export interface ReportJsonRow {
  source: string;
  type: string;
  event: string;
  version: number;
  planned: boolean;
  received: number;
  valid: number;
  invalid: number;
  unplanned_properties: number;
  violations: Record<string, number>;
}

/** A running child registry. */
export interface ChildRegistry {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** Starts `platen registry --db F` as a child; resolves once it prints `listening on URL`. */
export function startChild(db: string, extra: string[] = []): Promise<ChildRegistry> {
  const child = spawn(process.execPath, [PLATEN, 'registry', '--db', db, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)\n/.exec(out);
      if (m) resolve({ child, url: m[1]!, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`registry exited early (${code}): ${err}`)));
  });
}

/** Resolves when `child` has exited, with its code and signal. */
export function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
}

// Headless Chromium: the one launcher the browser suites share (Debian's, never skipped).
export { CHROMIUM, launchChromium } from '../../../compiler/test/support/browser.js';

/** Page problems a suite asserts empty: console errors, uncaught errors, requests off loopback. */
export interface PageProblems {
  console: { text: string; url: string }[];
  errors: string[];
  outside: string[];
}

/** A new page that may reach 127.0.0.1 only, recording every problem into the returned lists. */
export async function watchedPage(
  browser: Browser,
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.newPage();
  const problems: PageProblems = { console: [], errors: [], outside: [] };
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    problems.outside.push(route.request().url());
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.console.push({ text: m.text(), url: m.location().url });
  });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  return { page, problems };
}

/** Sends one `/v1/batch` request with `writeKey` as the Basic username; resolves with its status. */
export async function postBatch(url: string, writeKey: string, batch: unknown[]): Promise<number> {
  const res = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    body: JSON.stringify({ batch }),
  });
  await res.arrayBuffer();
  return res.status;
}
