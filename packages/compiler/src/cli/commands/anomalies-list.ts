/**
 * `platen anomalies list --db FILE [--json] [--monitor NAME]`: the incidents the registry's monitors
 * opened, newest first, each with its series, its anomalous intervals and what became of its alert and
 * resolved messages. `--json` prints `{ "incidents": [ … ] }` (the shape of `GET /v1/monitor/incidents`).
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { AnomalyAction } from './anomalies-action.js';
import { withRegistryDb } from './monitors.js';
import { EXIT, UsageError, type CliIo } from '../io.js';

interface IncidentListing {
  id: number;
  monitor: string;
  kind: string;
  status: string;
  opened_at: string;
  alerted_at: string | null;
  resolved_at: string | null;
  series: { source: string | null; event: string | null; direction: string }[];
  anomalies: number;
  peak_score: number;
  deliveries: { message: string; target: string; status: string; attempts: number }[];
}

/** The flags of `anomalies list`, added to the `anomalies` command's builder. */
export function listOptions(y: Argv): Argv {
  return y
    .option('db', { type: 'string', describe: 'list: registry database file' })
    .option('monitor', { type: 'string', describe: 'list: only this monitor' })
    .option('json', { type: 'boolean', default: false, describe: 'list: print JSON' });
}

/** `platen anomalies list`. */
export const listAction: AnomalyAction = {
  describe: 'the incidents monitors opened (--db FILE)',
  run: runAnomaliesList,
};

/** Runs `platen anomalies list`. */
async function runAnomaliesList(args: Record<string, unknown>, io: CliIo): Promise<number> {
  if (typeof args.db !== 'string')
    throw new UsageError('anomalies list needs --db FILE (the registry database)');
  const dbPath = resolve(io.cwd, args.db);
  const incidents = await withRegistryDb(dbPath, (registry, db) =>
    (registry.listIncidents as (db: unknown, q: object) => IncidentListing[])(
      db,
      typeof args.monitor === 'string' ? { monitor: args.monitor } : {},
    ),
  );
  if (args.json) {
    io.stdout(JSON.stringify({ incidents }, null, 2) + '\n');
    return EXIT.ok;
  }
  if (incidents.length === 0) io.stdout('no anomalies\n');
  for (const i of incidents) {
    const series = i.series
      .map(
        (s) =>
          `${s.event ?? 'all events'}${s.source === null ? '' : ` (${s.source})`} ${s.direction}`,
      )
      .join(', ');
    const sent = i.deliveries.map((d) => `${d.message}→${d.target}: ${d.status}`).join(', ');
    io.stdout(
      `#${i.id} ${i.status.padEnd(8)} ${i.monitor} [${i.kind}] ${i.opened_at} → ${i.resolved_at ?? 'now'}\n` +
        `    ${series}; ${i.anomalies} anomalous interval(s), peak score ${i.peak_score}` +
        (sent === '' ? '' : `\n    ${sent}`) +
        '\n',
    );
  }
  return EXIT.ok;
}
