/**
 * The end-to-end test: a replayed outage goes through the real ingest path (HTTP /v1/batch to
 * a real registry on 127.0.0.1, an injected clock) and exactly one alert, then exactly one resolved
 * message, reach loopback receivers: a generic webhook that verifies the HMAC signature, and a
 * Slack-format one. The monitor and targets are made through the registry API with a write token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOUR,
  seeded,
  startAlertRegistry,
  startReceiver,
  trackMessage,
  rule,
  type AlertRegistry,
  type Receiver,
} from './support.js';

const SECRET = 'whsec_outage_test';
/** Monday 2026-01-05 00:00 UTC. */
const T0 = Date.parse('2026-01-05T00:00:00.000Z');
const DAYS_BEFORE_MONITOR = 7;
const NORMAL_HOURS = 10 * 24;
const OUTAGE_HOURS = 4;
const AFTER_HOURS = 12;

let reg: AlertRegistry;
let receiver: Receiver;
const random = seeded(15);
/** Per hour index: how many messages were sent. */
const sent: number[] = [];
/** What the receiver held after each hour's interval closed. */
const seenAfter: { hour: number; signed: number; slack: number }[] = [];

/** Daily seasonality around 120 an hour, with noise about Poisson's. */
function expectedCount(hour: number): number {
  const mean = 120 + 60 * Math.sin((2 * Math.PI * ((hour % 24) - 6)) / 24);
  return Math.max(1, Math.round(mean + (random() - 0.5) * 2 * Math.sqrt(mean) * 1.7));
}

async function hour(i: number, outage: boolean): Promise<void> {
  // One minute into hour i: moving there closes hour i - 1 (and runs the monitors on it).
  await reg.advance(T0 + i * HOUR + 60_000);
  const signed = receiver.received.filter((r) => r.path === '/signed').length;
  const slack = receiver.received.filter((r) => r.path === '/slack').length;
  seenAfter.push({ hour: i - 1, signed, slack });
  const n = outage ? 0 : expectedCount(i);
  sent[i] = n;
  if (n > 0)
    await reg.batch(
      Array.from({ length: n }, (_, k) =>
        trackMessage('Order Completed', { order_id: `o-${i}-${k}`, revenue: 10 }),
      ),
    );
}

