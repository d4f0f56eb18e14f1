/**
 * The daily rollups (migration 3): kept equal to the interval rows' sums by triggers through
 * inserts, upserts and retention deletes, and read by `readVolumes` for whole-day intervals, with
 * partial days at either end taken from the interval rows. Every read is compared with the same
 * read summed from the interval rows in JS, so a wrong trigger or a wrong day split shows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSource,
  deleteBefore,
  openRegistryDb,
  readVolumes,
  type RegistryDb,
  type VolumeRow,
} from '../../src/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');
const COUNTS = ['received', 'valid', 'invalid', 'unplanned_properties'] as const;

let dir: string;
let db: RegistryDb;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'platen-daily-'));
  db = openRegistryDb(join(dir, 'registry.db'));
  createSource(db, { name: 'web' });
  createSource(db, { name: 'app' });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Upserts like the ingest does: a second write to the same key adds to it. */
function write(sourcePk: number, event: string, bucket: number, received: number, planned = 1) {
  const invalid = received % 3;
  db.prepare(
    `INSERT INTO monitor_rollups (source_pk, event, type, version, bucket, interval_ms, planned,
       received, valid, invalid, unplanned_properties, v_unplanned_event, v_unplanned_property,
       v_missing_required, v_wrong_type, v_other)
     VALUES (?, ?, 'track', 0, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?, 0)
     ON CONFLICT (source_pk, event, type, version, bucket) DO UPDATE SET
       received = received + excluded.received, valid = valid + excluded.valid,
       invalid = invalid + excluded.invalid,
       unplanned_properties = unplanned_properties + excluded.unplanned_properties,
       v_unplanned_property = v_unplanned_property + excluded.v_unplanned_property,
       v_wrong_type = v_wrong_type + excluded.v_wrong_type`,
  ).run(
    sourcePk,
    event,
    bucket,
    HOUR,
    planned,
    received,
    received - invalid,
    invalid,
    invalid >> 1,
    invalid >> 1,
    invalid,
  );
}

/** Six days of hourly rows for two sources x three events, some hours written twice (upserts). */
function seed() {
  db.transaction(() => {
    for (let h = 0; h < 6 * 24; h++)
      for (const pk of [1, 2])
        for (const [i, event] of ['A', 'B', 'C'].entries()) {
          if ((h + i) % 7 === 0) continue; // gaps
          write(
            pk,
            event,
            T0 + h * HOUR,
            1 + ((h * 5 + i * 3 + pk) % 11),
            (h + i) % 13 === 0 ? 0 : 1,
          );
          if (h % 4 === 0) write(pk, event, T0 + h * HOUR, 2 + i);
        }
  })();
}

/** The read by `interval`, summed in JS from the hourly read (the reference). */
function reference(q: { from?: number; to?: number; event?: string; interval: number }): unknown[] {
  const hourly = readVolumes(db, { from: q.from, to: q.to, event: q.event });
  const out = new Map<string, VolumeRow>();
  for (const r of hourly) {
    const t = Date.parse(r.start);
    const at = new Date(t - (t % q.interval)).toISOString();
    const key = `${r.source}\0${r.event}\0${r.type}\0${r.version}\0${at}`;
    const into = out.get(key);
    if (!into) {
      out.set(key, { ...r, start: at, violations: { ...r.violations } });
      continue;
    }
    for (const c of COUNTS) into[c] += r[c];
    for (const k of Object.keys(into.violations) as (keyof VolumeRow['violations'])[])
      into.violations[k] += r.violations[k];
    into.planned &&= r.planned;
  }
  return [...out.values()];
}

function dailyRows(): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM monitor_rollups_daily').get() as { n: number }).n;
}

describe('daily rollups', () => {
  it('hold one row per source x event x day, and by-day reads equal the interval rows summed', () => {
    seed();
    // 2 sources x 3 events x 6 days.
    expect(dailyRows()).toBe(36);
    const cases = [
      { interval: DAY },
      { interval: DAY, from: T0, to: T0 + 6 * DAY },
      // Partial days at both ends: interval rows there, daily rows between.
      { interval: DAY, from: T0 + 5 * HOUR, to: T0 + 4 * DAY + 7 * HOUR },
      { interval: DAY, from: T0 + 5 * HOUR, to: T0 + 20 * HOUR },
      { interval: 2 * DAY, from: T0 + DAY + HOUR, event: 'B' },
      { interval: DAY, to: T0 + 3 * DAY - HOUR, event: 'C' },
    ];
    for (const q of cases) {
      const got = readVolumes(db, q);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(reference(q));
    }
    // Some day has an unplanned hour: planned is the minimum, as the interval rows say.
    expect(readVolumes(db, { interval: DAY }).some((r) => !r.planned)).toBe(true);
  });

  it('follow retention deletes, partial days included, and drop days left empty', () => {
    seed();
    // Delete everything before day 2, 10:00, in small steps as the retention timer does.
    const before = T0 + 2 * DAY + 10 * HOUR;
    while (deleteBefore(db, before, 50) > 0);
    expect(dailyRows()).toBe(2 * 3 * 4);
    for (const q of [{ interval: DAY }, { interval: DAY, from: T0, to: T0 + 6 * DAY }]) {
      expect(readVolumes(db, q)).toEqual(reference(q));
    }
    const first = readVolumes(db, { interval: DAY, event: 'A' })[0]!;
    expect(first.start).toBe(new Date(T0 + 2 * DAY).toISOString());
  });
});
