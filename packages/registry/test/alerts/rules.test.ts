/**
 * The rule monitors through the real ingest path, configured in platen.config.json and stored with
 * `platen monitors apply` while the registry runs: a violation class seen for the first time, and an
 * event that stops. Also `platen monitors list` and `platen anomalies list`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@platen/compiler';
import type { MonitorsModule } from '../../../compiler/src/cli/commands/monitors.js';
import {
  HOUR,
  rule,
  startAlertRegistry,
  startReceiver,
  trackMessage,
  type AlertRegistry,
  type Receiver,
} from './support.js';

type CliIo = Parameters<typeof runCli>[1];

const SECRET = 'whsec_rules_test';
const T0 = Date.parse('2026-02-02T00:00:00.000Z');
let reg: AlertRegistry;
let receiver: Receiver;
const closedAt: { hour: number; messages: string[] }[] = [];

/** Runs the CLI in the registry's folder with `env`. */
async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: reg.dir,
    env: { PATH: process.env.PATH, ...env },
    interactive: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const messages = () =>
  receiver.received.map((r) => {
    const body = JSON.parse(r.body);
    return `${body.type} ${body.incident.monitor}`;
  });

type Traffic = { orders: number; wrongType: number; missingRequired: number; pages: number };

async function hour(i: number, t: Traffic): Promise<void> {
  await reg.advance(T0 + i * HOUR + 60_000);
  closedAt.push({ hour: i - 1, messages: messages() });
  const batch: Record<string, unknown>[] = [];
  for (let k = 0; k < t.orders; k++)
    batch.push(trackMessage('Order Completed', { order_id: `o${i}-${k}`, revenue: 5 }));
  for (let k = 0; k < t.wrongType; k++)
    batch.push(trackMessage('Order Completed', { order_id: `w${i}-${k}`, revenue: 'five' }));
  for (let k = 0; k < t.missingRequired; k++)
    batch.push(trackMessage('Order Completed', { revenue: 5 }));
  for (let k = 0; k < t.pages; k++) batch.push(trackMessage('Page Viewed', { path: '/' }));
  if (batch.length > 0) await reg.batch(batch);
}

const normal = (i: number): Traffic => ({
  orders: 30,
  wrongType: 2,
  missingRequired: 0,
  pages: i % 6 === 0 ? 3 : 0,
});
const at = (h: number) => closedAt.find((c) => c.hour === h)!.messages;

let applied: Awaited<ReturnType<typeof cli>>;
let badApply: Awaited<ReturnType<typeof cli>>;

beforeAll(async () => {
  receiver = await startReceiver({ secret: SECRET, nowS: () => Math.floor(reg.clock.now / 1000) });
  reg = await startAlertRegistry(
    [
      rule('Order Completed', { order_id: { type: 'string' }, revenue: { type: 'number' } }),
      rule('Page Viewed', { path: { type: 'string' } }),
    ],
    T0,
  );
  let i = 0;
  for (; i < 48; i++) await hour(i, normal(i));
  const config = {
    plan: 'plan.json',
    outputs: [{ path: 'src/analytics' }],
    alerts: {
      targets: [
        { name: 'ops', type: 'webhook', url: `${receiver.url}/signed`, secretEnv: 'OPS_SECRET' },
      ],
    },
    monitors: [
      { name: 'new classes', kind: 'new-violation-class', source: 'web' },
      { name: 'stops', kind: 'event-stopped', source: 'web', stoppedAfter: 3 },
    ],
  };
  writeFileSync(join(reg.dir, 'platen.config.json'), JSON.stringify(config, null, 2));
  badApply = await cli(['monitors', 'apply', '--db', reg.dbPath]);
  applied = await cli(['monitors', 'apply', '--db', reg.dbPath], { OPS_SECRET: SECRET });
  // Wrong-type violations were seen before the monitor existed: not new. Page Viewed comes every 6 h.
  for (; i < 60; i++) await hour(i, normal(i));
  // Hour 60: a release drops order_id.
  for (; i < 66; i++) await hour(i, { ...normal(i), missingRequired: 3 });
  // Hours 66–70: Order Completed stops altogether.
  for (; i < 71; i++)
    await hour(i, { orders: 0, wrongType: 0, missingRequired: 0, pages: normal(i).pages });
  for (; i < 76; i++) await hour(i, normal(i));
  await reg.advance(T0 + i * HOUR + 60_000);
  closedAt.push({ hour: i - 1, messages: messages() });
}, 240_000);

