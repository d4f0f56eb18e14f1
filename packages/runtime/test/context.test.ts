import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { send, type AnalyticsLike, type EventRef, type PlatenState } from '../src/index.js';
import { STAMP, STAMP_CASES } from './support/stamp-cases.js';

const base = (analytics?: PlatenState['analytics']): PlatenState => ({ analytics, ...STAMP });
let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
  delete (globalThis as { analytics?: unknown }).analytics;
});

/** Sends one event through a recording SDK and returns the options the SDK received. */
function optionsSent(event: EventRef, options: unknown): unknown {
  let seen: unknown[] = [];
  const analytics = {
    track: (...args: unknown[]) => (seen = args),
    identify: (...args: unknown[]) => (seen = args),
  };
  send(base(analytics), event, ['x', {}, options], 1, 2);
  return seen[2];
}

const track = (version: number): EventRef => ({ type: 'track', name: 'A', version });

describe('send: context stamp', () => {
  const cases = STAMP_CASES;
  it.each(cases)('%s', (_, { event, options, want }) => {
    expect(optionsSent(event, options)).toEqual(want);
  });

  it('never mutates the caller options', () => {
    const options = {
      context: { protocols: { sourceId: 's' }, page: { path: '/' } },
      anonymousId: 'a',
    };
    const snapshot = structuredClone(options);
    const sent = optionsSent(track(2), options) as typeof options;
    expect(options).toEqual(snapshot);
    expect(sent).not.toBe(options);
    expect(sent.context).not.toBe(options.context);
    expect(sent.context.page).toBe(options.context.page);
  });

  it('never writes an empty event_version', () => {
    const sent = JSON.stringify(optionsSent(track(0), undefined));
    expect(sent).not.toContain('event_version');
  });
});

describe('send: resolving the analytics instance', () => {
  const recorder = () => {
    const calls: string[] = [];
    const instance: AnalyticsLike = { track: (name: string) => void calls.push(name) };
    return { calls, instance };
  };

  it('uses the configured instance, called as a method', () => {
    let self: unknown;
    const instance = {
      track() {
        self = this;
      },
    };
    send(base(instance), track(0), ['A'], 1, 2);
    expect(self).toBe(instance);
  });

  it('calls a getter on every send', () => {
    const { calls, instance } = recorder();
    let current: AnalyticsLike | undefined;
    const s = base(() => current);
    (globalThis as { analytics?: unknown }).analytics = undefined;
    send(s, track(0), ['first'], 1, 2);
    current = instance;
    send(s, track(0), ['second'], 1, 2);
    expect(calls).toEqual(['second']);
  });

  it('falls back to globalThis.analytics', () => {
    const { calls, instance } = recorder();
    (globalThis as { analytics?: unknown }).analytics = instance;
    send(base(), track(0), ['global'], 1, 2);
    expect(calls).toEqual(['global']);
  });

  it('warns exactly once per state when there is no instance, and never throws', () => {
    const s = base();
    const other = base();
    for (let i = 0; i < 3; i++) send(s, track(0), ['A'], 1, 2);
    send(s, { type: 'screen', name: 'Home', version: 0 }, ['Home'], 1, 2);
    send(other, track(0), ['A'], 1, 2);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0]?.[0]).toBe(
      'Platen: no analytics instance; "A" (track) was not sent. Call configure({ analytics }).',
    );
    expect(s.warnedMissing).toBe(true);
  });

  it('treats an instance without the method like a missing one', () => {
    const s = base({ track: () => undefined });
    expect(() => send(s, { type: 'group', name: null, version: 0 }, ['g'], 1, 2)).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
