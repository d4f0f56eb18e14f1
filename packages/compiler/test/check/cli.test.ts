/** `platen check` end to end (in-process): exit codes, human and JSON output, the messy and format fixtures. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlan } from '../../src/check.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { FIXTURES, runCapture } from '../support/capture.js';

interface Report {
  ok: boolean;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

async function checkJson(argv: string[], cwd = FIXTURES) {
  const r = await runCapture(['check', ...argv, '--json'], cwd);
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as Report };
}

describe('platen check exit codes', () => {
  const cases: [string, { given: string[]; want: number }][] = [
    ['bundled example', { given: ['--plan', 'example/plan.json'], want: 0 }],
    ['plan with no rules', { given: ['--plan', 'messy/no-rules/plan.json'], want: 0 }],
    ['missing file', { given: ['--plan', 'does/not/exist.json'], want: 1 }],
    [
      'forced format that does not fit',
      { given: ['--plan', 'example/plan.json', '--format', 'config-api'], want: 1 },
    ],
    [
      'forced format that fits',
      { given: ['--plan', 'formats/rich/config-api.json', '--format', 'config-api'], want: 0 },
    ],
    [
      'unknown --format value',
      { given: ['--plan', 'example/plan.json', '--format', 'segment'], want: 2 },
    ],
  ];
  it.each(cases)('%s → %s', async (_n, { given, want }) => {
    const r = await runCapture(['check', ...given], FIXTURES);
    expect(r.code).toBe(want);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the allowed formats on a bad --format', async () => {
    const r = await runCapture(['check', '--plan', 'x.json', '--format', 'segment'], FIXTURES);
    expect(r.stderr).toMatch(/public-api/);
  });
});

describe('every format fixture passes', () => {
  const files = ['public-api.json', 'public-api.yaml', 'envelope.json', 'config-api.json'];
  const plans = [
    ...files.map((f) => `formats/track-only/${f}`),
    'formats/track-only/typewriter.json',
    'formats/track-only/shop',
    ...files.map((f) => `formats/rich/${f}`),
  ];
  it.each(plans)('%s', async (plan) => {
    const { code, report } = await checkJson(['--plan', plan]);
    expect(report.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('fixtures/messy', () => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'messy', 'expected.json'), 'utf8')) as {
    exitCode: number;
    warnings: { code: string; pointer: string }[];
  };

  it('passes with the expected warnings and no errors', async () => {
    const { code, report } = await checkJson(['--plan', 'messy/plan.json']);
    expect(report.errors).toBe(0);
    expect(code).toBe(expected.exitCode);
    const warnings = report.diagnostics.filter((d) => d.severity === 'warning');
    for (const w of expected.warnings)
      expect(warnings.some((d) => d.code === w.code && d.pointer?.startsWith(w.pointer))).toBe(
        true,
      );
    expect(warnings.every((d) => d.file === 'messy/plan.json' && d.rule && d.line)).toBe(true);
  });

  it('checkPlan returns the plan and its IR with every version and every rule type', async () => {
    const r = await checkPlan('messy/plan.json', { cwd: FIXTURES });
    const ids = (rules: { type: string; key: string | null; version: number }[] = []) =>
      rules.map((x) => `${x.type}:${x.key}:${x.version}`);
    const want = [
      'TRACK:Order Completed:1',
      'TRACK:Order Completed:2',
      'TRACK:Order Completed:3',
      'TRACK:Checkout: Started\n:1',
      'IDENTIFY:null:1',
      'PAGE:Home:1',
      'SCREEN:null:1',
    ];
    expect(r.loaded?.plan.rules).toHaveLength(10);
    expect(ids(r.loaded?.plan.rules)).toEqual(expect.arrayContaining(want));
    expect(ids(r.ir?.rules)).toEqual(expect.arrayContaining(want));
  });

  it('checkPlan skips the IR stage when the plan itself has errors', async () => {
    const r = await checkPlan('broken/type-number/plan.json', { cwd: FIXTURES });
    expect(r.loaded).toBeDefined();
    expect(r.ir).toBeUndefined();
  });
});

describe('output', () => {
  const versionZero = 'broken/version-zero';

  it('human form: file:line:col: severity[code]: message, then rule, pointer and a summary', async () => {
    const r = await runCapture(['check', '--plan', 'plan.json'], join(FIXTURES, versionZero));
    expect(r.stdout).toBe(
      'plan.json:1:69: error[invalid-version]: Rule version 0 must be an integer of at least 1.\n' +
        '  rule: TRACK "A" v0\n' +
        '  pointer: /rules/0/version\n' +
        '\n1 error, 0 warnings\n',
    );
  });

  it('--json prints exactly one document with ok, errors, warnings, diagnostics', async () => {
    const r = await runCapture(
      ['check', '--plan', 'plan.json', '--json'],
      join(FIXTURES, versionZero),
    );
    const report = JSON.parse(r.stdout) as Report;
    expect(report).toMatchObject({ ok: false, errors: 1, warnings: 0 });
    expect(report.diagnostics).toEqual([
      {
        code: 'invalid-version',
        severity: 'error',
        message: 'Rule version 0 must be an integer of at least 1.',
        file: 'plan.json',
        rule: { type: 'TRACK', key: 'A', version: 0 },
        pointer: '/rules/0/version',
        line: 1,
        column: 69,
      },
    ]);
  });

  it('sorts diagnostics by file, then line', async () => {
    const { report } = await checkJson(
      ['--plan', 'plan'],
      join(FIXTURES, 'broken', 'dir-broken-schema'),
    );
    const places = report.diagnostics.map((d) => `${d.file}:${d.line}`);
    expect(places).toEqual([...places].sort());
    const again = await checkJson(
      ['--plan', 'plan'],
      join(FIXTURES, 'broken', 'dir-broken-schema'),
    );
    expect(again.report).toEqual(report);
  });
});
