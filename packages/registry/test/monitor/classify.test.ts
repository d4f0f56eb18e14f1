/**
 * Validation and classification: every violation class, COMMON, event versions, page/screen and
 * identify rules, unplanned sources, the validation switch, and that the validators are the very
 * modules a dev client is built with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type Json } from '@platen/compiler';
import { compileRuleValidator } from '@platen/compiler/api';
import {
  openReadConnection,
  readSamples,
  readViolations,
  readVolumes,
  type ViolationRow,
} from '../../src/index.js';
import {
  startMonitorRegistry,
  track,
  trackRule,
  type MonitorRegistry,
  type TestRule,
} from './support.js';

const RULES: TestRule[] = [
  trackRule(
    'Order Completed',
    {
      order_id: { type: 'string' },
      revenue: { type: 'number' },
      currency: { type: 'string', enum: ['EUR', 'USD'] },
    },
    ['order_id'],
    1,
  ),
  trackRule(
    'Order Completed',
    { order_id: { type: 'string' }, total: { type: 'number' } },
    ['order_id', 'total'],
    2,
  ),
  {
    type: 'IDENTIFY',
    key: null,
    version: 1,
    jsonSchema: {
      type: 'object',
      properties: {
        traits: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
      },
    },
  },
  {
    type: 'PAGE',
    key: 'Pricing',
    version: 1,
    jsonSchema: {
      type: 'object',
      properties: {
        properties: {
          type: 'object',
          properties: { plan: { type: 'string' } },
          required: ['plan'],
        },
      },
    },
  },
  {
    type: 'COMMON',
    key: null,
    version: 1,
    jsonSchema: {
      type: 'object',
      properties: {
        context: { type: 'object', properties: { app: { type: 'object', required: ['version'] } } },
      },
    },
  },
];

let m: MonitorRegistry;
beforeAll(async () => {
  m = await startMonitorRegistry(RULES, { sampleLimit: 2 });
});
afterAll(async () => {
  await m.stop();
});

function read<T>(f: (db: ReturnType<typeof openReadConnection>) => T): T {
  const db = openReadConnection(m.dbPath);
  try {
    return f(db);
  } finally {
    db.close();
  }
}

/** Sends `messages` as one batch in a fresh interval (so each test reads only its own). */
async function sendFresh(messages: Record<string, unknown>[], writeKey?: string) {
  m.clock.now += 3_600_000;
  const res = await m.send('/v1/batch', { batch: messages }, writeKey ? { writeKey } : {});
  expect(res.status).toBe(200);
  const from = m.clock.now - (m.clock.now % 3_600_000);
  return {
    volumes: read((db) => readVolumes(db, { from })),
    violations: read((db) => readViolations(db, { from })),
  };
}

const v2 = { context: { protocols: { event_version: 2 } } };

