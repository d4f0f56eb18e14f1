/** `platen anomalies score` in-process: CSV in, the same rows with anomaly_score and alert out. */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@platen/compiler';
import { scoreSeries } from '../../src/anomaly/index.js';
import { tempDir } from '../support/helpers.js';

type CliIo = Parameters<typeof runCli>[1];

let dir: string;
beforeAll(() => {
  dir = tempDir('anomalies-score');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: dir,
    env: { PATH: process.env.PATH },
    interactive: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);

/** `YYYY-MM-DD HH:MM:SS` in UTC. */
function stamp(t: number): string {
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

/** 30 days of hourly counts with a daily cycle, dropping to 0 for 3 hours on day 20. */
function series(): { times: number[]; values: number[] } {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < 30 * 24; i++) {
    times.push(T0 + i * HOUR);
    const v = Math.round(300 + 150 * Math.sin((2 * Math.PI * i) / 24) + ((i * 7919) % 23) - 11);
    values.push(i >= 480 && i < 483 ? 0 : v);
  }
  return { times, values };
}

describe('platen anomalies score', () => {
  it('writes the same rows with anomaly_score and alert, exactly as the detector scores them', async () => {
    const { times, values } = series();
    const rows = times.map((t, i) => `${stamp(t)},${values[i]}`);
    writeFileSync(join(dir, 'in.csv'), ['timestamp,value', ...rows].join('\n') + '\n');
    const r = await cli(['anomalies', 'score', '--input', 'in.csv', '--output', 'out.csv']);
    expect(r.stderr).toContain('interval 3600 s');
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, 'out.csv'), 'utf8').trimEnd().split('\n');
    expect(out[0]).toBe('timestamp,value,anomaly_score,alert');
    expect(out).toHaveLength(rows.length + 1);
    const expected = scoreSeries(times, values, { intervalMs: HOUR });
    out.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      expect(cells.slice(0, 2).join(',')).toBe(rows[i]);
      expect(Number(cells[2])).toBeCloseTo(expected.score[i]!, 6);
      expect(Number(cells[3])).toBe(expected.alert[i]);
    });
    expect(out[1 + 480]!.endsWith(',1')).toBe(true);
    // Deterministic: a second run writes the same bytes.
    await cli(['anomalies', 'score', '--input', 'in.csv', '--output', 'out2.csv']);
    expect(readFileSync(join(dir, 'out2.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'out.csv'), 'utf8'),
    );
  });

  it('reads ISO 8601 timestamps with zones, infers a 5-minute interval and leaves gaps unfilled', async () => {
    const lines = ['timestamp,value'];
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 600; i++) {
      if (i >= 200 && i < 230) continue; // a gap of 30 intervals: no rows, nothing scored
      const t = T0 + i * 300_000;
      times.push(t);
      values.push(20 + (i % 7));
      // Alternate zone spellings of the same instants.
      const iso = new Date(t).toISOString();
      lines.push(`${i % 2 ? iso : iso.replace('Z', '+00:00')},${20 + (i % 7)}`);
    }
    writeFileSync(join(dir, 'iso.csv'), lines.join('\r\n') + '\r\n');
    const r = await cli(['anomalies', 'score', '--input', 'iso.csv', '--output', 'iso-out.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('interval 300 s');
    const out = readFileSync(join(dir, 'iso-out.csv'), 'utf8').trimEnd().split('\n');
    expect(out).toHaveLength(lines.length);
    const expected = scoreSeries(times, values, { intervalMs: 300_000 });
    expect(out.slice(1).map((l) => Number(l.split(',')[3]))).toEqual(Array.from(expected.alert));
  });

  it('names every bad row by line, exits 1 and leaves the output file untouched', async () => {
    writeFileSync(join(dir, 'keep.csv'), 'precious\n');
    writeFileSync(
      join(dir, 'bad.csv'),
      [
        'timestamp,value',
        '2026-01-05 00:00:00,1',
        'yesterday,2',
        '2026-01-05 02:00:00,abc',
        '2026-01-05 03:00:00,',
        '2026-02-30 00:00:00,1',
        '2026-01-05 01:00:00,1,9',
        '2026-01-05 00:00:00,4',
      ].join('\n'),
    );
    const r = await cli(['anomalies', 'score', '--input', 'bad.csv', '--output', 'keep.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.csv:3: timestamp "yesterday"');
    expect(r.stderr).toContain('bad.csv:4: value "abc" is not a finite number');
    expect(r.stderr).toContain('bad.csv:5: value "" is not a finite number');
    expect(r.stderr).toContain('bad.csv:6: timestamp "2026-02-30 00:00:00"');
    expect(r.stderr).toContain('bad.csv:7: expected 2 cells');
    expect(r.stderr).toContain(
      'bad.csv:8: timestamp 2026-01-05 00:00:00 is not after the one on line 2',
    );
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    expect(readFileSync(join(dir, 'keep.csv'), 'utf8')).toBe('precious\n');
  });

  it('rejects a wrong header, an empty file and a missing file', async () => {
    writeFileSync(join(dir, 'header.csv'), 'time,count\n2026-01-05 00:00:00,1\n');
    const header = await cli(['anomalies', 'score', '--input', 'header.csv', '--output', 'h.csv']);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('header.csv:1: the header must be "timestamp,value"');
    writeFileSync(join(dir, 'empty.csv'), 'timestamp,value\n');
    const empty = await cli(['anomalies', 'score', '--input', 'empty.csv', '--output', 'e.csv']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no rows after the header');
    const missing = await cli(['anomalies', 'score', '--input', 'nope.csv', '--output', 'm.csv']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read nope.csv: no such file');
    for (const f of ['h.csv', 'e.csv', 'm.csv']) expect(existsSync(join(dir, f))).toBe(false);
  });

  it('reports usage errors with exit 2', async () => {
    writeFileSync(join(dir, 'ok.csv'), 'timestamp,value\n2026-01-05 00:00:00,1\n');
    const cases = [
      [['anomalies', 'score', '--output', 'x.csv'], '--input'],
      [['anomalies', 'score', '--input', 'ok.csv'], '--output'],
      [
        ['anomalies', 'score', '--input', 'ok.csv', '--output', 'ok.csv'],
        'must not be the --input',
      ],
      [
        ['anomalies', 'score', '--input', 'ok.csv', '--output', 'x.csv', '--sensitivity', '3'],
        '--sensitivity',
      ],
    ] as const;
    for (const [argv, text] of cases) {
      const r = await cli([...argv]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(text);
    }
    expect(readFileSync(join(dir, 'ok.csv'), 'utf8')).toBe(
      'timestamp,value\n2026-01-05 00:00:00,1\n',
    );
  });

  it('a higher sensitivity alerts at least as often', async () => {
    const { times, values } = series();
    writeFileSync(
      join(dir, 's.csv'),
      ['timestamp,value', ...times.map((t, i) => `${stamp(t)},${values[i]}`)].join('\n'),
    );
    const count = async (sensitivity: string) => {
      await cli([
        'anomalies',
        'score',
        '--input',
        's.csv',
        '--output',
        `s-${sensitivity}.csv`,
        '--sensitivity',
        sensitivity,
      ]);
      return readFileSync(join(dir, `s-${sensitivity}.csv`), 'utf8')
        .split('\n')
        .filter((l) => l.endsWith(',1')).length;
    };
    const low = await count('0.1');
    const high = await count('0.95');
    expect(high).toBeGreaterThan(low);
  });
});
