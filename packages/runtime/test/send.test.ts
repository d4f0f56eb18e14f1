import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  PlatenViolationError,
  send,
  type EventRef,
  type OnViolation,
  type PlatenState,
  type Violation,
} from '../src/index.js';
import { compile } from './support/ajv.js';

const ORDER: EventRef = { type: 'track', name: 'Order Completed', version: 2 };
const validate = compile({
  type: 'object',
  properties: { total: { type: 'number' } },
  required: ['total'],
  additionalProperties: false,
});

/** A fake SDK that records every call's arguments. */
function sdk() {
  const calls: unknown[][] = [];
  const record = (...args: unknown[]) => void calls.push(args);
  return { calls, analytics: { track: record, identify: record, page: record } };
}

function state(extra: Partial<PlatenState> = {}): PlatenState & { calls: unknown[][] } {
  const { calls, analytics } = sdk();
  return { analytics, language: 'typescript', version: '0.1.0', calls, ...extra };
}

const STAMP = { platen: { language: 'typescript', version: '0.1.0' } };
let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
  vi.unstubAllEnvs();
  delete (globalThis as { analytics?: unknown }).analytics;
});

describe('send: onViolation', () => {
  const bad = { total: 'ten' };
  const cases: [
    string,
    { mode: OnViolation | undefined; sent: boolean; warns: number; throws: boolean },
  ][] = [
    ['warn logs once and sends', { mode: 'warn', sent: true, warns: 1, throws: false }],
    ['throw throws and does not send', { mode: 'throw', sent: false, warns: 0, throws: true }],
    ['skip logs and drops', { mode: 'skip', sent: false, warns: 1, throws: false }],
    ['off sends silently', { mode: 'off', sent: true, warns: 0, throws: false }],
    ['default under vitest is throw', { mode: undefined, sent: false, warns: 0, throws: true }],
  ];
  it.each(cases)('%s', (_, { mode, sent, warns, throws }) => {
    const s = state({ onViolation: mode });
    const call = () => send(s, ORDER, ['Order Completed', bad, undefined], 1, 2, validate);
    if (throws) expect(call).toThrow(PlatenViolationError);
    else call();
    expect(s.calls.length).toBe(sent ? 1 : 0);
    expect(warn).toHaveBeenCalledTimes(warns);
  });

  it('warn prints the readable violation', () => {
    send(state({ onViolation: 'warn' }), ORDER, ['Order Completed', bad], 1, 2, validate);
    expect(warn.mock.calls[0]?.[0]).toBe(
      'Platen: "Order Completed" (track v2) does not match the tracking plan:\n' +
        '  • /total: must be number, got string "ten" (type)',
    );
  });

  it('skip says the event was not sent', () => {
    send(state({ onViolation: 'skip' }), ORDER, ['Order Completed', bad], 1, 2, validate);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/\(type\)\n {2}\(not sent\)$/);
  });

  it('throw carries the violation and the same text', () => {
    const payload = { extra: 1 };
    let error: unknown;
    try {
      send(state({ onViolation: 'throw' }), ORDER, ['Order Completed', payload], 1, 2, validate);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlatenViolationError);
    const { violation, message, name } = error as PlatenViolationError;
    expect(name).toBe('PlatenViolationError');
    expect(violation.payload).toBe(payload);
    expect(violation.errors.map((e) => [e.pointer, e.keyword])).toEqual([
      ['/total', 'required'],
      ['/extra', 'additionalProperties'],
    ]);
    expect(message).toContain('  • /total: is missing (required)\n  • /extra: unplanned property');
  });

  it('a handler receives the violation and the event is still sent', () => {
    const seen: Violation[] = [];
    const s = state({ onViolation: (v) => void seen.push(v) });
    send(s, ORDER, ['Order Completed', bad], 1, 2, validate);
    expect(seen.map((v) => [v.event, v.errors[0]?.received])).toEqual([[ORDER, 'ten']]);
    expect(s.calls.length).toBe(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['NODE_ENV=production', { NODE_ENV: 'production', VITEST: '', JEST_WORKER_ID: '' }, 'warn'],
    ['VITEST', { NODE_ENV: 'production', VITEST: 'true', JEST_WORKER_ID: '' }, 'throw'],
    ['JEST_WORKER_ID', { NODE_ENV: '', VITEST: '', JEST_WORKER_ID: '1' }, 'throw'],
    ['NODE_ENV test', { NODE_ENV: 'test', VITEST: '', JEST_WORKER_ID: '' }, 'throw'],
  ])('default mode with %s', (_, env, want) => {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    const call = () => send(state(), ORDER, ['Order Completed', bad], 1, 2, validate);
    if (want === 'throw') expect(call).toThrow(PlatenViolationError);
    else expect(call).not.toThrow();
  });

  it('validates an undefined payload as {} but sends it as given', () => {
    const s = state({ onViolation: 'warn' });
    send(s, ORDER, ['Order Completed', undefined], 1, 2, validate);
    expect(String(warn.mock.calls[0]?.[0])).toContain('/total: is missing (required)');
    expect(s.calls[0]?.[1]).toBeUndefined();
  });

  it('valid payloads pass untouched, wire name byte for byte', () => {
    const s = state();
    const name = 'Signed Up "Beta" <&>';
    const props = { total: 1 };
    const callback = () => undefined;
    send(s, { ...ORDER, name }, [name, props, undefined, callback], 1, 2, validate);
    expect(s.calls[0]).toEqual([
      name,
      props,
      { context: { ...STAMP, protocols: { event_version: 2 } } },
      callback,
    ]);
    expect(s.calls[0]?.[1]).toBe(props);
    expect(warn).not.toHaveBeenCalled();
  });
});
