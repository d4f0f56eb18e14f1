/**
 * End to end in Node: generated clients (dev and prod builds of fixtures/e2e) send through the REAL
 * `@segment/analytics-node` to a local collector; everything that arrives is checked field by field
 * against calls.json and the plan, and nothing else may arrive. Two targets: `generic` (positional
 * calls, adapted to analytics-node's message objects by the test: a custom pipeline) and, once it
 * exists, `analytics-node` itself (the real instance handed to `configure`).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mode, Sdk } from '../../src/compile-types.js';
import { OUTPUT_CHOICES } from '../../src/config/index.js';
import {
  argsFor,
  expectArrived,
  loadCalls,
  markerOf,
  type CallShape,
  type ManifestRule,
  type PlannedCall,
} from '../support/e2e-calls.js';
import { startCollector, type Collector } from '../support/collector.js';
import { buildFixture, importClient, scratch, type BuildFlags } from '../support/e2e.js';

type Fn = (...args: unknown[]) => void;
type Client = Record<string, Fn> & { configure: (options: Record<string, unknown>) => void };

const WRITE_KEY = 'e2e-node-key';
interface Target {
  name: string;
  sdk: Sdk;
  shape: CallShape;
  flags?: BuildFlags;
}
const has = (list: readonly string[], item: string): boolean => list.includes(item);
const TARGETS: Target[] = [
  { name: 'generic', sdk: 'generic', shape: 'positional' },
  ...(has(OUTPUT_CHOICES.sdk.choices, 'analytics-node')
    ? [{ name: 'analytics-node', sdk: 'analytics-node' as const, shape: 'message' as const }]
    : []),
  // The JavaScript output (ES modules, and CommonJS run as CommonJS) through the same SDK.
  ...(has(OUTPUT_CHOICES.sdk.choices, 'analytics-node') &&
  has(OUTPUT_CHOICES.language.choices, 'javascript')
    ? (['esm', 'cjs'] as const).map((module) => ({
        name: `analytics-node-js-${module}`,
        sdk: 'analytics-node' as const,
        shape: 'message' as const,
        flags: { language: 'javascript' as const, module },
      }))
    : []),
];
const MODES: Mode[] = ['dev', 'prod'];
const calls = loadCalls();
let collector: Collector;
let dir = '';
let node: Analytics;
const clients = new Map<
  string,
  { client: Client; rules: ManifestRule[]; shape: CallShape; flags?: BuildFlags }
>();

/**
 * analytics-node takes one message object per call, not positional arguments; this adapter is the
 * custom pipeline a `generic` client drives. analytics-node requires an id: anonymousId by default.
 */
function adapter(sdk: Analytics): Record<string, Fn> {
  const rest = (options: unknown) => ({ anonymousId: 'e2e-anon', ...(options as object) });
  return {
    track: (event, properties, options) =>
      sdk.track({ ...rest(options), event: event as string, properties: properties as object }),
    identify: (userId, traits, options) =>
      sdk.identify({ ...rest(options), userId: userId as string, traits: traits as object }),
    group: (groupId, traits, options) =>
      sdk.group({ ...rest(options), groupId: groupId as string, traits: traits as object }),
    page: (name, properties, options) =>
      sdk.page({ ...rest(options), name: name as string, properties: properties as object }),
    screen: (name, properties, options) =>
      sdk.screen({ ...rest(options), name: name as string, properties: properties as object }),
  };
}

/** Makes `call` through the client built for `key` (`sdk/mode`). */
function send(key: string, call: PlannedCall, index: number): void {
  const { client, rules, shape } = clients.get(key)!;
  const { fn, args } = argsFor(rules, call, index, shape);
  if (typeof client[fn] !== 'function') throw new Error(`the ${key} client exports no ${fn}()`);
  client[fn](...args);
}

/** Waits for `count` arrivals, then until nothing more arrives for 150 ms, so an extra is seen. */
async function settle(count: number): Promise<void> {
  await collector.waitFor(count);
  let seen = -1;
  while (seen !== collector.messages.length) {
    seen = collector.messages.length;
    await new Promise((wake) => setTimeout(wake, 150));
  }
}

