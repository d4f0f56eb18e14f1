/**
 * The same plan written in every format loads to an equal `Plan` (deep equality on `plan`), with the
 * format detected, no diagnostics, and provenance (file, pointer, hoisted) right for each rule.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadPlan, validatePlan } from '../../src/plan/index.js';
import type { LoadedPlan, PlanFormat } from '../../src/plan/types.js';
import { FIXTURES } from '../support/capture.js';

async function load(dir: string, file: string): Promise<LoadedPlan> {
  const { loaded, diagnostics } = await loadPlan(file, { cwd: join(FIXTURES, 'formats', dir) });
  expect(diagnostics).toEqual([]);
  expect(loaded).toBeDefined();
  expect(validatePlan(loaded!).filter((d) => d.severity !== 'info')).toEqual([]);
  return loaded!;
}

describe('track-only plan in every format', () => {
  const cases: [string, { given: string; want: PlanFormat }][] = [
    ['public-api YAML', { given: 'public-api.yaml', want: 'public-api' }],
    ['{ data } envelope', { given: 'envelope.json', want: 'public-api' }],
    ['config-api', { given: 'config-api.json', want: 'config-api' }],
    ['typewriter', { given: 'typewriter.json', want: 'typewriter' }],
    ['json-schema-dir', { given: 'shop', want: 'json-schema-dir' }],
  ];
  it.each(cases)('%s equals public-api JSON', async (_name, { given, want }) => {
    const reference = await load('track-only', 'public-api.json');
    const other = await load('track-only', given);
    expect(other.format).toBe(want);
    expect(other.plan).toEqual(reference.plan);
  });

  it('typewriter keeps the wire name from eventMetadata, not the #-stripped key', async () => {
    const tw = await load('track-only', 'typewriter.json');
    expect(tw.plan.rules.map((r) => r.key)).toContain('Signed Up #2 "Beta"');
    expect(tw.ruleSources[2]).toMatchObject({
      pointer: '/rules/2/jsonSchema',
      hoisted: true,
      fields: { key: '/rules/2/jsonSchema/eventMetadata/name' },
    });
  });

  it('json-schema-dir: one rule per schema file, sorted by file name, each with its own file', async () => {
    const dir = await load('track-only', 'shop');
    expect(dir.ruleSources.map((s) => s.file)).toEqual([
      join('shop', 'Checkout Started.json'),
      join('shop', 'order-completed.yaml'),
      join('shop', 'zz-signed-up.json'),
    ]);
    expect(dir.ruleSources.every((s) => s.hoisted && s.pointer === '')).toBe(true);
  });
});

describe('rich plan (COMMON, IDENTIFY, GROUP, two versions)', () => {
  const cases: [string, { given: string; want: PlanFormat }][] = [
    ['public-api YAML', { given: 'public-api.yaml', want: 'public-api' }],
    ['{ data: { trackingPlan, rules } } envelope', { given: 'envelope.json', want: 'public-api' }],
    ['config-api', { given: 'config-api.json', want: 'config-api' }],
  ];
  it.each(cases)('%s equals public-api JSON', async (_name, { given, want }) => {
    const reference = await load('rich', 'public-api.json');
    const other = await load('rich', given);
    expect(other.format).toBe(want);
    expect(other.plan).toEqual(reference.plan);
  });

  it('keeps every rule type and every version', async () => {
    const { plan } = await load('rich', 'public-api.json');
    expect(plan.rules.map((r) => `${r.type}:${r.key}:${r.version}`)).toEqual([
      'COMMON:null:1',
      'IDENTIFY:null:1',
      'GROUP:null:1',
      'TRACK:Report Exported:1',
      'TRACK:Report Exported:2',
    ]);
  });

  it('config-api rule sources point into the legacy layout', async () => {
    const loaded = await load('rich', 'config-api.json');
    expect(loaded.ruleSources.map((s) => s.pointer)).toEqual([
      '/rules/global',
      '/rules/identify',
      '/rules/group',
      '/rules/events/0/rules',
      '/rules/events/1/rules',
    ]);
  });
});
