/** Unit tables for plan loading: syntax, detection, forced formats, BOM/CRLF, I/O failures. */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlan, parsePlanText, validatePlan } from '../../src/plan/index.js';
import type { PlanFormat } from '../../src/plan/types.js';

const publicApi = JSON.stringify({
  id: 'tp_1',
  name: 'P',
  type: 'LIVE',
  rules: [{ type: 'TRACK', key: 'A', version: 1, jsonSchema: { type: 'object' } }],
});
const configApi = JSON.stringify({ display_name: 'C', rules: { events: [] } });
const typewriter = JSON.stringify({
  id: 'tp_1',
  rules: [
    {
      type: 'TRACK',
      key: 'A',
      version: 1,
      jsonSchema: { eventMetadata: { name: 'A', type: 'TRACK' } },
    },
  ],
});

describe('format detection', () => {
  const cases: [string, { given: string; want: PlanFormat | string }][] = [
    ['Public API plan', { given: publicApi, want: 'public-api' }],
    [
      '{ data } envelope',
      { given: JSON.stringify({ data: JSON.parse(publicApi) }), want: 'public-api' },
    ],
    ['plan resource without rules', { given: '{"id":"tp_1","type":"LIVE"}', want: 'public-api' }],
    ['Config API plan', { given: configApi, want: 'config-api' }],
    ['Typewriter plan.json', { given: typewriter, want: 'typewriter' }],
    ['unrelated object', { given: '{"hello":"world"}', want: 'unknown-format' }],
    ['top-level array', { given: '[]', want: 'invalid-plan' }],
    ['top-level string', { given: '"plan"', want: 'invalid-plan' }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    const { loaded, diagnostics } = parsePlanText(given, 'plan.json');
    expect(loaded?.format ?? diagnostics[0]?.code).toBe(want);
  });
});

describe('forced formats', () => {
  const cases: [string, { given: string; format: PlanFormat; want: string }][] = [
    [
      'public-api on a Public API plan',
      { given: publicApi, format: 'public-api', want: 'public-api' },
    ],
    [
      'public-api on a Typewriter plan reads it raw',
      { given: typewriter, format: 'public-api', want: 'public-api' },
    ],
    [
      'config-api on a Public API plan',
      { given: publicApi, format: 'config-api', want: 'format-mismatch' },
    ],
    [
      'typewriter on a Public API plan',
      { given: publicApi, format: 'typewriter', want: 'format-mismatch' },
    ],
    [
      'public-api on a Config API plan',
      { given: configApi, format: 'public-api', want: 'format-mismatch' },
    ],
    [
      'json-schema-dir on text',
      { given: publicApi, format: 'json-schema-dir', want: 'format-mismatch' },
    ],
  ];
  it.each(cases)('%s', (_n, { given, format, want }) => {
    const { loaded, diagnostics } = parsePlanText(given, 'plan.json', format);
    expect(loaded?.format ?? diagnostics[0]?.code).toBe(want);
  });
});

describe('syntax', () => {
  const yaml =
    'id: tp_1\nrules:\n  - type: TRACK\n    key: "A "\n    version: 1\n    jsonSchema: {}\n';
  const cases: [string, { given: string; file: string; want: unknown }][] = [
    ['YAML by extension', { given: yaml, file: 'p.yaml', want: 'A ' }],
    ['YAML sniffed without extension', { given: yaml, file: 'plan', want: 'A ' }],
    ['JSON with a BOM', { given: '\uFEFF' + publicApi, file: 'p.json', want: 'A' }],
    [
      'YAML with a BOM and CRLF',
      { given: '\uFEFF' + yaml.replace(/\n/g, '\r\n'), file: 'p.yml', want: 'A ' },
    ],
    [
      'JSON with CRLF',
      {
        given: JSON.stringify(JSON.parse(publicApi), null, 2).replace(/\n/g, '\r\n'),
        file: 'p.json',
        want: 'A',
      },
    ],
  ];
  it.each(cases)('%s', (_n, { given, file, want }) => {
    const { loaded, diagnostics } = parsePlanText(given, file);
    expect(diagnostics).toEqual([]);
    expect(loaded?.plan.rules[0]?.key).toBe(want);
  });

  const errors: [string, { given: string; file: string; want: object }][] = [
    [
      'trailing comma',
      {
        given: '{\n  "id": "x",\n}',
        file: 'p.json',
        want: { code: 'invalid-json', line: 3, column: 1 },
      },
    ],
    [
      'unterminated string, after a BOM',
      {
        given: '\uFEFF{"id": "x',
        file: 'p.json',
        want: { code: 'invalid-json', line: 1, column: 10 },
      },
    ],
    [
      'CRLF line numbers',
      {
        given: '{\r\n"a": 1,\r\n"b": tru\r\n}',
        file: 'p.json',
        want: { code: 'invalid-json', line: 3, column: 6 },
      },
    ],
    [
      'empty JSON file',
      { given: '', file: 'p.json', want: { code: 'invalid-json', line: 1, column: 1 } },
    ],
    [
      'YAML bad indentation',
      {
        given: 'id: x\nrules:\n  - type: TRACK\n   key: A\n',
        file: 'p.yaml',
        want: { code: 'invalid-yaml', line: 4 },
      },
    ],
  ];
  it.each(errors)('%s is a placed diagnostic', (_n, { given, file, want }) => {
    const { loaded, diagnostics } = parsePlanText(given, file);
    expect(loaded).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ ...want, file, severity: 'error' });
  });
});

