/**
 * Smoke run of the benchmark harness (bench/run.mjs) at N=50, so it cannot rot. No timing
 * assertions: the run must finish and produce well-formed result tables, with every budget row
 * carrying a verdict. Needs the compiled compiler (`pnpm test` builds first).
 */
import { rm } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchOptions, runBench, stats, table } from '../../../bench/run.mjs';

/** Splits a Markdown document into its tables: the heading above each, header cells and body rows. */
function tablesOf(markdown: string): { heading: string; header: string[]; rows: string[][] }[] {
  const cells = (line: string): string[] =>
    line
      .slice(1, -1)
      .split(' | ')
      .map((c) => c.trim());
  const out: { heading: string; header: string[]; rows: string[][] }[] = [];
  let heading = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    if (!line.startsWith('| ') || lines[i - 1]?.startsWith('|')) continue;
    const rows: string[][] = [];
    for (let j = i + 2; lines[j]?.startsWith('|'); j++) rows.push(cells(lines[j]!));
    out.push({ heading, header: cells(line), rows });
  }
  return out;
}

describe('bench helpers', () => {
  it.each([
    ['odd count', { given: [3, 1, 2], want: { median: 2, min: 1, max: 3, n: 3 } }],
    ['even count', { given: [4, 1, 3, 2], want: { median: 2.5, min: 1, max: 4, n: 4 } }],
    [
      'non-finite ignored',
      { given: [NaN, 5, Infinity], want: { median: 5, min: 5, max: 5, n: 1 } },
    ],
    ['empty', { given: [], want: { median: undefined, min: undefined, max: undefined, n: 0 } }],
  ] as const)('stats: %s', (_, { given, want }) => {
    expect(stats([...given])).toEqual(want);
  });

  it('table: a header, a separator and one line per row', () => {
    expect(table(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});

describe('bench smoke run (N=50)', () => {
  const options = benchOptions(['--smoke'], () => {});
  let text = '';
  let written = '';

  beforeAll(async () => {
    text = (await runBench(options)).text;
    written = await readFile(options.out, 'utf8');
  }, 600_000);

  afterAll(async () => {
    await rm(options.work, { recursive: true, force: true });
    await rm(options.out, { force: true });
  });

  it('writes the report it returns, with no holes', () => {
    expect(written).toBe(text);
    expect(text).not.toMatch(/NaN|undefined|\[object /);
    expect(text).toMatch(/^- Machine: \d+ × .+/m);
    expect(text).toMatch(/^- Node v\d+/m);
  });

  it.each([
    ['budget', { given: 'Budget (issue 5)', want: { columns: 4, rows: 11 } }],
    ['build', { given: '1. Build: whole CLI as a child process', want: { columns: 7, rows: 4 } }],
    ['stages', { given: 'Per stage', want: { columns: 13, rows: 2 } }],
    ['rebuild', { given: 'Rebuild', want: { columns: 7, rows: 1 } }],
    ['bundle', { given: '2. Bundle', want: { columns: 4, rows: 2 } }],
    ['per call', { given: '3. Per call', want: { columns: 6, rows: 4 } }],
    ['tsc', { given: '4. Types', want: { columns: 7, rows: 1 } }],
    ['status', { given: '5. Status', want: { columns: 8, rows: 1 } }],
  ] as const)('%s table is well formed', (_, { given, want }) => {
    const found = tablesOf(text).filter((t) => t.heading.startsWith(given));
    expect(found.length).toBeGreaterThan(0);
    const t = found[0]!;
    expect(t.header).toHaveLength(want.columns);
    expect(t.rows).toHaveLength(want.rows);
    for (const row of t.rows) expect(row).toHaveLength(want.columns);
  });

  it('gives every budget row a verdict', () => {
    const budget = tablesOf(text).find((t) => t.heading === 'Budget (issue 5)')!;
    for (const row of budget.rows)
      expect(row[3]).toMatch(/^(met( \(.+\))?|missed \(.+\)|not measured.*)$/);
  });

  it('measures real numbers: builds, bundles and calls are positive', () => {
    const build = tablesOf(text).find((t) => t.heading.startsWith('1. Build'))!;
    expect(build.rows.map((r) => `${r[0]} ${r[1]}`)).toEqual([
      'synthetic 50 dev',
      'synthetic 50 prod',
      'fixtures/example dev',
      'fixtures/example prod',
    ]);
    for (const row of build.rows) expect(Number.parseFloat(row[3]!)).toBeGreaterThan(0);
    const bundle = tablesOf(text).find((t) => t.heading.startsWith('2. Bundle'))!;
    for (const row of bundle.rows) expect(Number(row[3])).toBeGreaterThan(0);
    const calls = tablesOf(text).find((t) => t.heading.startsWith('3. Per call'))!;
    for (const row of calls.rows) expect(Number.parseFloat(row[2]!)).toBeGreaterThan(0);
  });
});
