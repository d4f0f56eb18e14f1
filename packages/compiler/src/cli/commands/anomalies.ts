/**
 * `platen anomalies <action>`: anomaly detection on event volumes and violations (docs/decisions.md#anomaly-detector).
 * One handler per action, each in its own file (`anomalies-<action>.ts`), registered in
 * {@link ANOMALY_ACTIONS}; this file only declares the flags and dispatches.
 */
import type { CliCommand } from './types.js';
import { UsageError, type CliIo } from '../io.js';
import { scoreAction } from './anomalies-score.js';
import { listAction, listOptions } from './anomalies-list.js';

/** One `platen anomalies` action: its handler gets the parsed flags and the CLI's streams. */
export interface AnomalyAction {
  describe: string;
  run: (args: Record<string, unknown>, io: CliIo) => Promise<number>;
}

/** Every action, by name. A new action is one file and one line here. */
export const ANOMALY_ACTIONS: Record<string, AnomalyAction> = {
  score: scoreAction,
  list: listAction,
};

/** `platen anomalies`. */
export const anomaliesCommand: CliCommand = {
  command: 'anomalies <action>',
  describe: 'Anomaly detection on event volumes (anomalies score: score a CSV series offline)',
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
