/**
 * Public API of `@platen/compiler`: load and check a tracking plan, and build typed analytics
 * clients from it, without the CLI.
 *
 * @example
 * import { build, checkPlan } from '@platen/compiler';
 *
 * const checked = await checkPlan('plan.json');
 * if (checked.diagnostics.some((d) => d.severity === 'error')) process.exitCode = 1;
 *
 * // In memory: the files of the client, nothing written.
 * const { files, diagnostics, manifest } = await build('plan.json', { sdk: 'analytics-node' });
 *
 * // Written into src/analytics (atomically; never over a file a person wrote).
 * await build('plan.json', { out: 'src/analytics', write: true });
 */
export type * from './plan/types.js';
export type * from './ir/types.js';
export type * from './naming/types.js';
export type * from './diagnostics/types.js';
export type * from './compile-types.js';
export { loadPlan, type LoadPlanOptions, type LoadResult } from './plan/index.js';
export { checkPlan, type CheckResult } from './check.js';
export { build, type BuildOptions, type BuildResult } from './build.js';
export { renderHuman as formatDiagnostics } from './diagnostics/render.js';
export { OutputRefusal, type WriteResult } from './output/write.js';
export {
  diffPlans,
  diffIr,
  formatDiffText,
  formatDiffMarkdown,
  type DiffInput,
  type PlanDiff,
  type EventDiff,
  type Change,
  type ChangeClass,
} from './diff/index.js';
export { runCli } from './cli/run.js';
export type { CliIo } from './cli/io.js';
export { PLATEN_VERSION } from './version.js';
