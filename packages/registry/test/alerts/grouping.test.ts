/**
 * Grouping, dedupe and cooldown through the real ingest path: a per-event volume monitor sees a
 * source-wide outage as one incident (one alert naming every event, one resolved); a later drop of one
 * event is a new incident with its own alert; a repeat of that drop within the cooldown is recorded
 * but sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistryDb } from '../../src/db.js';
import { putSettings } from '../../src/alerts/store.js';
import {
  HOUR,
  rule,
  seeded,
  startAlertRegistry,
  startReceiver,
  trackMessage,
  type AlertRegistry,
  type Receiver,
} from './support.js';

const SECRET = 'whsec_grouping_test';
const T0 = Date.parse('2026-04-06T00:00:00.000Z');
const EVENTS = ['Cart Viewed', 'Checkout Started', 'Order Completed'];
let reg: AlertRegistry;
let receiver: Receiver;
const random = seeded(42);
const bodies = () => receiver.received.map((r) => JSON.parse(r.body));

function count(i: number): number {
  const mean = 70 + 30 * Math.sin((2 * Math.PI * (i % 24)) / 24);
  return Math.max(1, Math.round(mean + (random() - 0.5) * 2 * Math.sqrt(mean) * 1.7));
}

async function hour(i: number, silent: readonly string[]): Promise<void> {
  await reg.advance(T0 + i * HOUR + 60_000);
  const batch = EVENTS.filter((e) => !silent.includes(e)).flatMap((e) =>
    Array.from({ length: count(i) }, (_, k) => trackMessage(e, { id: `${i}-${k}` })),
  );
  if (batch.length > 0) await reg.batch(batch);
}

beforeAll(async () => {
  receiver = await startReceiver({ secret: SECRET, nowS: () => Math.floor(reg.clock.now / 1000) });
  reg = await startAlertRegistry(
    EVENTS.map((e) => rule(e, { id: { type: 'string' } })),
    T0,
  );
  await reg.api('POST', '/v1/monitor/targets', {
    name: 'ops',
    type: 'webhook',
    url: `${receiver.url}/signed`,
    secret: SECRET,
  });
  const made = await reg.api('POST', '/v1/monitor/monitors', {
    name: 'every event',
    kind: 'volume',
    source: 'web',
    event: '*',
  });
  expect(made.status).toBe(201);
  let i = 0;
  for (; i < 192; i++) await hour(i, []);
  for (; i < 195; i++) await hour(i, EVENTS); // the whole source goes quiet
  for (; i < 210; i++) await hour(i, []);
  for (; i < 213; i++) await hour(i, ['Checkout Started']); // one event breaks
  for (; i < 216; i++) await hour(i, []);
  const db = openRegistryDb(reg.dbPath);
  putSettings(db, { cooldownMs: 24 * HOUR, resolveAfter: 2 });
  db.close();
  for (; i < 220; i++) await hour(i, []);
  for (; i < 222; i++) await hour(i, ['Checkout Started']); // again, within the cooldown
  for (; i < 228; i++) await hour(i, []);
  await reg.advance(T0 + i * HOUR + 60_000);
}, 240_000);

afterAll(async () => {
  await reg?.stop();
  await receiver?.close();
});

describe('grouping, dedupe and cooldown', () => {
  it('one alert and one resolved for a source-wide outage, naming every event', () => {
    const [alert, resolved] = bodies();
    expect(alert.type).toBe('alert');
    expect(alert.incident.series.map((s: { event: string }) => s.event)).toEqual(EVENTS);
    expect(resolved).toMatchObject({ type: 'resolved', incident: { id: alert.incident.id } });
  });

  it('a later drop of one event is a new incident with its own alert and resolution', () => {
    const later = bodies().slice(2);
    expect(
      later.map((b) => [b.type, b.incident.series.map((s: { event: string }) => s.event)]),
    ).toEqual([
      ['alert', ['Checkout Started']],
      ['resolved', ['Checkout Started']],
    ]);
    expect(later[0].incident.id).not.toBe(bodies()[0].incident.id);
  });

  it('the same drop within the cooldown is recorded, but nothing is sent', async () => {
    expect(bodies()).toHaveLength(4);
    const res = await reg.api('GET', '/v1/monitor/incidents', undefined, reg.readToken);
    const [latest] = res.body.data.incidents;
    expect(latest).toMatchObject({ status: 'resolved', alerted_at: null, deliveries: [] });
    expect(latest.series).toEqual([
      { source: 'web', event: 'Checkout Started', direction: 'down' },
    ]);
    const anomalies = await reg.api(
      'GET',
      `/v1/monitor/anomalies?event=Checkout%20Started&from=${T0 + 220 * HOUR}`,
      undefined,
      reg.readToken,
    );
    expect(anomalies.body.data.rows.length).toBeGreaterThan(0);
  });

  it('every message verified with the shared secret', () => {
    expect(receiver.received.every((r) => r.verified === true)).toBe(true);
  });
});