describe('violation classes', () => {
  const cases: [string, Record<string, unknown>, Partial<ViolationRow>][] = [
    [
      'unplanned event',
      track('Order Refunded', { x: 1 }),
      { class: 'unplanned_event', keyword: 'unplanned', path: '/event', event: 'Order Refunded' },
    ],
    [
      'unplanned property',
      track('Order Completed', { order_id: 'o', coupon: 'X' }),
      { class: 'unplanned_property', keyword: 'additionalProperties', path: '/properties/coupon' },
    ],
    [
      'missing required property',
      track('Order Completed', { revenue: 1 }),
      { class: 'missing_required', keyword: 'required', path: '/properties/order_id' },
    ],
    [
      'wrong type',
      track('Order Completed', { order_id: 'o', revenue: '12' }),
      {
        class: 'wrong_type',
        keyword: 'type',
        path: '/properties/revenue',
        description: '/properties/revenue: must be number, got string "12"',
      },
    ],
    [
      'other schema violation (enum)',
      track('Order Completed', { order_id: 'o', currency: 'GBP' }),
      { class: 'other', keyword: 'enum', path: '/properties/currency' },
    ],
    [
      'other schema violation (format, identify traits)',
      { type: 'identify', userId: 'u', messageId: 'id-1', traits: { email: 'not-an-email' } },
      { class: 'other', keyword: 'format', path: '/traits/email', type: 'identify', event: '' },
    ],
  ];
  for (const [name, message, want] of cases) {
    it(name, async () => {
      const { volumes, violations } = await sendFresh([message]);
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({ source: m.source.slug, count: 1, ...want });
      const [row] = volumes;
      expect(row).toMatchObject({ received: 1, valid: 0, invalid: 1 });
      const cls = violations[0]!.class;
      for (const [c, n] of Object.entries(row!.violations)) expect(n, c).toBe(c === cls ? 1 : 0);
      expect(row!.unplanned_properties).toBe(cls === 'unplanned_property' ? 1 : 0);
      expect(row!.planned).toBe(cls !== 'unplanned_event');
    });
  }

  it('a valid message counts as valid with no violation rows', async () => {
    const { volumes, violations } = await sendFresh([
      track('Order Completed', { order_id: 'o', revenue: 3 }),
    ]);
    expect(violations).toEqual([]);
    expect(volumes).toMatchObject([
      { event: 'Order Completed', version: 1, received: 1, valid: 1, invalid: 0 },
    ]);
  });

  it('one message with several violations counts once as invalid and once per violation', async () => {
    const { volumes, violations } = await sendFresh([
      track('Order Completed', { revenue: 'x', extra: 1, other: 2 }),
    ]);
    expect(volumes[0]).toMatchObject({ received: 1, invalid: 1, unplanned_properties: 1 });
    expect(volumes[0]!.violations).toEqual({
      unplanned_event: 0,
      unplanned_property: 2,
      missing_required: 1,
      wrong_type: 1,
      other: 0,
    });
    expect(violations.map((v) => v.path).sort()).toEqual([
      '/properties/extra',
      '/properties/order_id',
      '/properties/other',
      '/properties/revenue',
    ]);
  });
});

describe('versions and COMMON', () => {
  it('context.protocols.event_version picks the version; absent or unknown, the oldest applies', async () => {
    const { volumes, violations } = await sendFresh([
      // v2 requires total: valid against v2, a missing_required against it when absent.
      track('Order Completed', { order_id: 'a', total: 1 }, v2),
      track('Order Completed', { order_id: 'b' }, v2),
      // No version: v1, where `total` is an unplanned property.
      track('Order Completed', { order_id: 'c', total: 1 }),
      // Version 7 does not exist: v1 again.
      track('Order Completed', { order_id: 'd' }, { context: { protocols: { event_version: 7 } } }),
    ]);
    const byVersion = Object.fromEntries(volumes.map((r) => [r.version, r]));
    expect(byVersion[2]).toMatchObject({ received: 2, valid: 1, invalid: 1 });
    expect(byVersion[2]!.violations.missing_required).toBe(1);
    expect(byVersion[1]).toMatchObject({
      received: 2,
      valid: 1,
      invalid: 1,
      unplanned_properties: 1,
    });
    expect(violations.find((v) => v.version === 1)).toMatchObject({
      path: '/properties/total',
      class: 'unplanned_property',
    });
  });

  it('the COMMON rule checks the whole message, as generated clients check it', async () => {
    const { volumes, violations } = await sendFresh([
      track('Order Completed', { order_id: 'a' }, { context: { app: { name: 'x' } } }),
      track('Order Completed', { order_id: 'b' }, { context: { app: { version: '1.0' } } }),
    ]);
    expect(volumes[0]).toMatchObject({ received: 2, valid: 1, invalid: 1 });
    expect(violations).toMatchObject([
      { class: 'missing_required', keyword: 'required', path: '/context/app/version' },
    ]);
  });

  it('page calls use the rule of their name; calls with no rule are planned and checked by COMMON only', async () => {
    const { volumes, violations } = await sendFresh([
      { type: 'page', name: 'Pricing', userId: 'u', messageId: 'p1', properties: {} },
      { type: 'page', name: 'Home', userId: 'u', messageId: 'p2', properties: { anything: 1 } },
      { type: 'alias', userId: 'u', previousId: 'x', messageId: 'p3' },
    ]);
    expect(violations).toMatchObject([
      { type: 'page', event: 'Pricing', class: 'missing_required', path: '/properties/plan' },
    ]);
    const home = volumes.find((r) => r.event === 'Home');
    expect(home).toMatchObject({ planned: true, valid: 1 });
    expect(volumes.find((r) => r.type === 'alias')).toMatchObject({
      planned: true,
      valid: 1,
      event: '',
    });
  });
});

