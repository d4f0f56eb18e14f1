/** The shape of one `platen anomalies` action, apart from the command so actions need not import it. */
import type { CliIo } from '../io.js';

/** One `platen anomalies` action: its handler gets the parsed flags and the CLI's streams. */
export interface AnomalyAction {
  describe: string;
  run: (args: Record<string, unknown>, io: CliIo) => Promise<number>;
}
