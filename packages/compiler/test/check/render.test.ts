/** Rendering diagnostics for people and machines. */
import { describe, expect, it } from 'vitest';
import { renderDiagnostic, renderHuman, renderJson } from '../../src/diagnostics/render.js';
import type { Diagnostic } from '../../src/diagnostics/types.js';

const base: Diagnostic = { code: 'invalid-key', severity: 'error', message: 'Bad key.' };

describe('renderDiagnostic', () => {
  const cases: [string, { given: Diagnostic; want: string }][] = [
    ['no place at all', { given: base, want: 'error[invalid-key]: Bad key.\n' }],
    [
      'file only',
      { given: { ...base, file: 'p.json' }, want: 'p.json: error[invalid-key]: Bad key.\n' },
    ],
    [
      'file, line, column, rule and pointer',
      {
        given: {
          ...base,
          file: 'p.json',
          line: 3,
          column: 7,
          rule: { type: 'TRACK', key: 'A', version: 2 },
          pointer: '/rules/1/key',
        },
        want: 'p.json:3:7: error[invalid-key]: Bad key.\n  rule: TRACK "A" v2\n  pointer: /rules/1/key\n',
      },
    ],
    [
      'a key with a newline and quotes stays visible',
      {
        given: {
          ...base,
          severity: 'warning',
          rule: { type: 'TRACK', key: 'Say "hi"\n', version: 1 },
        },
        want: 'warning[invalid-key]: Bad key.\n  rule: TRACK "Say \\"hi\\"\\n" v1\n',
      },
    ],
    [
      'a keyless rule and the document root',
      {
        given: {
          ...base,
          severity: 'info',
          rule: { type: 'IDENTIFY', key: null, version: 1 },
          pointer: '',
        },
        want: 'info[invalid-key]: Bad key.\n  rule: IDENTIFY v1\n  pointer: (document root)\n',
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    expect(renderDiagnostic(given)).toBe(want);
  });
});

describe('summaries', () => {
  const cases: [string, { given: Diagnostic[]; want: string }][] = [
    ['nothing', { given: [], want: '0 errors, 0 warnings\n' }],
    [
      'one of each',
      {
        given: [base, { ...base, severity: 'warning' }, { ...base, severity: 'info' }],
        want: '1 error, 1 warning\n',
      },
    ],
    [
      'plurals',
      {
        given: [base, base, { ...base, severity: 'warning' }, { ...base, severity: 'warning' }],
        want: '2 errors, 2 warnings\n',
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    expect(renderHuman(given).endsWith(want)).toBe(true);
    const json = JSON.parse(renderJson(given)) as {
      ok: boolean;
      errors: number;
      diagnostics: unknown[];
    };
    expect(json.ok).toBe(!given.some((d) => d.severity === 'error'));
    expect(json.diagnostics).toEqual(given);
  });
});
