/**
 * Incidents outlive the process: a registry restarted in the middle of an outage sends no second
 * alert and one resolved message; a damaged series state is relearned from the rollups instead of
 * breaking the monitor; a delivery that failed before the restart goes out after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistryDb } from '../../src/db.js';
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

const SECRET = 'whsec_restart_test';
const T0 = Date.parse('2026-03-02T00:00:00.000Z');
let reg: AlertRegistry;
let receiver: Receiver;
const random = seeded(7);
const types = () =>
  receiver.received.filter((r) => r.status === 200).map((r) => JSON.parse(r.body).type);
const log: { hour: number; types: string[] }[] = [];

async function hour(i: number, n: number): Promise<void> {
  await reg.advance(T0 + i * HOUR + 60_000);
  log.push({ hour: i - 1, types: types() });
  if (n > 0)
    await reg.batch(
      Array.from({ length: n }, (_, k) =>
        trackMessage('Signed Up', { plan: k % 2 ? 'pro' : 'free' }),
      ),
    );
}
const traffic = (i: number) =>
  Math.round(90 + 40 * Math.sin((2 * Math.PI * (i % 24)) / 24) + (random() - 0.5) * 20);
const at = (h: number) => log.find((l) => l.hour === h)!.types;

beforeAll(async () => {
  receiver = await startReceiver({ secret: SECRET, nowS: () => Math.floor(reg.clock.now / 1000) });
  reg = await startAlertRegistry([rule('Signed Up', { plan: { type: 'string' } })], T0);
  await reg.api('POST', '/v1/monitor/targets', {
    name: 'ops',
    type: 'webhook',
    url: `${receiver.url}/signed`,
    secret: SECRET,
  });
  await reg.api('POST', '/v1/monitor/monitors', {
    name: 'signups',
    kind: 'volume',
    event: 'Signed Up',
  });
  let i = 0;
  for (; i < 8 * 24; i++) await hour(i, traffic(i));
  // Outage from hour 192; the registry restarts after its second hour.
  for (; i < 194; i++) await hour(i, 0);
  await reg.restart();
  for (; i < 197; i++) await hour(i, 0);
  // The receiver is down when the resolved message is first sent: it goes out on a later attempt.
  receiver.failNext(1, 503);
  for (; i < 210; i++) await hour(i, traffic(i));
  while (reg.timers.size > 0) {
    reg.timers.fireAll();
    await reg.registry.alerts.deliverer.idle();
  }
  // Damage the stored state (another process, a bad disk…): the monitor relearns and keeps working.
  const db = openRegistryDb(reg.dbPath);
  db.prepare("UPDATE monitor_series SET state = '{not json'").run();
  db.close();
  for (; i < 10 * 24; i++) await hour(i, traffic(i));
  for (; i < 10 * 24 + 2; i++) await hour(i, 0);
  await hour(i, traffic(i));
}, 240_000);

afterAll(async () => {
  await reg?.stop();
  await receiver?.close();
});

describe('a restart in the middle of an outage', () => {
  it('sends no second alert for the same incident, and one resolved message', () => {
    expect(at(192)).toEqual(['alert']);
    expect(at(196)).toEqual(['alert']);
    expect(at(209)).toEqual(['alert', 'resolved']);
  });

  it('retries a resolved message the receiver refused, logging both attempts', async () => {
    const res = await reg.api('GET', '/v1/monitor/incidents', undefined, reg.readToken);
    const first = res.body.data.incidents.at(-1);
    expect(first.status).toBe('resolved');
    expect(first.deliveries).toEqual([
      { message: 'alert', target: 'ops', status: 'delivered', attempts: 1 },
      { message: 'resolved', target: 'ops', status: 'delivered', attempts: 2 },
    ]);
  });
});

describe('a damaged series state', () => {
  it('is relearned from the rollups: no failure, no false alert, and the next outage still alerts', () => {
    expect(reg.logs.filter((l) => l.includes('platen alerts'))).toEqual([]);
    expect(at(10 * 24 - 1)).toEqual(['alert', 'resolved']);
    expect(at(10 * 24)).toEqual(['alert', 'resolved', 'alert']);
  });
});