describe('names are data', () => {
  const keys = [
    'Order Completed\n',
    ' padded ',
    '',
    'say "hi"',
    'a/b~c',
    'Checkout: Started',
    'A ## B',
  ];
  it.each(keys.map((k) => [JSON.stringify(k), k]))('key %s is kept byte for byte', (_n, key) => {
    const text = JSON.stringify({
      id: 'x',
      rules: [{ type: 'TRACK', key, version: 1, jsonSchema: {} }],
    });
    expect(parsePlanText(text, 'p.json').loaded?.plan.rules[0]?.key).toBe(key);
  });
});

describe('loadPlan I/O', () => {
  const dir = mkdtempSync(join(tmpdir(), 'platen-load-'));
  writeFileSync(join(dir, 'plan.json'), publicApi);

  it('a missing file is a file-not-found diagnostic, reported with the path as given', async () => {
    const r = await loadPlan('nope/plan.json', { cwd: dir });
    expect(r.loaded).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'file-not-found', file: 'nope/plan.json' }),
    ]);
  });

  it('resolves relative paths against cwd and keeps them relative in diagnostics', async () => {
    const r = await loadPlan('plan.json', { cwd: dir });
    expect(r.loaded?.file).toBe('plan.json');
    expect(r.loaded?.ruleSources[0]).toMatchObject({
      file: 'plan.json',
      pointer: '/rules/0/jsonSchema',
    });
  });

  it('an empty path is file-not-found, not the working directory', async () => {
    const r = await loadPlan('', { cwd: dir });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['file-not-found']);
  });

  it('a schema folder skips dotfiles and other extensions', async () => {
    mkdirSync(join(dir, 'schemas'));
    writeFileSync(join(dir, 'schemas', '.settings.json'), '{ not json');
    writeFileSync(join(dir, 'schemas', 'README.md'), '# notes');
    writeFileSync(join(dir, 'schemas', 'b.yml'), 'type: object\n');
    writeFileSync(join(dir, 'schemas', 'a.JSON'), '{"title": "A"}');
    const r = await loadPlan('schemas', { cwd: dir });
    expect(r.diagnostics).toEqual([]);
    expect(r.loaded?.plan.rules.map((x) => x.key)).toEqual(['A', 'b']);
  });

  it('an empty folder of schemas is an empty plan (info only), named after the folder', async () => {
    mkdirSync(join(dir, 'no-schemas'));
    const r = await loadPlan('no-schemas', { cwd: dir });
    expect(r.loaded?.plan).toEqual({
      id: 'no-schemas',
      name: 'no-schemas',
      type: 'LIVE',
      rules: [],
    });
    expect(validatePlan(r.loaded!)).toEqual([
      expect.objectContaining({ code: 'empty-plan', severity: 'info', file: 'no-schemas' }),
    ]);
  });

  it.each([
    ['a folder forced as public-api', '.', 'public-api'],
    ['a file forced as json-schema-dir', 'plan.json', 'json-schema-dir'],
  ] as const)('%s is a format-mismatch', async (_n, path, format) => {
    const r = await loadPlan(path, { cwd: dir, format });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['format-mismatch']);
  });
});
