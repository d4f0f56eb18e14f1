/**
 * `platen monitor report --db FILE [--since 24h] [--until TIME] [--json]`: volumes, violations and
 * unplanned events per source and event, biggest changes first.
 * `platen monitor export --db FILE --format csv|jsonl`: every violation in Segment's
 * `violation_generated` columns. Both read the registry's database (`@platen/registry`, loaded on demand).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from './types.js';
import { CliFailure, EXIT, UsageError, type CliIo } from '../io.js';
import { loadRegistry, openDb, type MonitorReportRow } from './registry.js';

const CLASSES = [
  'unplanned_event',
  'unplanned_property',
  'missing_required',
  'wrong_type',
  'other',
];

/** The human report: one line per row, fixed columns. */
function renderReport(rows: MonitorReportRow[], since: string): string {
  if (rows.length === 0) return `no events in the last ${since}\n`;
  const header = [
    'source',
    'type',
    'event',
    'v',
    'received',
    'change',
    'invalid',
    'unplanned props',
    ...CLASSES,
  ];
  const lines = rows.map((r) => [
    r.source,
    r.type,
    (r.planned ? '' : '(unplanned) ') + (r.event === '' ? '-' : JSON.stringify(r.event)),
    String(r.version),
    String(r.received),
    (r.change > 0 ? '+' : '') + String(r.change),
    String(r.invalid),
    String(r.unplanned_properties),
    ...CLASSES.map((c) => String(r.violations[c] ?? 0)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return (
    [`last ${since}, biggest changes first:`, row(header), ...lines.map(row)].join('\n') + '\n'
  );
}

async function run(args: Record<string, unknown>, io: CliIo): Promise<number> {
  const dbPath = resolve(io.cwd, String(args.db));
  // Reading never creates a database: a mistyped path is an error, not an empty report.
  if (!existsSync(dbPath)) throw new CliFailure(`no registry database at ${dbPath}`);
  const registry = await loadRegistry();
  if (args.action === 'report') {
    const since = String(args.since ?? '24h');
    const sinceMs = registry.parseDuration(since);
    if (sinceMs === undefined || sinceMs <= 0)
      throw new UsageError(
        `--since must be a duration such as 24h or 7d, got ${JSON.stringify(since)}`,
      );
    const until = args.until === undefined ? Date.now() : Date.parse(String(args.until));
    if (!Number.isFinite(until))
      throw new UsageError(`--until must be an ISO 8601 time, got ${JSON.stringify(args.until)}`);
    const db = openDb(registry, dbPath);
    try {
      const rows = registry.monitorReport(db, sinceMs, until);
      io.stdout(args.json ? JSON.stringify({ rows }, null, 2) + '\n' : renderReport(rows, since));
    } finally {
      db.close();
    }
    return EXIT.ok;
  }
  const format = String(args.format ?? 'csv');
  if (format !== 'csv' && format !== 'jsonl')
    throw new UsageError(`--format must be csv or jsonl, got ${JSON.stringify(format)}`);
  const db = openDb(registry, dbPath);
  try {
    const columns = registry.EXPORT_COLUMNS;
    if (format === 'csv') io.stdout(columns.join(',') + '\n');
    for (const row of registry.exportViolations(db)) {
      io.stdout(
        format === 'csv'
          ? columns.map((c) => registry.csvField(row[c] ?? '')).join(',') + '\n'
          : JSON.stringify(Object.fromEntries(columns.map((c) => [c, row[c] ?? '']))) + '\n',
      );
    }
  } finally {
    db.close();
  }
  return EXIT.ok;
}

/** `platen monitor`. */
export const monitorCommand: CliCommand = {
  command: 'monitor <action>',
  describe: 'Report on monitored events (report), or export their violations (export)',
  builder: (y) =>
    y
      .positional('action', { choices: ['report', 'export'], describe: 'report or export' })
      .option('db', { type: 'string', demandOption: true, describe: 'The registry database file' })
      .option('since', {
        type: 'string',
        default: '24h',
        describe: 'Report period, back from --until',
      })
      .option('until', {
        type: 'string',
        describe: 'End of the report period (ISO 8601; default now)',
      })
      .option('json', { type: 'boolean', describe: 'Report as JSON: { "rows": [...] }' })
      .option('format', {
        type: 'string',
        choices: ['csv', 'jsonl'],
        default: 'csv',
        describe: 'Export format',
      })
      .example('$0 monitor report --db plans.db --since 7d', 'the last week, biggest changes first')
      .example('$0 monitor export --db plans.db --format csv > violations.csv', 'every violation'),
  run: (args, io) => run(args, io),
};
