/** The ingest's small parts: the per-message size scan, fingerprints and their set, durations, classes. */
import { describe, expect, it } from 'vitest';
import { capacityFor, fingerprint, FingerprintSet } from '../../src/monitor/dedupe.js';
import { oversizedMessage } from '../../src/monitor/sizes.js';
import { classOf, parseDuration } from '../../src/index.js';

describe('oversizedMessage', () => {
  const body = (batch: unknown[], extra = {}) => Buffer.from(JSON.stringify({ ...extra, batch }));
  const cases: [string, Buffer, number, { index: number; size: number } | undefined][] = [
    ['none over the limit', body([{ a: 1 }, { b: 2 }]), 10, undefined],
    [
      'the second element over',
      body([{ a: 1 }, { b: 'xxxxxxxxxx' }]),
      10,
      { index: 1, size: JSON.stringify({ b: 'xxxxxxxxxx' }).length },
    ],
    [
      'brackets, braces and escaped quotes inside strings do not count as structure',
      body([{ s: '[{"]}\\' }, { t: 'x'.repeat(20) }]),
      20,
      { index: 1, size: 28 },
    ],
    [
      'arrays nested in a message are part of it',
      body([{ a: [[1, 2], { b: [3] }] }]),
      5,
      { index: 0, size: JSON.stringify({ a: [[1, 2], { b: [3] }] }).length },
    ],
    [
      'other top-level arrays are not messages',
      body([{ a: 1 }], { context: { big: ['x'.repeat(50)] }, other: ['y'.repeat(50)] }),
      10,
      undefined,
    ],
    [
      'a key named "batch" inside a message is not the batch',
      body([{ batch: ['z'.repeat(5)] }]),
      100,
      undefined,
    ],
    [
      'a string ending in backslashes closes at its quote (even run) and not before (odd run)',
      body([{ s: 'x\\\\', u: 'a\\"b' }, { t: 'y'.repeat(20) }]),
      27,
      { index: 1, size: 28 },
    ],
    ['exactly the limit is allowed', body([{ s: 'x'.repeat(10) }]), 18, undefined],
    ['one byte over the limit is not', body([{ s: 'x'.repeat(10) }]), 17, { index: 0, size: 18 }],
    ['sizes are bytes, not characters', body([{ s: 'é'.repeat(10) }]), 25, { index: 0, size: 28 }],
    [
      'whitespace as sent counts',
      Buffer.from('{ "batch" : [ {"a" : 1 } , { "b":2} ] }'),
      9,
      { index: 0, size: 10 },
    ],
  ];
  for (const [name, raw, limit, want] of cases)
    it(name, () => expect(oversizedMessage(raw, limit)).toEqual(want));
});

describe('fingerprints', () => {
  it('are integers below 2^53 that differ by source and by id', () => {
    const keys = new Set<number>();
    for (let s = 1; s <= 3; s++) for (let i = 0; i < 1000; i++) keys.add(fingerprint(s, `id-${i}`));
    expect(keys.size).toBe(3000);
    for (const k of keys) expect(Number.isSafeInteger(k) && k >= 0).toBe(true);
    expect(fingerprint(1, 'abc')).toBe(fingerprint(1, 'abc'));
  });

  it('capacityFor sizes a set that takes n fingerprints without growing, and no larger', () => {
    for (const n of [0, 1, 2047, 2048, 5000, 100_000]) {
      const set = new FingerprintSet(capacityFor(n));
      for (let i = 0; i < n; i++) set.add(fingerprint(1, `m${i}`));
      expect(set.size).toBe(n);
      expect(set.capacity).toBe(capacityFor(n));
      // The next power of two down would have had to grow (unless at the 4,096 floor).
      if (capacityFor(n) > 4096) expect(2 * (n + 1)).toBeGreaterThan(capacityFor(n) / 2);
    }
  });

  it('FingerprintSet holds what was added (through growth) and nothing else', () => {
    const set = new FingerprintSet(4);
    const added = Array.from({ length: 5000 }, (_, i) => fingerprint(1, `m${i}`));
    for (const k of added) set.add(k);
    for (const k of added) set.add(k);
    expect(set.size).toBe(5000);
    expect(added.every((k) => set.has(k))).toBe(true);
    const others = Array.from({ length: 5000 }, (_, i) => fingerprint(2, `m${i}`));
    expect(others.filter((k) => set.has(k))).toEqual([]);
    // The extremes of the range.
    set.add(0);
    set.add(2 ** 53 - 1);
    expect([set.has(0), set.has(2 ** 53 - 1), set.has(2 ** 32)]).toEqual([true, true, false]);
  });
});

describe('parseDuration', () => {
  const cases: [string, number | undefined][] = [
    ['90d', 90 * 86_400_000],
    ['24h', 86_400_000],
    ['15m', 900_000],
    ['30s', 30_000],
    ['1w', 604_800_000],
    ['250', 250],
    ['1.5h', 5_400_000],
    ['h', undefined],
    ['-1d', undefined],
    ['3 days', undefined],
  ];
  for (const [text, want] of cases) it(text, () => expect(parseDuration(text)).toBe(want));
});

describe('classOf', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['additionalProperties', {}, 'unplanned_property'],
    ['required', { missingProperty: 'a' }, 'missing_required'],
    ['dependencies', { missingProperty: 'a' }, 'missing_required'],
    ['type', { type: 'number' }, 'wrong_type'],
    ['enum', {}, 'other'],
    ['pattern', {}, 'other'],
    ['format', {}, 'other'],
    ['oneOf', {}, 'other'],
  ];
  for (const [keyword, params, want] of cases)
    it(keyword, () =>
      expect(classOf({ keyword, params, instancePath: '', schemaPath: '' })).toBe(want),
    );
});
