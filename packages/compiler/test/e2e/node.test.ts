/**
 * End to end in Node: the generated client (dev and prod builds of fixtures/e2e) sends through the
 * REAL `@segment/analytics-node` to a local collector; everything that arrives is checked field by
 * field against calls.json and the plan, and nothing else may arrive.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mode } from '../../src/compile-types.js';
import { startCollector, type Collector } from './collector.js';
import {
  buildFixture,
  expectArrived,
  functionOf,
  importClient,
  loadCalls,
  marker,
  markerOf,
  scratch,
  type ManifestRule,
  type PlannedCall,
} from './harness.js';

type Fn = (...args: unknown[]) => void;
type Client = Record<string, Fn> & { configure: (options: Record<string, unknown>) => void };

const calls = loadCalls();
let collector: Collector;
let dir = '';
const clients = {} as Record<Mode, { client: Client; rules: ManifestRule[] }>;
let node: Analytics;

/**
 * analytics-node takes one message object per call, not positional arguments; the `generic` target
 * calls `track(event, properties, options, callback)`, so this adapter is the custom pipeline.
 * Each call's options carry its marker (context) and an anonymousId, which analytics-node requires.
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
    page: (category, name, properties, options) =>
      sdk.page({ ...rest(options), category, name, properties } as never),
    screen: (name, properties, options) =>
      sdk.screen({ ...rest(options), name, properties } as never),
  };
}

/** Calls the generated function for `call` with its marker as options. */
function send(mode: Mode, call: PlannedCall, index: number): void {
  const { client, rules } = clients[mode];
  const name = functionOf(rules, call);
  const fn = client[name];
  if (typeof fn !== 'function') throw new Error(`the ${mode} client exports no ${name}()`);
  if (call.via === 'generic') fn(call.event, call.properties, marker(index));
  else fn(call.properties, marker(index));
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

beforeAll(async () => {
  collector = await startCollector();
  node = new Analytics({
    writeKey: 'e2e-node-key',
    host: collector.url,
    flushAt: 1,
    flushInterval: 20,
    maxRetries: 0,
  });
  dir = scratch('e2e-node');
  for (const mode of ['dev', 'prod'] as const) {
    const out = join(dir, mode);
    const rules = await buildFixture(out, 'generic', mode);
    const client = await importClient<Client>(out);
    client.configure({ analytics: adapter(node) });
    clients[mode] = { client, rules };
  }
}, 60_000);

afterAll(async () => {
  await node?.closeAndFlush({ timeout: 2_000 });
  await collector?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(['dev', 'prod'] as const)('%s build → analytics-node → collector', (mode) => {
  it(`every valid call (${calls.valid.length}) arrives exactly as planned, and nothing else`, async () => {
    collector.clear();
    clients[mode].client.configure({ onViolation: 'throw' });
    calls.valid.forEach((call, i) => send(mode, call, i));
    await settle(calls.valid.length);
    expect(collector.rejected).toEqual([]);
    expect(collector.messages).toHaveLength(calls.valid.length);
    const seen = new Set<number>();
    for (const { message, path, writeKey } of collector.messages) {
      const index = markerOf(message);
      expect(seen.has(index), `call ${index} arrived twice`).toBe(false);
      seen.add(index);
      expect(path).toBe('/v1/batch');
      expect(writeKey).toBe('e2e-node-key');
      expectArrived(message, calls.valid[index]!);
    }
    expect(seen.size).toBe(calls.valid.length);
  });
});

describe('invalid calls', () => {
  it.each(calls.invalid.map((call, i) => [`${call.event} v${call.version} #${i}`, call] as const))(
    'dev reports the planned violations and still sends with a handler: %s',
    async (_name, call) => {
      collector.clear();
      const violations: { errors: { pointer: string; keyword: string }[] }[] = [];
      clients.dev.client.configure({ onViolation: (v: never) => violations.push(v) });
      send('dev', call, 0);
      await settle(1);
      expect(violations).toHaveLength(1);
      const got = violations[0]!.errors.map((e) => ({ pointer: e.pointer, keyword: e.keyword }));
      expect(new Set(got.map((e) => JSON.stringify(e)))).toEqual(
        new Set(call.violations!.map((e) => JSON.stringify(e))),
      );
      expect(collector.messages).toHaveLength(1);
      expect(collector.messages[0]!.message.properties).toEqual(call.properties);
    },
  );

  it(`with 'skip', none of the ${calls.invalid.length} invalid calls arrives; valid ones still do`, async () => {
    collector.clear();
    clients.dev.client.configure({ onViolation: 'skip' });
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      calls.invalid.forEach((call, i) => send('dev', call, 1000 + i));
      send('dev', calls.valid[0]!, 0);
    } finally {
      console.warn = warn;
    }
    await settle(1);
    expect(collector.messages.map((m) => markerOf(m.message))).toEqual([0]);
  });

  it(`with 'throw', each invalid call throws and none arrives`, async () => {
    collector.clear();
    clients.dev.client.configure({ onViolation: 'throw' });
    for (const [i, call] of calls.invalid.entries()) {
      expect(() => send('dev', call, 1000 + i)).toThrow(
        expect.objectContaining({ name: 'PlatenViolationError' }),
      );
    }
    send('dev', calls.valid[0]!, 0);
    await settle(1);
    expect(collector.messages.map((m) => markerOf(m.message))).toEqual([0]);
  });

  it('prod ships no validation: every invalid call arrives unchanged', async () => {
    collector.clear();
    calls.invalid.forEach((call, i) => send('prod', call, i));
    await settle(calls.invalid.length);
    expect(collector.messages).toHaveLength(calls.invalid.length);
    for (const { message } of collector.messages) {
      expect(message.properties).toEqual(calls.invalid[markerOf(message)]!.properties);
    }
  });
});