/** Sends `list` through `key`'s client and checks that exactly those calls arrived, field by field. */
async function sendAll(key: string, list: PlannedCall[]): Promise<void> {
  collector.clear();
  clients.get(key)!.client.configure({ onViolation: 'throw' });
  list.forEach((call, i) => send(key, call, i));
  await settle(list.length);
  expect(collector.rejected).toEqual([]);
  expect(collector.messages).toHaveLength(list.length);
  const seen = new Set<number>();
  for (const { message, path, writeKey } of collector.messages) {
    const index = markerOf(message);
    expect(seen.has(index), `call ${index} arrived twice`).toBe(false);
    seen.add(index);
    expect(path).toBe('/v1/batch');
    expect(writeKey).toBe(WRITE_KEY);
    expectArrived(message, list[index]!, {}, clients.get(key)!.flags?.language);
  }
  expect(seen.size).toBe(list.length);
}

beforeAll(async () => {
  collector = await startCollector();
  node = new Analytics({
    writeKey: WRITE_KEY,
    host: collector.url,
    flushAt: 1,
    flushInterval: 20,
    maxRetries: 0,
  });
  dir = scratch('e2e-node');
  for (const { name, sdk, shape, flags } of TARGETS) {
    for (const mode of MODES) {
      const out = join(dir, `${name}-${mode}`);
      const rules = await buildFixture(out, sdk, mode, flags);
      const client = await importClient<Client>(out);
      client.configure({ analytics: sdk === 'generic' ? adapter(node) : node });
      clients.set(`${name}/${mode}`, { client, rules, shape, ...(flags ? { flags } : {}) });
    }
  }
}, 90_000);

afterAll(async () => {
  await node?.closeAndFlush({ timeout: 2_000 });
  await collector?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const builds = TARGETS.flatMap(({ name }) => MODES.map((mode) => `${name}/${mode}`));

describe.each(builds)('%s → analytics-node → collector', (key) => {
  it(`every track call (${calls.valid.length}) arrives exactly as planned, and nothing else`, () =>
    sendAll(key, calls.valid));

  it(`identify, group, page and screen calls (${calls.types.length}) arrive as planned`, () =>
    sendAll(key, calls.types));
});

describe.each(TARGETS.map((t) => t.name))('invalid calls (%s)', (name) => {
  const dev = `${name}/dev`;

  it(`dev reports the planned violations of each of ${calls.invalid.length} invalid calls and, with a handler, still sends them`, async () => {
    collector.clear();
    const violations: { errors: { pointer: string; keyword: string }[] }[] = [];
    clients.get(dev)!.client.configure({ onViolation: (v: never) => violations.push(v) });
    // The handler runs synchronously inside each call, so violations[i] belongs to call i.
    calls.invalid.forEach((call, i) => {
      send(dev, call, i);
      expect(violations, `invalid call #${i}`).toHaveLength(i + 1);
      const got = violations[i]!.errors.map((e) => `${e.pointer} ${e.keyword}`);
      const want = call.violations!.map((e) => `${e.pointer} ${e.keyword}`);
      expect(new Set(got), `invalid call #${i}`).toEqual(new Set(want));
    });
    await settle(calls.invalid.length);
    expect(collector.messages.map((m) => markerOf(m.message)).sort((a, b) => a - b)).toEqual(
      calls.invalid.map((_, i) => i),
    );
  });

  it(`with 'skip', none of the ${calls.invalid.length} invalid calls arrives; valid ones still do`, async () => {
    collector.clear();
    clients.get(dev)!.client.configure({ onViolation: 'skip' });
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      calls.invalid.forEach((call, i) => send(dev, call, 1000 + i));
      send(dev, calls.valid[0]!, 0);
    } finally {
      console.warn = warn;
    }
    await settle(1);
    expect(collector.messages.map((m) => markerOf(m.message))).toEqual([0]);
  });

  it(`with 'throw', each invalid call throws and none arrives`, async () => {
    collector.clear();
    clients.get(dev)!.client.configure({ onViolation: 'throw' });
    for (const [i, call] of calls.invalid.entries()) {
      expect(() => send(dev, call, 1000 + i)).toThrow(
        expect.objectContaining({ name: 'PlatenViolationError' }),
      );
    }
    send(dev, calls.valid[0]!, 0);
    await settle(1);
    expect(collector.messages.map((m) => markerOf(m.message))).toEqual([0]);
  });

  it('prod ships no validation: every invalid call arrives unchanged', async () => {
    collector.clear();
    calls.invalid.forEach((call, i) => send(`${name}/prod`, call, i));
    await settle(calls.invalid.length);
    expect(collector.messages).toHaveLength(calls.invalid.length);
    for (const { message } of collector.messages) {
      const call = calls.invalid[markerOf(message)]!;
      const field = call.type === 'identify' || call.type === 'group' ? 'traits' : 'properties';
      expect(message[field]).toEqual(call.properties);
    }
  });
});
