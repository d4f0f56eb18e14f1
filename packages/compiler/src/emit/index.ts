/**
 * `emit/`: NamedIr → the generated client's files, through the target registry. Pure (no I/O).
 * Validators and `platen.manifest.json` are written by the build step, not here.
 */
import type { GeneratedFile, Language } from '../compile-types.js';
import type { NamedIr } from '../naming/types.js';
import type { EmitOptions, Target } from './target.js';
import { checkNames } from './check-names.js';
import { SDK_PROFILES, sdkProfile } from './sdks/index.js';
import { emitFor } from './typescript/index.js';

/** Options every target receives, and the shape of a target. */
export type { EmitOptions, Target } from './target.js';
/** Line 1 of every generated file. */
export { GENERATED_BANNER } from './banner.js';
/** The one escaping helper for wire names and enum/const strings (for other emitters of code). */
export { stringLiteral } from './literals.js';
/** Which rules get a function, and the path of the module holding it (for the manifest). */
export { codeExtension, functionFile, type ClientShape } from './functions.js';
/** Every SDK's call shapes, default instance and option types (one module per SDK). */
export { SDK_PROFILES, sdkProfile, type SdkProfile } from './sdks/index.js';

/** Every language the emitter writes. */
export const LANGUAGES: readonly Language[] = ['typescript', 'javascript'];

/**
 * Every target. One emitter writes every language for every SDK: what differs between SDKs is data
 * (its profile and call forms, `./sdks/`), what differs between languages is the rendering
 * (`./dialect.ts`). A target with its own code would be a second entry.
 */
export const TARGETS: readonly Target[] = [
  {
    name: 'typescript',
    languages: LANGUAGES,
    sdks: SDK_PROFILES.map((profile) => profile.sdk),
    emit: (named, options) => emitFor(named, options, sdkProfile(options.sdk)!),
  },
];

/** The target for a language and SDK, or `undefined` when Platen cannot generate that combination yet. */
export function findTarget(
  language: EmitOptions['language'],
  sdk: EmitOptions['sdk'],
): Target | undefined {
  return TARGETS.find((t) => t.languages.includes(language) && t.sdks.includes(sdk));
}

/**
 * Pure: NamedIr → files (no I/O). Does NOT produce validators/ or the manifest (the build engineer does).
 * Throws only on a broken contract: a language/SDK without a target (check with {@link findTarget}
 * first), or identifiers that `naming/` should never have produced.
 */
export function emitClient(named: NamedIr, options: EmitOptions): GeneratedFile[] {
  const found = findTarget(options.language, options.sdk);
  if (found === undefined) {
    throw new Error(
      `emitClient: no target for language "${options.language}" with sdk "${options.sdk}" yet`,
    );
  }
  const problems = checkNames(named);
  if (problems.length > 0) {
    throw new Error(`emitClient: invalid names from naming/:\n${problems.join('\n')}`);
  }
  return found.emit(named, options);
}
