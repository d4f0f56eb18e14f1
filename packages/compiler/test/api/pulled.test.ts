/** The `pulled` record pull writes and push checks and moves on (issue 13, no silent overwrite). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { remoteChangedSince, rulesSha256, pulledState } from '../../src/api/pulled.js';
import { pulledSpan, updatePulledRecord } from '../../src/cli/commands/pulled-record.js';
import { canonicalPlanText } from '../../src/api/plan-file.js';
import { planHash } from '../../src/ir/hash.js';
import { checkPlan } from '../../src/check.js';
import type { Plan, Rule } from '../../src/plan/types.js';

const rule = (key: string, type = 'string'): Rule => ({
  type: 'TRACK',
  key,
  version: 1,
  jsonSchema: { properties: { properties: { type: 'object', properties: { a: { type } } } } },
});

describe('rulesSha256', () => {
  it('ignores rule order, key order and timestamps, and sees any schema change', () => {
    const a = rule('A');
    const b = rule('B');
    const base = rulesSha256([a, b]);
    expect(rulesSha256([b, { ...a, updatedAt: '2026-01-01T00:00:00Z' }])).toBe(base);
    const reordered: Rule = {
      ...a,
      jsonSchema: JSON.parse(
        '{"properties":{"properties":{"properties":{"a":{"type":"string"}},"type":"object"}}}',
      ),
    };
    expect(rulesSha256([reordered, b])).toBe(base);
    expect(rulesSha256([rule('A', 'number'), b])).not.toBe(base);
    expect(rulesSha256([a])).not.toBe(base);
  });

  it('remoteChangedSince: undefined without a record, else whether the rules differ', () => {
    const pulled = pulledState([rule('A')], 3);
    expect(remoteChangedSince(undefined, [rule('A')])).toBeUndefined();
    expect(remoteChangedSince(pulled, [rule('A')])).toBe(false);
    expect(remoteChangedSince(pulled, [rule('A'), rule('B')])).toBe(true);
  });
});

describe('the record in the plan file', () => {
  const plan: Plan = { id: 'tp_1', name: 'P', type: 'LIVE', rules: [rule('A')] };

  it('does not change the plan hash, so a push leaves generated output alone', () => {
    const pulled = pulledState(plan.rules, 1);
    expect(planHash({ ...plan, pulled })).toBe(planHash(plan));
    expect(planHash({ ...plan, name: 'Q', pulled })).not.toBe(planHash(plan));
  });

  it('is rewritten in place: a canonical file stays canonical, a hand-formatted one keeps its bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'platen-pulled-'));
    const canonical = join(dir, 'canonical.json');
    writeFileSync(canonical, canonicalPlanText({ ...plan, pulled: pulledState(plan.rules, 1) }));
    expect(await updatePulledRecord(canonical, pulledState(plan.rules, 2))).toBe(true);
    expect(readFileSync(canonical, 'utf8')).toBe(
      canonicalPlanText({ ...plan, pulled: pulledState(plan.rules, 2) }),
    );

    const hand = join(dir, 'hand.json');
    const text = `{"rules": [ {"type":"TRACK","key":"A","version":1,"jsonSchema":{}} ],\n "pulled" : {"rulesSha256":"${'0'.repeat(64)}"},   "id":"tp_1", "name": "P", "type":"LIVE"}\n`;
    writeFileSync(hand, text);
    const next = pulledState(plan.rules, 9);
    expect(await updatePulledRecord(hand, next)).toBe(true);
    const span = pulledSpan(text)!;
    expect(readFileSync(hand, 'utf8')).toBe(
      text.slice(0, span.start) + JSON.stringify(next) + text.slice(span.end),
    );

    const none = join(dir, 'none.json');
    writeFileSync(none, JSON.stringify(plan));
    expect(await updatePulledRecord(none, next)).toBe(false);
    expect(readFileSync(none, 'utf8')).toBe(JSON.stringify(plan));
    // A member named "pulled" deeper in the file is not the record.
    expect(pulledSpan('{"rules":[{"pulled":1}]}')).toBeUndefined();
    expect(pulledSpan('not json')).toBeUndefined();
  });

  it('a malformed record is a check error at its pointer, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'platen-pulled-'));
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify({ ...plan, pulled: { revision: -1, rulesSha256: 'x' } }));
    const checked = await checkPlan(file);
    const error = checked.diagnostics.find((d) => d.code === 'invalid-plan');
    expect(error?.message).toContain('"pulled"');
    expect(error?.pointer).toBe('/pulled');
  });
});
