/** The collector itself: what it records from each kind of request, so the e2e suites can trust it. */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type Collector } from '../support/collector.js';

let collector: Collector;
beforeAll(async () => {
  collector = await startCollector({
    get: (path) => (path === '/sourceConfig' ? { source: { id: 'x' } } : undefined),
  });
});
afterAll(() => collector.close());

interface Sent {
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

function send({ method, path, body, headers = {} }: Sent) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (done, fail) => {
      const req = request(`${collector.url}${path}`, { method, headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body: text }));
      });
      req.on('error', fail);
      req.end(body);
    },
  );
}

const auth = { authorization: `Basic ${Buffer.from('wk:').toString('base64')}` };
const track = { type: 'track', event: 'A', properties: { a: 1 } };

const cases: [
  string,
  {
    given: Sent;
    want: { status: number; messages: unknown[]; rejected?: number; writeKey?: string };
  },
][] = [
  [
    'analytics-node batch',
    {
      given: {
        method: 'POST',
        path: '/v1/batch',
        body: JSON.stringify({ batch: [track, track] }),
        headers: auth,
      },
      want: { status: 200, messages: [track, track], writeKey: 'wk' },
    },
  ],
  [
    'gzip-encoded batch',
    {
      given: {
        method: 'POST',
        path: '/v1/batch',
        body: gzipSync(JSON.stringify({ batch: [track] })),
        headers: { 'content-encoding': 'gzip' },
      },
      want: { status: 200, messages: [track] },
    },
  ],
  [
    "analytics.js's one-letter path",
    {
      given: { method: 'POST', path: '/v1/t', body: JSON.stringify(track) },
      want: { status: 200, messages: [track] },
    },
  ],
  [
    "RudderStack's /v1/identify",
    {
      given: { method: 'POST', path: '/v1/identify', body: JSON.stringify({ type: 'identify' }) },
      want: { status: 200, messages: [{ type: 'identify' }] },
    },
  ],
  [
    'CORS preflight records nothing',
    { given: { method: 'OPTIONS', path: '/v1/t' }, want: { status: 204, messages: [] } },
  ],
  [
    'settings request without local settings: 404',
    {
      given: { method: 'GET', path: '/v1/projects/wk/settings' },
      want: { status: 404, messages: [] },
    },
  ],
  [
    'local settings are served',
    { given: { method: 'GET', path: '/sourceConfig' }, want: { status: 200, messages: [] } },
  ],
  [
    'bad JSON is rejected, not recorded',
    {
      given: { method: 'POST', path: '/v1/t', body: '{' },
      want: { status: 400, messages: [], rejected: 1 },
    },
  ],
  [
    'a batch that is not a list of messages',
    {
      given: { method: 'POST', path: '/v1/batch', body: JSON.stringify({ batch: [1] }) },
      want: { status: 400, messages: [], rejected: 1 },
    },
  ],
  [
    'unknown path',
    {
      given: { method: 'POST', path: '/v2/whatever', body: '{}' },
      want: { status: 404, messages: [], rejected: 1 },
    },
  ],
];

describe('collector', () => {
  it.each(cases)('%s', async (_name, { given, want }) => {
    collector.clear();
    const res = await send(given);
    expect(res.status).toBe(want.status);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(collector.messages.map((m) => m.message)).toEqual(want.messages);
    expect(collector.rejected).toHaveLength(want.rejected ?? 0);
    for (const m of collector.messages) {
      expect(m.path).toBe(given.path);
      expect(m.writeKey).toBe(want.writeKey);
    }
  });

  it('listens on loopback only', () => {
    expect(new URL(collector.url).hostname).toBe('127.0.0.1');
  });

  it('waitFor rejects with the count reached when too few arrive', async () => {
    collector.clear();
    await expect(collector.waitFor(1, 50)).rejects.toThrow('0 of 1 messages after 50 ms');
  });
});
