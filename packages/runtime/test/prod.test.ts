import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enrich, sdk, send, sendEnriched, sendMessage, stamp } from '../src/prod.js';
import type { AnalyticsLike, EventRef, PlatenState } from '../src/types.js';
import { STAMP, STAMP_CASES } from './support/stamp-cases.js';

const base = (analytics?: PlatenState['analytics']): PlatenState => ({ analytics, ...STAMP });
const track = (version: number): EventRef => ({ type: 'track', name: 'A', version });
let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
  delete (globalThis as { analytics?: unknown }).analytics;
});

describe('prod stamp', () => {
  const cases = [
    ...STAMP_CASES,
    [
      'null options, unversioned',
      { event: track(0), options: null, want: { context: { platen: STAMP } } },
    ] as const,
  ];
  it.each(cases)('%s', (_, { event, options, want }) => {
    expect(stamp(base(), event, options)).toEqual(want);
  });

  it('builds new options and context objects on every call (SDKs write into them)', () => {
    const s = base();
    const first = stamp(s, track(1));
    const second = stamp(s, track(1));
    expect(second).not.toBe(first);
    expect(second.context).not.toBe(first.context);
    // What analytics-next does to the context it is given must not reach the next call.
    (first.context as Record<string, unknown>).page = { path: '/a' };
    expect(stamp(s, track(1)).context).not.toHaveProperty('page');
  });

  it('never mutates the caller options', () => {
    const options = {
      context: { protocols: { sourceId: 's' }, page: { path: '/' } },
      anonymousId: 'a',
    };
    const snapshot = structuredClone(options);
    const sent = stamp(base(), track(2), options) as typeof options;
    expect(options).toEqual(snapshot);
    expect(sent.context).not.toBe(options.context);
    expect(sent.context.protocols).not.toBe(options.context.protocols);
    expect(sent.context.page).toBe(options.context.page);
  });

  it('stamps the state it is given, even for a second state', () => {
    const other: PlatenState = { language: 'javascript', version: '2.0.0' };
    stamp(base(), track(0));
    expect(stamp(other, track(0)).context).toEqual({
      platen: { language: 'javascript', version: '2.0.0' },
    });
  });
});

describe('prod sdk: resolving the analytics instance', () => {
  it('returns the configured instance, whose method is then called on it', () => {
    let self: unknown;
    const instance = {
      track() {
        self = this;
      },
    };
    sdk(base(instance), track(0))?.track('A');
    expect(self).toBe(instance);
  });

  it('calls a getter every time', () => {
    let current: AnalyticsLike | undefined;
    const s = base(() => current);
    expect(sdk(s, track(0))).toBeUndefined();
    current = { track: () => undefined };
    expect(sdk(s, track(0))).toBe(current);
  });

  it('falls back to globalThis.analytics, unless the SDK is never a global', () => {
    const instance = { track: () => undefined };
    (globalThis as { analytics?: unknown }).analytics = instance;
    expect(sdk(base(), track(0))).toBe(instance);
    expect(sdk(base(), track(0), true)).toBeUndefined();
  });

  it('warns exactly once per state without an instance (or without the method)', () => {
    const s = base({ track: () => undefined });
    for (let i = 0; i < 3; i++)
      expect(sdk(s, { type: 'group', name: null, version: 0 })).toBeUndefined();
    sdk(base(), track(2));
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]?.[0]).toBe(
      'Platen: no analytics instance; "A" (track v2) was not sent. Call configure({ analytics }).',
    );
  });
});

describe('prod enrich', () => {
  it('stamps the SDK event it is given without mutating it', () => {
    const event = { type: 'track', context: { app: { name: 'x' } } };
    const out = enrich(base(), track(5))(event);
    expect(out).toEqual({
      type: 'track',
      context: { app: { name: 'x' }, platen: STAMP, protocols: { event_version: 5 } },
    });
    expect(event).toEqual({ type: 'track', context: { app: { name: 'x' } } });
  });
});

describe('prod argument-array senders (generic track, page, screen)', () => {
  const recorder = () => {
    const calls: unknown[][] = [];
    const record = (...args: unknown[]) => void calls.push(args);
    return { calls, instance: { track: record, page: record, screen: record } };
  };
  const VERSIONED = { context: { platen: STAMP, protocols: { event_version: 1 } } };

  it('send stamps the options slot and calls the method with every argument', () => {
    const { calls, instance } = recorder();
    const callback = () => undefined;
    const options = { context: { ip: '1.2.3.4' } };
    send(base(instance), track(1), ['A', { n: 1 }, options, callback], 1, 2);
    expect(calls).toEqual([
      ['A', { n: 1 }, { context: { ip: '1.2.3.4', ...VERSIONED.context } }, callback],
    ]);
    expect(options).toEqual({ context: { ip: '1.2.3.4' } });
  });

  it('send falls back to globalThis.analytics; the others do not', () => {
    const { calls, instance } = recorder();
    (globalThis as { analytics?: unknown }).analytics = instance;
    send(base(), track(0), ['A', {}], 1, 2);
    sendMessage(base(), track(0), { event: 'A' }, 'properties');
    sendEnriched(base(), track(0), ['A', {}, undefined], 1, 2);
    expect(calls).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('sendMessage stamps a copy of the message and passes the callback only when given', () => {
    const { calls, instance } = recorder();
    const message = { event: 'A', userId: 'u', properties: {} };
    sendMessage(base(instance), track(1), message, 'properties');
    sendMessage(base(instance), track(1), message, 'properties', 'cb');
    expect(calls).toEqual([[{ ...message, ...VERSIONED }], [{ ...message, ...VERSIONED }, 'cb']]);
    expect(message).toEqual({ event: 'A', userId: 'u', properties: {} });
  });

  it('sendEnriched puts a stamping closure in the enrichment slot', () => {
    const { calls, instance } = recorder();
    sendEnriched(
      base(instance),
      { type: 'screen', name: 'Home', version: 1 },
      ['Home', {}, undefined],
      1,
      2,
    );
    const [name, props, closure] = calls[0] as [string, unknown, (e: object) => unknown];
    expect([name, props]).toEqual(['Home', {}]);
    expect(closure({ type: 'screen' })).toEqual({ type: 'screen', ...VERSIONED });
  });
});