afterAll(async () => {
  await reg?.stop();
  await receiver?.close();
});

describe('monitors from platen.config.json', () => {
  it('apply refuses a secret whose environment variable is not set, naming file, line and pointer', () => {
    expect(badApply.code).toBe(1);
    expect(badApply.stderr).toMatch(
      /^platen\.config\.json:\d+:\d+: error\[invalid-config\]: The environment variable OPS_SECRET is not set\./m,
    );
    expect(badApply.stderr).toContain('/alerts/targets/0/secretEnv');
    expect(badApply.stderr).not.toMatch(/\n\s+at /);
  });

  it('apply stores them in the running registry', () => {
    expect(applied).toMatchObject({
      code: 0,
      stdout: 'stored 2 monitor(s) and 1 alert target(s)\n',
    });
  });

  it('monitors list shows them, never the secret', async () => {
    const listed = await cli(['monitors', 'list', '--db', reg.dbPath, '--json']);
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.stdout);
    expect(json.monitors.map((m: { name: string; origin: string }) => [m.name, m.origin])).toEqual([
      ['new classes', 'config'],
      ['stops', 'config'],
    ]);
    expect(listed.stdout).not.toContain(SECRET);
  });
});

describe('a violation class seen for the first time', () => {
  it('alerts once, in the interval it first appears, and not for a class seen before the monitor existed', () => {
    expect(at(59)).toEqual([]);
    expect(at(60)).toEqual(['alert new classes']);
    const alert = JSON.parse(receiver.received[0]!.body);
    expect(alert.first).toEqual([
      expect.objectContaining({
        event: 'Order Completed',
        detail: 'violations of a new class: missing required (3)',
      }),
    ]);
  });

  it('resolves after two intervals even though the class keeps occurring (it is no longer new)', () => {
    expect(at(61)).toEqual(['alert new classes']);
    expect(at(62)).toEqual(['alert new classes', 'resolved new classes']);
    expect(at(65)).toEqual(['alert new classes', 'resolved new classes']);
  });
});

describe('an event that stops', () => {
  it('alerts after stoppedAfter (3) empty intervals of an event that was alive, naming it', () => {
    expect(at(67)).toEqual(['alert new classes', 'resolved new classes']);
    expect(at(68)).toEqual(['alert new classes', 'resolved new classes', 'alert stops']);
    const alert = JSON.parse(receiver.received[2]!.body);
    expect(alert.incident.series).toEqual([
      { source: 'web', event: 'Order Completed', direction: 'down' },
    ]);
    expect(alert.first[0].detail).toMatch(/^no events for 3 intervals/);
  });

  it('never alerts for an event that is only sometimes there (Page Viewed, one hour in six)', () => {
    const all = receiver.received.map((r) => JSON.parse(r.body));
    expect(
      all.flatMap((b) => b.incident.series.map((s: { event: string }) => s.event)),
    ).not.toContain('Page Viewed');
  });

  it('resolves once the event is back for two intervals', () => {
    expect(at(71)).toHaveLength(3);
    expect(at(72)).toEqual([
      'alert new classes',
      'resolved new classes',
      'alert stops',
      'resolved stops',
    ]);
    expect(at(75)).toHaveLength(4);
    expect(receiver.received.every((r) => r.verified === true)).toBe(true);
  });

  it('platen anomalies list shows both incidents, resolved, with their deliveries', async () => {
    const listed = await cli(['anomalies', 'list', '--db', reg.dbPath, '--json']);
    expect(listed.code).toBe(0);
    const { incidents } = JSON.parse(listed.stdout);
    expect(
      incidents.map((i: { monitor: string; status: string }) => [i.monitor, i.status]),
    ).toEqual([
      ['stops', 'resolved'],
      ['new classes', 'resolved'],
    ]);
    expect(incidents[0].deliveries).toEqual([
      { message: 'alert', target: 'ops', status: 'delivered', attempts: 1 },
      { message: 'resolved', target: 'ops', status: 'delivered', attempts: 1 },
    ]);
    const human = await cli(['anomalies', 'list', '--db', reg.dbPath]);
    expect(human.stdout).toMatch(/^#2 resolved stops \[event-stopped\] /m);
  });
});

describe('the CLI and the registry agree', () => {
  it('the registry exports what platen monitors and anomalies list load (type-checked here)', async () => {
    const loaded = await import('@platen/registry');
    const monitors: MonitorsModule = loaded;
    expect(typeof monitors.applyConfig).toBe('function');
    expect(typeof loaded.listIncidents).toBe('function');
  });
});
