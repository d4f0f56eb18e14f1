/**
 * `platen registry source create|list`, `platen monitor report [--json]` and `platen monitor export`
 * in-process, over a registry that received events with the injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@platen/compiler';
import { join } from 'node:path';
import { VIOLATION_CLASSES } from '../../src/index.js';
import { startMonitorRegistry, T0, track, trackRule, type MonitorRegistry } from './support.js';

type CliIo = Parameters<typeof runCli>[1];
const HOUR = 3_600_000;
let m: MonitorRegistry;

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: m.dir,
    env: { PATH: process.env.PATH },
    interactive: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, lastLine: stdout.trimEnd().split('\n').pop() ?? '' };
}

beforeAll(async () => {
  m = await startMonitorRegistry([
    trackRule('Order Completed', { revenue: { type: 'number' } }, ['revenue']),
    trackRule('Signed Up', {}),
  ]);
  // Day 1: 4 Order Completed, 2 Signed Up. Day 2 (the reported one): 1 Order Completed (valid),
  // 3 Signed Up (one unplanned property), 2 unplanned "Order Refunded", and a line break and a
  // comma in a violation's description (the unplanned event's name).
  m.clock.now = T0 + HOUR;
  await m.send('/v1/batch', {
    batch: [1, 2, 3, 4]
      .map((r) => track('Order Completed', { revenue: r }))
      .concat([track('Signed Up', {}), track('Signed Up', {})]),
  });
  m.clock.now = T0 + 25 * HOUR;
  await m.send('/v1/batch', {
    batch: [
      track('Order Completed', { revenue: 5 }),
      track('Signed Up', {}),
      track('Signed Up', {}),
      track('Signed Up', { referrer: 'ad' }, { sentAt: '2026-01-06T01:00:00.000Z' }),
      track('Order Refunded', {}),
      track('Order "Refunded",\nagain', {}),
    ],
  });
});
afterAll(async () => {
  await m.stop();
});

describe('platen registry source', () => {
  it('create prints the write key as its last line; list shows it; the key is accepted', async () => {
    const created = await cli([
      'registry',
      'source',
      'create',
      '--name',
      'iOS',
      '--plan',
      m.planId,
      '--db',
      m.dbPath,
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.lastLine).toMatch(/^[0-9A-Za-z]{32}$/);
    const listed = await cli(['registry', 'source', 'list', '--db', m.dbPath, '--json']);
    const sources = (
      JSON.parse(listed.stdout) as {
        sources: { slug: string; write_key: string; plan_id: string | null }[];
      }
    ).sources;
    expect(sources.find((s) => s.slug === 'ios')).toMatchObject({
      write_key: created.lastLine,
      plan_id: m.planId,
    });
    const res = await m.send(
      '/v1/batch',
      { batch: [track('Signed Up', {})] },
      { writeKey: created.lastLine },
    );
    expect(res.status).toBe(200);
    const unplanned = await cli([
      'registry',
      'source',
      'create',
      '--name',
      'Server',
      '--db',
      m.dbPath,
    ]);
    expect(unplanned.stdout).toContain('unplanned');
    expect((await cli(['registry', 'source', 'list', '--db', m.dbPath])).stdout).toMatch(
      /server\s+\(unplanned\)/,
    );
  });

  it('refuses a missing name (2) and an unknown plan (1), naming it', async () => {
    expect(await cli(['registry', 'source', 'create', '--db', m.dbPath])).toMatchObject({
      code: 2,
    });
    const unknown = await cli([
      'registry',
      'source',
      'create',
      '--name',
      'x',
      '--plan',
      'tp_nope',
      '--db',
      m.dbPath,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no tracking plan "tp_nope"');
  });
});

describe('platen monitor report', () => {
  const until = new Date(T0 + 48 * HOUR).toISOString();

  it('--json prints { rows } per source x type x event x version, biggest changes first', async () => {
    const res = await cli([
      'monitor',
      'report',
      '--db',
      m.dbPath,
      '--since',
      '24h',
      '--until',
      until,
      '--json',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const { rows, ...rest } = JSON.parse(res.stdout) as { rows: Record<string, unknown>[] };
    expect(rest).toEqual({});
    const zero = Object.fromEntries(VIOLATION_CLASSES.map((c) => [c, 0]));
    // |change| first, then violations, then source, event, type, version as JSON text.
    expect(rows.map((r) => [r.source, r.event, r.change])).toEqual([
      ['web-app', 'Order Completed', -3],
      ['web-app', 'Order Refunded', 1],
      ['web-app', 'Order "Refunded",\nagain', 1],
      ['web-app', 'Signed Up', 1],
      ['ios', 'Signed Up', 1],
    ]);
    expect(rows[0]).toEqual({
      source: 'web-app',
      type: 'track',
      event: 'Order Completed',
      version: 1,
      planned: true,
      received: 1,
      valid: 1,
      invalid: 0,
      unplanned_properties: 0,
      violations: zero,
      previous_received: 4,
      change: -3,
    });
    expect(rows[1]).toMatchObject({
      event: 'Order Refunded',
      planned: false,
      invalid: 1,
      violations: { ...zero, unplanned_event: 1 },
    });
    expect(rows[3]).toMatchObject({
      event: 'Signed Up',
      received: 3,
      valid: 2,
      invalid: 1,
      unplanned_properties: 1,
      violations: { ...zero, unplanned_property: 1 },
    });
    for (const row of rows)
      expect(Object.keys(row).sort()).toEqual(
        [
          'source',
          'type',
          'event',
          'version',
          'planned',
          'received',
          'valid',
          'invalid',
          'unplanned_properties',
          'violations',
          'previous_received',
          'change',
        ].sort(),
      );
  });

  it('prints a table for people', async () => {
    const res = await cli([
      'monitor',
      'report',
      '--db',
      m.dbPath,
      '--since',
      '24h',
      '--until',
      until,
    ]);
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('last 24h, biggest changes first:');
    expect(lines[1]).toMatch(/^source\s+type\s+event\s+v\s+received\s+change/);
    expect(lines[2]).toMatch(/^web-app\s+track\s+"Order Completed"\s+1\s+1\s+-3\s+0/);
    expect(res.stdout).toContain('(unplanned) "Order Refunded"');
  });

  it('refuses a bad --since (2) and a missing database (1)', async () => {
    expect((await cli(['monitor', 'report', '--db', m.dbPath, '--since', 'soon'])).code).toBe(2);
    const missing = await cli(['monitor', 'report', '--db', join(m.dir, 'none.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no registry database at');
  });
});

describe('platen monitor export', () => {
  it("writes Segment's violation_generated columns as CSV (RFC 4180 quoting)", async () => {
    const res = await cli(['monitor', 'export', '--db', m.dbPath, '--format', 'csv']);
    expect(res.code, res.stderr).toBe(0);
    const [header, ...rest] = res.stdout.split('\n');
    expect(header).toBe(
      'id,event_sent_at,source_slug,source_name,event_type,event_name,violation_description',
    );
    const text = rest.join('\n');
    expect(text).toContain(
      `,2026-01-06T01:00:00.000Z,web-app,Web App,track,Signed Up,/properties/referrer: unplanned property\n`,
    );
    // The name with a quote, a comma and a line break is one quoted field.
    expect(text).toContain(
      `,track,"Order ""Refunded"",\nagain","event ""Order \\""Refunded\\"",\\nagain"" is not in the tracking plan"`,
    );
  });

  it('writes the same rows as JSON Lines', async () => {
    const res = await cli(['monitor', 'export', '--db', m.dbPath, '--format', 'jsonl']);
    const rows = res.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.event_name)).toEqual([
      'Signed Up',
      'Order Refunded',
      'Order "Refunded",\nagain',
    ]);
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'event_sent_at',
      'source_slug',
      'source_name',
      'event_type',
      'event_name',
      'violation_description',
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });
});
