import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Scope } from '../../src/naming/index.js';

describe('Scope.claim', () => {
  const table: [string, { given: { reserved?: string[]; claims: string[] }; want: string[] }][] = [
    ['free names are returned as-is', { given: { claims: ['a', 'b'] }, want: ['a', 'b'] }],
    [
      'collisions are numbered from 2',
      { given: { claims: ['a', 'a', 'a'] }, want: ['a', 'a2', 'a3'] },
    ],
    [
      'a numbered name already taken is skipped',
      { given: { claims: ['a2', 'a', 'a'] }, want: ['a2', 'a', 'a3'] },
    ],
    [
      'trailing digit gets a separator',
      { given: { claims: ['orderV1', 'orderV1'] }, want: ['orderV1', 'orderV1_2'] },
    ],
    [
      'reserved names are escaped',
      {
        given: { reserved: ['default'], claims: ['default', 'default'] },
        want: ['default_', 'default_2'],
      },
    ],
    [
      'escaped names still collide with real ones',
      { given: { reserved: ['new'], claims: ['new_', 'new'] }, want: ['new_', 'new_2'] },
    ],
  ];
  test.each(table)('%s', (_name, { given, want }) => {
    const scope = new Scope({ reserved: given.reserved ?? [] });
    expect(given.claims.map((c) => scope.claim(c))).toEqual(want);
  });
});

describe('case-insensitive scope (file stems)', () => {
  test('names differing only in case collide, reserved names match in any case', () => {
    const scope = new Scope({
      caseInsensitive: true,
      reserved: ['con'],
      join: (base, n) => `${base}-${n}`,
    });
    expect(['Order', 'order', 'ORDER', 'CoN'].map((c) => scope.claim(c))).toEqual([
      'Order',
      'order-2',
      'ORDER-3',
      'CoN_',
    ]);
  });
});

describe('claimExact and hold', () => {
  test('claimExact refuses reserved and taken names without changing the scope', () => {
    const scope = new Scope({ reserved: ['class'] });
    scope.hold('identify');
    expect(scope.claimExact('class')).toBe(false);
    expect(scope.claimExact('identify')).toBe(false);
    expect(scope.claimExact('x')).toBe(true);
    expect(scope.claimExact('x')).toBe(false);
    expect(scope.claim('identify')).toBe('identify2');
  });
});

describe('many collisions on one base', () => {
  // The counter per base is remembered: 10,000 claims must not rescan 2..n each time, or naming
  // grows super-linearly (docs/decisions.md#linear-build).
  test('10,000 claims of the same name get 10,000 distinct names in order', () => {
    const scope = new Scope();
    const names = Array.from({ length: 10_000 }, () => scope.claim('event'));
    expect(new Set(names).size).toBe(10_000);
    expect(names[0]).toBe('event');
    expect(names[9_999]).toBe('event10000');
  });
});

describe('any claims (10,000 runs)', () => {
  test('results are unique, keep their preferred name as a prefix, and avoid reserved names', () => {
    const name = fc.constantFrom('a', 'a2', 'a_', 'b', 'B', 'default', 'x1', 'x1_2');
    fc.assert(
      fc.property(fc.array(name, { maxLength: 12 }), fc.boolean(), (claims, caseInsensitive) => {
        const scope = new Scope({ reserved: ['default'], caseInsensitive });
        const got = claims.map((c) => scope.claim(c));
        const keys = got.map((g) => (caseInsensitive ? g.toLowerCase() : g));
        expect(new Set(keys).size).toBe(got.length);
        got.forEach((g, i) => expect(g.startsWith(claims[i]!)).toBe(true));
        expect(got).not.toContain('default');
      }),
      { numRuns: 10_000 },
    );
  });
});