beforeAll(async () => {
  receiver = await startReceiver({ secret: SECRET, nowS: () => Math.floor(reg.clock.now / 1000) });
  reg = await startAlertRegistry(
    [rule('Order Completed', { order_id: { type: 'string' }, revenue: { type: 'number' } })],
    T0,
  );
  let i = 0;
  for (; i < DAYS_BEFORE_MONITOR * 24; i++) await hour(i, false);
  // The monitor and its targets arrive through the API after a week of traffic: its series learn
  // that week from the rollups, so it needs no warm-up.
  expect(
    (
      await reg.api('POST', '/v1/monitor/targets', {
        name: 'ops',
        type: 'webhook',
        url: `${receiver.url}/signed`,
        secret: SECRET,
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await reg.api('POST', '/v1/monitor/targets', {
        name: 'team',
        type: 'slack',
        url: `${receiver.url}/slack`,
      })
    ).status,
  ).toBe(201);
  const created = await reg.api('POST', '/v1/monitor/monitors', {
    name: 'checkout volume',
    kind: 'volume',
    source: 'web',
    event: 'Order Completed',
  });
  expect(created.status).toBe(201);
  for (; i < NORMAL_HOURS; i++) await hour(i, false);
  for (; i < NORMAL_HOURS + OUTAGE_HOURS; i++) await hour(i, true);
  for (; i < NORMAL_HOURS + OUTAGE_HOURS + AFTER_HOURS; i++) await hour(i, false);
  await reg.advance(T0 + i * HOUR + 60_000);
}, 240_000);

afterAll(async () => {
  await reg?.stop();
  await receiver?.close();
});

describe('a replayed outage', () => {
  it('sends exactly one alert and then exactly one resolved message to each target', () => {
    const signed = receiver.received.filter((r) => r.path === '/signed');
    const slack = receiver.received.filter((r) => r.path === '/slack');
    expect(signed.map((r) => JSON.parse(r.body).type)).toEqual(['alert', 'resolved']);
    expect(slack).toHaveLength(2);
    expect(signed.every((r) => r.verified === true)).toBe(true);
  });

  it('alerts in the first interval of the outage, and not before', () => {
    const firstOutageHour = NORMAL_HOURS;
    const at = (h: number) => seenAfter.find((s) => s.hour === h)!;
    expect(at(firstOutageHour - 1).signed).toBe(0);
    expect(at(firstOutageHour).signed).toBe(1);
    // No second alert while the outage lasts.
    expect(at(firstOutageHour + OUTAGE_HOURS - 1).signed).toBe(1);
  });

  it('resolves once the series has been back to normal for resolveAfter (2) intervals', () => {
    const back = NORMAL_HOURS + OUTAGE_HOURS;
    const at = (h: number) => seenAfter.find((s) => s.hour === h)!;
    expect(at(back).signed).toBe(1);
    expect(at(back + 1).signed).toBe(2);
    expect(at(back + 1).slack).toBe(2);
  });

  it('the alert names the series, the drop to zero and what was expected', () => {
    const alert = JSON.parse(receiver.received.find((r) => r.path === '/signed')!.body);
    expect(alert.incident).toMatchObject({
      monitor: 'checkout volume',
      kind: 'volume',
      status: 'open',
      opened_at: new Date(T0 + (NORMAL_HOURS + 1) * HOUR).toISOString(),
      series: [{ source: 'web', event: 'Order Completed', direction: 'down' }],
    });
    expect(alert.first[0].value).toBe(0);
    expect(alert.first[0].expected).toBeGreaterThan(30);
    const resolved = JSON.parse(receiver.received.filter((r) => r.path === '/signed')[1]!.body);
    expect(resolved.incident.status).toBe('resolved');
    expect(resolved.incident.id).toBe(alert.incident.id);
    expect(resolved.incident.anomalies).toBe(OUTAGE_HOURS);
  });

  it('posts Slack incoming-webhook bodies (text and mrkdwn blocks)', () => {
    const [alert, resolved] = receiver.received
      .filter((r) => r.path === '/slack')
      .map((r) => JSON.parse(r.body));
    expect(alert.text).toMatch(/volume anomaly on monitor "checkout volume"/);
    expect(alert.blocks[1].text).toMatchObject({ type: 'mrkdwn' });
    expect(alert.blocks[1].text.text).toContain('"Order Completed" from web: 0 (expected');
    expect(resolved.text).toMatch(/resolved/);
    // Slack targets are not signed; webhooks are.
    expect(
      receiver.received.find((r) => r.path === '/slack')!.headers['platen-signature'],
    ).toBeUndefined();
  });

  it('GET /v1/monitor/anomalies (read token) lists the outage intervals for the dashboard', async () => {
    const res = await reg.api(
      'GET',
      '/v1/monitor/anomalies?source=web&event=Order%20Completed',
      undefined,
      reg.readToken,
    );
    expect(res.status).toBe(200);
    const rows = res.body.data.rows as { at: string; event: string; kind: string; value: number }[];
    expect(rows.map((r) => r.at)).toEqual(
      Array.from({ length: OUTAGE_HOURS }, (_, k) =>
        new Date(T0 + (NORMAL_HOURS + k) * HOUR).toISOString(),
      ),
    );
    expect(
      rows.every((r) => r.event === 'Order Completed' && r.kind === 'volume' && r.value === 0),
    ).toBe(true);
    const none = await reg.api(
      'GET',
      `/v1/monitor/anomalies?to=${T0 + NORMAL_HOURS * HOUR}`,
      undefined,
      reg.readToken,
    );
    expect(none.body.data.rows).toEqual([]);
  });

  it('GET /v1/monitor/incidents shows the resolved incident and its delivered messages', async () => {
    const res = await reg.api('GET', '/v1/monitor/incidents', undefined, reg.readToken);
    expect(res.body.data.incidents).toHaveLength(1);
    const [incident] = res.body.data.incidents;
    expect(incident.status).toBe('resolved');
    expect(
      incident.deliveries
        .map((d: { message: string; target: string; status: string }) => [
          d.message,
          d.target,
          d.status,
        ])
        .sort(),
    ).toEqual([
      ['alert', 'ops', 'delivered'],
      ['alert', 'team', 'delivered'],
      ['resolved', 'ops', 'delivered'],
      ['resolved', 'team', 'delivered'],
    ]);
  });

  it('the monitor API needs a token, and a write token to change anything', async () => {
    expect((await reg.api('GET', '/v1/monitor/anomalies', undefined, 'nope')).status).toBe(401);
    expect(
      (await reg.api('POST', '/v1/monitor/monitors', { name: 'x', kind: 'volume' }, reg.readToken))
        .status,
    ).toBe(403);
    const bad = await reg.api('POST', '/v1/monitor/monitors', { name: 'x', kind: 'volumes' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].message).toMatch(/^\/kind: "kind" must be one of/);
    const list = await reg.api('GET', '/v1/monitor/targets', undefined, reg.readToken);
    // Secrets are never read back, nor the path of a webhook URL.
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    expect(
      list.body.data.targets.map((t: { name: string; signed: boolean }) => [t.name, t.signed]),
    ).toEqual([
      ['ops', true],
      ['team', false],
    ]);
  });
});

describe('the monitor API', () => {
  it('reads, replaces and deletes a monitor by name', async () => {
    const name = encodeURIComponent('spare / monitor');
    const made = await reg.api('POST', '/v1/monitor/monitors', {
      name: 'spare / monitor',
      kind: 'unplanned-events',
      sensitivity: 'low',
    });
    expect(made.status).toBe(201);
    expect(made.body.data.monitor).toMatchObject({
      sensitivity: 0.25,
      direction: 'up',
      origin: 'api',
    });
    expect(
      (await reg.api('POST', '/v1/monitor/monitors', { name: 'spare / monitor', kind: 'volume' }))
        .status,
    ).toBe(409);
    const got = await reg.api('GET', `/v1/monitor/monitors/${name}`, undefined, reg.readToken);
    expect(got.body.data.monitor.kind).toBe('unplanned-events');
    const put = await reg.api('PUT', `/v1/monitor/monitors/${name}`, {
      kind: 'volume',
      direction: 'down',
    });
    expect(put.status).toBe(200);
    expect(put.body.data.monitor).toMatchObject({
      name: 'spare / monitor',
      kind: 'volume',
      direction: 'down',
    });
    const renamed = await reg.api('PUT', `/v1/monitor/monitors/${name}`, {
      name: 'other',
      kind: 'volume',
    });
    expect(renamed.status).toBe(422);
    const list = await reg.api('GET', '/v1/monitor/monitors', undefined, reg.readToken);
    expect(list.body.data.monitors.map((m: { name: string }) => m.name)).toEqual([
      'checkout volume',
      'spare / monitor',
    ]);
    expect((await reg.api('DELETE', `/v1/monitor/monitors/${name}`)).status).toBe(200);
    expect((await reg.api('DELETE', `/v1/monitor/monitors/${name}`)).status).toBe(404);
    expect(
      (await reg.api('GET', `/v1/monitor/monitors/${name}`, undefined, reg.readToken)).status,
    ).toBe(404);
    expect((await reg.api('PATCH', '/v1/monitor/monitors')).status).toBe(405);
    expect(
      (await reg.api('GET', '/v1/monitor/anomalies?from=yesterday', undefined, reg.readToken))
        .status,
    ).toBe(400);
  });
});
