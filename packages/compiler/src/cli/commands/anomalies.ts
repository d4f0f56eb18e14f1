/**
 * `platen anomalies <action>`: anomaly detection on event volumes and violations (docs/decisions.md#anomaly-detector).
 * One handler per action, each in its own file (`anomalies-<action>.ts`), registered in
 * {@link ANOMALY_ACTIONS}; this file only declares the flags and dispatches.
 */
import type { CliCommand } from './types.js';
import { UsageError } from '../io.js';
import type { AnomalyAction } from './anomalies-action.js';
import { scoreAction } from './anomalies-score.js';
import { runAction, sqlAction } from './anomalies-warehouse.js';
import { listAction, listOptions } from './anomalies-list.js';

/** Every action, by name. A new action is one file and one line here. */
export const ANOMALY_ACTIONS: Record<string, AnomalyAction> = {
  score: scoreAction,
  sql: sqlAction,
  run: runAction,
  list: listAction,
};

/** `platen anomalies`. */
export const anomaliesCommand: CliCommand = {
  command: 'anomalies <action>',
  describe:
    'Anomaly detection: score a CSV series (score), list incidents (list), warehouse SQL and scoring (sql, run)',
  builder: (y) =>
    listOptions(y)
      .positional('action', {
        choices: Object.keys(ANOMALY_ACTIONS),
        describe: Object.entries(ANOMALY_ACTIONS)
          .map(([name, action]) => `${name}: ${action.describe}`)
          .join('; '),
      })
      .option('input', { type: 'string', describe: 'score: CSV with the header timestamp,value' })
      .option('output', {
        type: 'string',
        describe: 'score: CSV to write (rows + anomaly_score, alert)',
      })
      .option('dialect', {
        type: 'string',
        describe: 'sql: postgres | duckdb | bigquery | snowflake',
      })
      .option('schema', {
        type: 'string',
        array: true,
        describe: 'sql, run: a source schema (BigQuery: dataset); repeat or comma-separate',
      })
      .option('violations', {
        type: 'string',
        array: true,
        describe: "sql: a schema holding Protocols' violation_generated",
      })
      .option('tables', {
        type: 'string',
        describe:
          'sql: the call tables each schema has (default: all of tracks,identifies,pages,screens,groups,aliases)',
      })
      .option('interval', { type: 'string', describe: 'sql, run: 5m, 1h (default), 1d' })
      .option('since', {
        type: 'string',
        describe: 'sql, run: only rows received at or after (ISO 8601)',
      })
      .option('until', {
        type: 'string',
        describe: 'sql, run: only rows received before (ISO 8601)',
      })
      .option('project', { type: 'string', describe: 'sql: the BigQuery project of the datasets' })
      .option('source', {
        type: 'string',
        describe: 'run: postgres://user@host/db or a DuckDB database file',
      })
      .option('json', { type: 'boolean', describe: 'run: print the scored series as JSON' })
      .option('sensitivity', {
        type: 'number',
        describe: 'score: 0..1, higher alerts on smaller deviations (default 0.5)',
      })
      .example(
        '$0 anomalies score --input series.csv --output scored.csv',
        'add anomaly_score and alert columns to a series',
      ),
  run: async (args, io) => {
    const action = ANOMALY_ACTIONS[String(args.action)];
    if (!action) throw new UsageError(`unknown anomalies action ${String(args.action)}`);
    return action.run(args, io);
  },
};