describe('sources, samples, the switch', () => {
  it("an unplanned source's events are counted, not validated, and listed as unplanned", async () => {
    const { volumes, violations } = await sendFresh(
      [track('Anything', { x: 1 })],
      m.unplanned.write_key,
    );
    expect(violations).toEqual([]);
    expect(volumes).toMatchObject([
      { source: 'legacy', event: 'Anything', planned: false, received: 1, valid: 1, invalid: 0 },
    ]);
  });

  it('keeps at most sampleLimit violating messages per event and interval, with their violations', async () => {
    await sendFresh([1, 2, 3, 4].map((i) => track('Order Completed', { revenue: i })));
    const from = m.clock.now - (m.clock.now % 3_600_000);
    const samples = read((db) => readSamples(db, { from }));
    expect(samples).toHaveLength(2);
    expect(samples[0]).toMatchObject({
      event: 'Order Completed',
      message: { properties: { revenue: 1 } },
      violations: [{ class: 'missing_required', path: '/properties/order_id' }],
    });
    // A later batch in the same interval adds none.
    await m.send('/v1/batch', { batch: [track('Order Completed', { revenue: 5 })] });
    expect(read((db) => readSamples(db, { from }))).toHaveLength(2);
  });

  it('the plan is recompiled when it changes', async () => {
    const put = await fetch(`${m.url}/tracking-plans/${m.planId}/rules`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${m.writeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [trackRule('Order Refunded', {}, [], 1)] }),
    });
    expect(put.status).toBe(200);
    const { volumes } = await sendFresh([track('Order Refunded', {})]);
    expect(volumes).toMatchObject([{ event: 'Order Refunded', planned: true, valid: 1 }]);
  });
});

describe('validation off', () => {
  it('counts every message as received and valid, checking nothing', async () => {
    const off = await startMonitorRegistry(RULES, { validate: false });
    try {
      const res = await off.send('/v1/batch', {
        batch: [track('Order Completed', { revenue: 'x' }), track('Nope', {})],
      });
      expect(res.status).toBe(200);
      const db = openReadConnection(off.dbPath);
      const volumes = readVolumes(db);
      expect(readViolations(db)).toEqual([]);
      db.close();
      expect(volumes.map((r) => [r.event, r.received, r.valid])).toEqual([
        ['Nope', 1, 1],
        ['Order Completed', 1, 1],
      ]);
    } finally {
      await off.stop();
    }
  });
});

describe('one implementation', () => {
  it("the ingest's validator for a rule is the module a dev client's validators/<name>.ts holds", async () => {
    const plan = { id: 'tp_x', name: 'X', type: 'LIVE', rules: RULES } as unknown as Json;
    const { files } = await build(await writePlan(plan), { mode: 'dev' });
    const file = files.find(
      (f) => f.path.startsWith('validators/') && f.contents.includes('"currency"'),
    );
    expect(file, 'the v1 validator of Order Completed').toBeDefined();
    const module = compileRuleValidator(RULES[0]!.jsonSchema as Json, 'TRACK');
    expect(file!.contents).toContain(module.code);
  });
});

async function writePlan(plan: Json): Promise<string> {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const path = join(m.dir, 'plan.json');
  writeFileSync(path, JSON.stringify(plan));
  return path;
}
