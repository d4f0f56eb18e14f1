/** Pure parts of the client: backoff, 429 waits, masking, canonical plan text, rule diffs. */
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  canonicalPlanText,
  compareRules,
  DEFAULT_RETRY,
  diffRules,
  formatDiff,
  maskSecrets,
  rateLimitWait,
} from '../../src/api/index.js';
import type { Plan, Rule } from '../../src/plan/types.js';

const NOW = 1_700_000_000_000;

describe('backoffDelay', () => {
  const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
  it.each([
    ['first retry, no jitter', { attempt: 0, random: 0 }, 50],
    ['first retry, full jitter', { attempt: 0, random: 0.999 }, 100],
    ['third retry doubles twice', { attempt: 2, random: 0.5 }, 300],
    ['capped at maxDelayMs', { attempt: 10, random: 0.999 }, 1000],
  ])('%s', (_n, given, want) => {
    expect(backoffDelay(given.attempt, policy, () => given.random)).toBe(want);
  });
});

describe('rateLimitWait', () => {
  it.each([
    [
      'msBeforeNext wins',
      { body: { errors: [{ data: { msBeforeNext: 1200 } }] }, header: '5' },
      1200,
    ],
    ['header as ms to wait', { body: {}, header: '750' }, 750],
    ['header as epoch seconds', { body: null, header: String(NOW / 1000 + 3) }, 3000],
    ['header as epoch ms', { body: null, header: String(NOW + 40) }, 40],
    ['header as HTTP date', { body: null, header: new Date(NOW + 2000).toUTCString() }, 2000],
    ['reset in the past', { body: null, header: String(NOW / 1000 - 10) }, 0],
    [
      'nothing usable',
      { body: { errors: [{ data: { msBeforeNext: 'soon' } }] }, header: 'later' },
      undefined,
    ],
    ['no header', { body: 'text', header: null }, undefined],
  ])('%s', (_n, given, want) => {
    expect(rateLimitWait(given.body, given.header, NOW)).toBe(want);
  });
});

describe('maskSecrets', () => {
  it.each([
    [
      'every occurrence',
      { text: 'a tok_123456 b tok_123456', secrets: ['tok_123456'] },
      'a **** b ****',
    ],
    ['no secret', { text: 'plain', secrets: [undefined] }, 'plain'],
    ['too short to be a token', { text: 'abc', secrets: ['ab'] }, 'abc'],
  ])('%s', (_n, given, want) => {
    expect(maskSecrets(given.text, given.secrets)).toBe(want);
  });
});

const rule = (
  type: Rule['type'],
  key: string | null,
  version: number,
  jsonSchema: Rule['jsonSchema'] = {},
): Rule => ({
  type,
  key,
  version,
  jsonSchema,
});

describe('compareRules', () => {
  it('orders by type (API order), then key with null first, then version', () => {
    const given = [
      rule('COMMON', null, 1),
      rule('PAGE', 'Home', 1),
      rule('PAGE', null, 1),
      rule('TRACK', 'b', 1),
      rule('TRACK', 'a', 10),
      rule('TRACK', 'a', 2),
      rule('IDENTIFY', null, 1),
    ];
    const want = [
      'TRACK a 2',
      'TRACK a 10',
      'TRACK b 1',
      'IDENTIFY null 1',
      'PAGE null 1',
      'PAGE Home 1',
      'COMMON null 1',
    ];
    expect([...given].sort(compareRules).map((r) => `${r.type} ${r.key} ${r.version}`)).toEqual(
      want,
    );
  });
});

describe('canonicalPlanText', () => {
  const plan: Plan = {
    type: 'LIVE',
    name: 'N',
    id: 'tp_1',
    rules: [
      rule('TRACK', 'b', 1, { type: 'object', description: 'x', properties: { z: {}, a: {} } }),
      rule('TRACK', 'a', 1),
    ],
  };
  it('sorts keys at every depth and rules by identity, ending in a newline', () => {
    const text = canonicalPlanText(plan);
    expect(text).toBe(
      '{\n  "id": "tp_1",\n  "name": "N",\n  "rules": [\n' +
        '    {\n      "jsonSchema": {},\n      "key": "a",\n      "type": "TRACK",\n      "version": 1\n    },\n' +
        '    {\n      "jsonSchema": {\n        "description": "x",\n        "properties": {\n          "a": {},\n          "z": {}\n        },\n' +
        '        "type": "object"\n      },\n      "key": "b",\n      "type": "TRACK",\n      "version": 1\n    }\n  ],\n  "type": "LIVE"\n}\n',
    );
  });
  it('does not depend on input order and does not mutate the plan', () => {
    const before = JSON.stringify(plan);
    const shuffled = { ...plan, rules: [...plan.rules].reverse() };
    expect(canonicalPlanText(shuffled)).toBe(canonicalPlanText(plan));
    expect(JSON.stringify(plan)).toBe(before);
  });
});

describe('diffRules', () => {
  it.each([
    [
      'identical',
      { before: [rule('TRACK', 'a', 1)], after: [rule('TRACK', 'a', 1)] },
      '0 added, 0 removed, 0 changed, 1 unchanged\n',
    ],
    [
      'key order is no change',
      {
        before: [rule('TRACK', 'a', 1, { a: 1, b: 2 })],
        after: [rule('TRACK', 'a', 1, { b: 2, a: 1 })],
      },
      '0 added, 0 removed, 0 changed, 1 unchanged\n',
    ],
    [
      'a new version is an addition',
      { before: [rule('TRACK', 'a', 1)], after: [rule('TRACK', 'a', 1), rule('TRACK', 'a', 2)] },
      '  + TRACK "a" v2\n1 added, 0 removed, 0 changed, 1 unchanged\n',
    ],
    [
      'null key and "" differ',
      { before: [rule('PAGE', null, 1)], after: [rule('PAGE', '', 1)] },
      '  + PAGE "" v1\n  - PAGE v1\n1 added, 1 removed, 0 changed, 0 unchanged\n',
    ],
    [
      'a changed schema',
      {
        before: [rule('IDENTIFY', null, 1, { type: 'object' })],
        after: [rule('IDENTIFY', null, 1, { type: 'string' })],
      },
      '  ~ IDENTIFY v1\n0 added, 0 removed, 1 changed, 0 unchanged\n',
    ],
  ])('%s', (_n, given, want) => {
    expect(formatDiff(diffRules(given.before, given.after))).toBe(want);
  });
});
