/**
 * Targets: each a pure `NamedIr → GeneratedFile[]` function for the languages and SDKs it lists
 * (see `TARGETS` in `./index.ts`). A new SDK is a module under `./sdks/`, not a new target.
 */
import type { GeneratedFile, Language, Mode, ModuleFormat, Sdk } from '../compile-types.js';
import type { NamedIr, NamedRule } from '../naming/types.js';
import type { RuleTypesSource } from './typescript/types-file.js';

/** What every target is told. */
export interface EmitOptions {
  /** `dev` imports a precompiled validator per event; `prod` ships no validation code at all. */
  mode: Mode;
  sdk: Sdk;
  language: Language;
  /**
   * JavaScript only: `esm` writes `.js` + `.d.ts`, `cjs` writes `.cjs` + `.d.cts`. Ignored for TypeScript.
   * @default 'esm'
   */
  module?: ModuleFormat;
  /** Stamped into the generated client's state (`context.platen.version`). */
  platenVersion: string;
  /**
   * Incremental builds: the contents of a rule's own file (`events/<file>…`) from the last build,
   * when the caller is certain they are what emitting would produce; the target then skips it.
   */
  keep?: (path: string, named: NamedRule) => string | undefined;
  /**
   * Incremental builds: a rule's printed declarations in `types.ts`, from the last build when its
   * inputs are unchanged, else `print(named)` (and remembered for the next build).
   */
  ruleTypes?: RuleTypesSource;
}

/** One code generator. */
export interface Target {
  /** Unique, e.g. `typescript`. */
  name: string;
  /** The languages it writes. */
  languages: readonly Language[];
  /** The SDKs whose calls it writes, for every one of its languages. */
  sdks: readonly Sdk[];
  /** Pure: no I/O, same input → same bytes. Does not write validators or the manifest. */
  emit(named: NamedIr, options: EmitOptions): GeneratedFile[];
}
