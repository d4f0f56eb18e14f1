/**
 * Output of `naming/`: every identifier the emitters use, assigned once, after the IR is complete.
 * Wire names are never changed; identifiers live beside them.
 */
import type { Ir, IrRule } from '../ir/types.js';
import type { RuleType } from '../plan/types.js';

/** Identifiers of one rule. */
export interface RuleNames {
  /** Exported function (camelCase), e.g. `orderCompleted`, `orderCompletedV1`. */
  function: string;
  /** Exported properties/traits type (PascalCase), e.g. `OrderCompletedProperties`. */
  propertiesType: string;
  /** Base for the rule's nested types and its validator, e.g. `OrderCompleted`, `OrderCompletedV1`. */
  typePrefix: string;
  /** File stem (kebab-case ASCII, safe on every file system), e.g. `order-completed`, `order-completed-v1`. */
  file: string;
  /**
   * Named types for nested nodes, keyed by the node's `pointer`: nested objects, and `$ref`
   * definitions (keyed by `definition:<target>`). PascalCase, unique across the whole output.
   */
  types: Record<string, string>;
}

/** A rule with its names. */
export interface NamedRule {
  rule: IrRule;
  names: RuleNames;
}

/** The IR with every identifier assigned. */
export interface NamedIr {
  plan: Ir['plan'];
  rules: NamedRule[];
  diagnostics: Ir['diagnostics'];
}

/** One rule's entry in `platen.manifest.json`; the next build reads it to keep identifiers stable. */
export interface ManifestRule {
  type: RuleType;
  key: string | null;
  version: number;
  function: string;
  propertiesType: string;
  /**
   * Generated file that holds the rule's function, relative to the output directory
   * (`events/<stem>.ts`, `.js` or `.cjs`); absent when the client has no function for the rule
   * (COMMON, a call type the SDK does not have). Older manifests listed `events/<stem>.js` for
   * CommonJS builds and a path for every rule: only the stem is read back, so they still work.
   */
  file?: string;
  /**
   * Incremental builds: a hash of everything the rule's own generated files depend on (the rule, its
   * names, the options, Platen's version…), and the SHA-256 of each of those files as written. A
   * later build whose rule has the same `inputs` reuses a file whose bytes on disk still match.
   */
  inputs?: string;
  files?: Record<string, string>;
}

/** `platen.manifest.json`, written into every output directory. */
export interface Manifest {
  platenVersion: string;
  plan: { id: string; name: string; hash: string };
  rules: ManifestRule[];
}
