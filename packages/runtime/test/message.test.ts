import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkCommon, sendEnriched, sendMessage } from '../src/message.js';
import type { EventRef, PlatenState } from '../src/index.js';
import { compile } from './support/ajv.js';

const ORDER: EventRef = { type: 'track', name: 'Order Completed', version: 2 };
const IDENTIFY: EventRef = { type: 'identify', name: null, version: 0 };
const validate = compile({
  type: 'object',
  properties: { total: { type: 'number' } },
  required: ['total'],
  additionalProperties: false,
});
const STAMP = { language: 'javascript', version: '1.2.3' };

function state(extra: Partial<PlatenState> = {}): PlatenState & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record = (...args: unknown[]) => void calls.push(args);
  return {
    analytics: { track: record, identify: record, screen: record },
    language: 'javascript',
    version: '1.2.3',
    calls,
    ...extra,
  };
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
  delete (globalThis as { analytics?: unknown }).analytics;
});

describe('sendMessage (object-form SDKs)', () => {
  const cases: [string, { given: Record<string, unknown>; event: EventRef; want: unknown }][] = [
    [
      'stamps platen and the event version into a copy of the message context',
      {
        given: {
          event: 'Order Completed',
          properties: { total: 1 },
          userId: 'u',
          context: { ip: '0' },
        },
        event: ORDER,
        want: {
          event: 'Order Completed',
          properties: { total: 1 },
          userId: 'u',
          context: { ip: '0', platen: STAMP, protocols: { event_version: 2 } },
        },
      },
    ],
    [
      'unversioned calls get no protocols',
      {
        given: { traits: { a: 1 }, anonymousId: 'a' },
        event: IDENTIFY,
        want: { traits: { a: 1 }, anonymousId: 'a', context: { platen: STAMP } },
      },
    ],
  ];
  it.each(cases)('%s', (_, { given, event, want }) => {
    const s = state();
    const context = given.context;
    sendMessage(s, event, given, 'properties');
    expect(s.calls).toEqual([[want]]);
    expect(given.context).toBe(context);
  });

  it('passes the callback as the second argument only when given', () => {
    const s = state();
    const cb = () => undefined;
    sendMessage(s, ORDER, { event: 'E', properties: { total: 1 }, userId: 'u' }, 'properties', cb);
    expect(s.calls[0]![1]).toBe(cb);
  });

  it.each([
    ['skip drops the call', 'skip' as const, 0],
    ['warn sends it', 'warn' as const, 1],
  ])('validates the payload key: %s', (_, mode, sent) => {
    const s = state({ onViolation: mode });
    sendMessage(
      s,
      ORDER,
      { event: 'E', properties: { total: 'x' } },
      'properties',
      undefined,
      validate,
    );
    expect(s.calls).toHaveLength(sent);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('never falls back to globalThis.analytics (server SDKs are not globals)', () => {
    const calls: unknown[] = [];
    (globalThis as { analytics?: unknown }).analytics = { track: () => calls.push(1) };
    const s = state({ analytics: undefined });
    sendMessage(s, ORDER, { event: 'E' }, 'properties');
    sendMessage(s, ORDER, { event: 'E' }, 'properties');
    expect(calls).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('sendEnriched (React Native)', () => {
  it('puts a closure that stamps the SDK event context at the enrichment index', () => {
    const s = state();
    sendEnriched(s, ORDER, ['Order Completed', { total: 1 }, undefined], 1, 2, validate);
    const [name, props, enrich] = s.calls[0]! as [string, unknown, (e: unknown) => unknown];
    expect([name, props]).toEqual(['Order Completed', { total: 1 }]);
    const sdkEvent = { type: 'track', context: { app: { v: 1 } } };
    expect(enrich(sdkEvent)).toEqual({
      type: 'track',
      context: { app: { v: 1 }, platen: STAMP, protocols: { event_version: 2 } },
    });
    expect(sdkEvent.context).toEqual({ app: { v: 1 } });
  });

  it('does not call the SDK when validation throws', () => {
    const s = state({ onViolation: 'throw' });
    expect(() => sendEnriched(s, ORDER, ['E', {}, undefined], 1, 2, validate)).toThrow(/total/);
    expect(s.calls).toHaveLength(0);
  });
});

describe('checkCommon', () => {
  const common = compile({
    type: 'object',
    properties: { userId: { type: 'string', pattern: '^u_' } },
  });
  it.each([
    ['a valid message goes on', { userId: 'u_1' }, true, 0],
    ['an invalid one is reported and, with skip, stopped', { userId: 'x' }, false, 1],
  ])('%s', (_, message, want, warnings) => {
    expect(checkCommon(state({ onViolation: 'skip' }), ORDER, message, common)).toBe(want);
    expect(warn).toHaveBeenCalledTimes(warnings);
  });
});
