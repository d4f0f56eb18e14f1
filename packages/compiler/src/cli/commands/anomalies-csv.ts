/**
 * The series CSV of `platen anomalies score`: header `timestamp,value`, one point per line, timestamps
 * `YYYY-MM-DD HH:MM:SS` (UTC) or ISO 8601, strictly increasing. Pure: text in, rows or problems out.
 */

/** One parsed row: its line number, its text as read, and the point. */
export interface SeriesRow {
  line: number;
  text: string;
  t: number;
  value: number;
}

/** A series, or every problem found (each naming its line). */
export type ParsedSeries =
  | { ok: true; rows: SeriesRow[]; header: string; intervalMs: number }
  | { ok: false; problems: string[] };

/** At most this many problems are listed; the rest are counted. */
const MAX_PROBLEMS = 20;

const SPACE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch, or undefined. A timestamp without a zone is read as UTC. */
export function parseTimestamp(text: string): number | undefined {
  const local = SPACE_TIME.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s, frac] = local;
    const t = Date.UTC(
      +y!,
      +mo! - 1,
      +d!,
      +h!,
      +mi!,
      s ? +s : 0,
      frac ? Math.round(+frac * 1000) : 0,
    );
    // Date.UTC rolls 2026-02-30 over to March: a date that does not round-trip is not a date.
    const back = new Date(t);
    if (back.getUTCMonth() !== +mo! - 1 || back.getUTCDate() !== +d! || +h! > 23 || +mi! > 59)
      return undefined;
    if (s && +s > 59) return undefined;
    return t;
  }
  if (!ISO.test(text)) return undefined;
  const t = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isFinite(t) ? t : undefined;
}

function unquote(cell: string): string {
  const c = cell.trim();
  return c.length >= 2 && c.startsWith('"') && c.endsWith('"') ? c.slice(1, -1).trim() : c;
}

/** Median of the positive gaps between timestamps (the inferred interval); 1 hour for a single row. */
function medianGap(rows: SeriesRow[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < rows.length; i++) gaps.push(rows[i]!.t - rows[i - 1]!.t);
  if (gaps.length === 0) return 3_600_000;
  gaps.sort((a, b) => a - b);
  return gaps[(gaps.length - 1) >> 1]!;
}

/** Parses the CSV text; `file` names it in messages. */
export function parseSeriesCsv(text: string, file: string): ParsedSeries {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const problems: string[] = [];
  let more = 0;
  const problem = (line: number, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(`${file}:${line}: ${message}`);
    else more++;
  };
  const header = lines[0];
  const names = header?.split(',').map((c) => unquote(c).toLowerCase());
  if (!names || names.length !== 2 || names[0] !== 'timestamp' || names[1] !== 'value')
    return {
      ok: false,
      problems: [
        `${file}:1: the header must be "timestamp,value", got ${JSON.stringify(header ?? '')}`,
      ],
    };
  const rows: SeriesRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i]!;
    if (raw.trim() === '') {
      problem(line, 'empty line');
      continue;
    }
    const cells = raw.split(',');
    if (cells.length !== 2) {
      problem(line, `expected 2 cells (timestamp,value), got ${cells.length}`);
      continue;
    }
    const stamp = unquote(cells[0]!);
    const cell = unquote(cells[1]!);
    const t = parseTimestamp(stamp);
    if (t === undefined) {
      problem(
        line,
        `timestamp ${JSON.stringify(stamp)} is not "YYYY-MM-DD HH:MM:SS" or ISO 8601 (e.g. 2026-01-05T10:00:00Z)`,
      );
      continue;
    }
    const value = cell === '' ? NaN : Number(cell);
    if (!Number.isFinite(value)) {
      problem(line, `value ${JSON.stringify(cell)} is not a finite number`);
      continue;
    }
    const prev = rows[rows.length - 1];
    if (prev && t <= prev.t) {
      problem(
        line,
        `timestamp ${stamp} is not after the one on line ${prev.line}; rows must be in increasing time order, one per timestamp`,
      );
      continue;
    }
    rows.push({ line, text: raw, t, value });
  }
  if (rows.length === 0 && problems.length === 0) problem(2, 'no rows after the header');
  if (more > 0) problems.push(`… and ${more} more problem(s)`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rows, header: header!, intervalMs: medianGap(rows) };
}
