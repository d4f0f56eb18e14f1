/**
 * `platen anomalies score --input series.csv --output scored.csv [--sensitivity 0.5]`: scores a series
 * offline with the monitoring service's detector, online (each row from that row and earlier ones), and
 * writes the same rows with `anomaly_score` (0..1) and `alert` (0/1) added.
 *
 * The interval is the median gap between timestamps. A missing interval is a gap: nothing is scored or
 * learned for it, and the next row is placed by its own timestamp (seasonal slots come from the clock,
 * not from the row count); an interval with no events must be written as a 0 row to count as quiet.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import type { AnomalyAction } from './anomalies-action.js';
import { parseSeriesCsv } from './anomalies-csv.js';
import { loadAnomaly } from './anomalies-load.js';
import { writeFileAtomic } from './plans-client.js';

/** Scores and writes; bad rows are all reported (exit 1) before anything is written. */
async function score(args: Record<string, unknown>, io: CliIo): Promise<number> {
  if (typeof args.input !== 'string' || args.input === '')
    throw new UsageError(
      'anomalies score needs --input FILE (a CSV with the header timestamp,value)',
    );
  if (typeof args.output !== 'string' || args.output === '')
    throw new UsageError('anomalies score needs --output FILE');
  const sensitivity = args.sensitivity === undefined ? 0.5 : Number(args.sensitivity);
  if (!(sensitivity >= 0 && sensitivity <= 1))
    throw new UsageError('--sensitivity must be a number from 0 to 1');
  const input = resolve(io.cwd, args.input);
  const output = resolve(io.cwd, args.output);
  if (input === output)
    throw new UsageError('--output must not be the --input file (it would replace your data)');
  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliFailure(
      code === 'ENOENT'
        ? `cannot read ${args.input}: no such file`
        : `cannot read ${args.input}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const parsed = parseSeriesCsv(text, args.input);
  if (!parsed.ok) {
    io.stderr(parsed.problems.join('\n') + '\n');
    return EXIT.failure;
  }
  const { scoreSeries } = await loadAnomaly();
  const { rows, intervalMs } = parsed;
  const scored = scoreSeries(
    rows.map((r) => r.t),
    rows.map((r) => r.value),
    { intervalMs, sensitivity },
  );
  const lines = [`${parsed.header.trimEnd()},anomaly_score,alert`];
  let alerts = 0;
  for (let i = 0; i < rows.length; i++) {
    const alert = scored.alert[i]!;
    alerts += alert;
    lines.push(`${rows[i]!.text.trimEnd()},${scored.score[i]!.toFixed(6)},${alert}`);
  }
  try {
    await writeFileAtomic(output, lines.join('\n') + '\n');
  } catch (err) {
    throw new CliFailure(
      `cannot write ${args.output}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  io.stderr(
    `scored ${rows.length} rows (interval ${intervalMs / 1000} s): ${alerts} alerting → ${args.output}\n`,
  );
  return EXIT.ok;
}

/** The `score` action of `platen anomalies`. */
export const scoreAction: AnomalyAction = {
  describe: 'score a timestamp,value CSV offline',
  run: score,
};
