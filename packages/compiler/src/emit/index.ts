/**
 * `emit/`: NamedIr → the generated client's files, through a registry of targets. Pure (no I/O).
 * Validators and `platen.manifest.json` are written by the build step, not here.
 */
import type { GeneratedFile } from '../compile-types.js';
import type { NamedIr } from '../naming/types.js';
import type { EmitOptions, Target } from './target.js';
import { checkNames } from './check-names.js';
import { typescriptSegmentBrowser } from './typescript/index.js';

/** Options every target receives, and the shape of a target. */
export type { EmitOptions, Target } from './target.js';
/** Line 1 of every generated file. */
export { GENERATED_BANNER } from './banner.js';
/** The one escaping helper for wire names and enum/const strings (for other emitters of code). */
export { stringLiteral } from './literals.js';

/** Every target, in lookup order. A new SDK or language adds one entry (and one folder). */
export const TARGETS: readonly Target[] = [typescriptSegmentBrowser];

/** The target for a language and SDK, or `undefined` when Platen cannot generate that combination yet. */
export function findTarget(
  language: EmitOptions['language'],
  sdk: EmitOptions['sdk'],
): Target | undefined {
  return TARGETS.find((t) => t.language === language && t.sdks.includes(sdk));
}

/**
 * Pure: NamedIr → files (no I/O). Does NOT produce validators/ or the manifest (the build engineer does).
 * Throws only on a broken contract: a language/SDK without a target (check with {@link findTarget}
 * first), or identifiers that `naming/` should never have produced.
 */
export function emitClient(named: NamedIr, options: EmitOptions): GeneratedFile[] {
  const target = findTarget(options.language, options.sdk);
  if (target === undefined) {
    throw new Error(
      `emitClient: no target for language "${options.language}" with sdk "${options.sdk}" yet`,
    );
  }
  const problems = checkNames(named);
  if (problems.length > 0) {
    throw new Error(`emitClient: invalid names from naming/:\n${problems.join('\n')}`);
  }
  return target.emit(named, options);
}
