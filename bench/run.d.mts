/** Types of the benchmark harness's entry module, for the smoke test (the harness is plain ESM). */

/** Median, min, max and count of a list of numbers. */
export interface Stats {
  median: number | undefined;
  min: number | undefined;
  max: number | undefined;
  n: number;
}

/** Options of {@link runBench}; see `benchOptions` for the defaults. */
export interface BenchOptions {
  smoke: boolean;
  peers: boolean;
  sizes: number[];
  runs: number;
  budgetMs: number;
  work: string;
  out: string;
  log: (line: string) => void;
  [option: string]: unknown;
}

/** Resolves the harness options from command-line flags (`--smoke`, `--peers`, `--sizes`, …). */
export function benchOptions(argv?: string[], log?: (line: string) => void): BenchOptions;

/** Runs every measure and writes the Markdown report to `options.out`. */
export function runBench(
  options: BenchOptions,
): Promise<{ results: Record<string, unknown>; text: string }>;

/** Median, min and max (non-finite values ignored). */
export function stats(values: number[]): Stats;

/** A Markdown table. */
export function table(header: string[], rows: string[][]): string;
