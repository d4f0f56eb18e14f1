/**
 * Dev-mode validators: one module per rule at `validators/<file>.ts`, exporting `validate`. Platen's
 * own generator (./native/) writes the rule's payload schema as data for the runtime's validator
 * interpreter; a rule it declines gets Ajv's standalone code instead. The output imports nothing
 * from Ajv: the interpreter, its keyword handlers, Ajv's helpers and the format checkers come from
 * `@platen/runtime/validation`, by name.
 */
import type { GeneratedFile, Language, ModuleFormat } from '../compile-types.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { NamedIr, NamedRule } from '../naming/types.js';
import { isKnownFormat } from './formats.js';
import { compileAll, type CompileOutcome } from './pool.js';
import { nativePasses, prestartPasses } from './share.js';
import type { LoadedPlan } from '../plan/types.js';
import { importLine, toCommonJs } from './standalone.js';
import { moduleHeader } from './recovered.js';

export { clearValidatorCache } from './module-cache.js';
export { seedValidatorCache } from './recovered.js';
export { FORMAT_EXPORTS, NUMBER_FORMAT_EXPORTS } from './formats.js';
export { compileCounts } from './pool.js';

/** Options of {@link compileValidators}. */
export interface ValidatorOptions {
  /** First line of every generated file (the emitters' `GENERATED_BANNER`). */
  banner: string;
  /**
   * Worker threads to compile on when a build has many new schemas (the native pass of a large
   * build shares one worker with the calling thread; Ajv's fallback uses up to this many).
   * @default min(available cores, 4); 0 compiles on the calling thread
   */
  workers?: number;
  /**
   * `typescript` writes `.ts` modules marked `// @ts-nocheck` (machine code, not worth checking);
   * `javascript` writes `.js`.
   * @default 'typescript'
   */
  language?: Language;
  /**
   * JavaScript only: `cjs` writes CommonJS `.cjs` modules (beside the client's `.cjs` files).
   * @default 'esm'
   */
  module?: ModuleFormat;
  /**
   * `false` compiles every rule with Ajv instead of Platen's own generator (comparisons, tests of
   * the fallback).
   * @default true
   */
  native?: boolean;
}

/** Generated validator modules and the problems found compiling them. */
export interface ValidatorsResult {
  files: GeneratedFile[];
  diagnostics: Diagnostic[];
}

/**
 * Starts compiling a large plan's validators on a worker thread as soon as the plan is loaded, so
 * they compile while the IR is built and the client emitted; the next {@link compileValidators}
 * takes what the worker did. For a dev build whose validators are not cached (most rules will be
 * compiled): otherwise the worker's work is wasted (on the other core).
 */
export function prestartValidators(loaded: LoadedPlan): void {
  prestartPasses(loaded.plan.rules.map((rule) => [rule.jsonSchema, rule.type]));
}

/** The path of a rule's validator module inside the output directory. */
export function validatorPath(
  names: NamedRule['names'],
  language: Language = 'typescript',
  module: ModuleFormat = 'esm',
): string {
  const ext = language === 'typescript' ? 'ts' : module === 'cjs' ? 'cjs' : 'js';
  return `validators/${names.file}.${ext}`;
}

/**
 * Compiles one validator per rule. Never throws for a bad schema: a rule whose schema neither the
 * native generator nor Ajv can compile gets an error diagnostic (and no module); an unknown `format` is a warning and unchecked.
 */
export async function compileValidators(
  named: NamedIr,
  options: ValidatorOptions,
): Promise<ValidatorsResult> {
  const language = options.language ?? 'typescript';
  const files: GeneratedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const native = options.native ?? true;
  // Large builds share this pass with a worker thread, started now: call this before emitting the
  // client and await it after, and the two run side by side (see ./share.ts).
  const rules = await nativePasses(
    named.rules.map(({ rule }) => [rule.schema, rule.type]),
    native,
    options.workers !== 0,
  );
  const pending = rules.filter((r) => r.job !== undefined);
  const fallback = await compileAll(
    pending.map((r) => r.job!),
    options.workers,
    false,
  );
  const outcomes = new Map(pending.map((r, i) => [r, fallback[i]!]));
  named.rules.forEach(({ rule, names }, i) => {
    const where = {
      file: rule.file,
      rule: { type: rule.type, key: rule.key, version: rule.version },
    };
    for (const { name, pointer } of rules[i]!.formats) {
      if (isKnownFormat(name)) continue;
      diagnostics.push({
        ...where,
        code: 'format-not-checked',
        severity: 'warning',
        message: `The format "${name}" is not known, so the dev validator does not check it (any string passes).`,
        pointer: rule.pointer + pointer,
      });
    }
    const outcome: CompileOutcome = rules[i]!.module
      ? { ok: true, module: rules[i]!.module! }
      : outcomes.get(rules[i]!)!;
    if (!outcome.ok) {
      diagnostics.push({
        ...where,
        code: 'validator-compile-failed',
        severity: 'error',
        message: `The rule's JSON Schema could not be compiled into a validator: ${outcome.error}.`,
        pointer: rule.pointer,
      });
      return;
    }
    const module = outcome.module;
    if (module.legacyPatterns) {
      diagnostics.push({
        ...where,
        code: 'pattern-not-unicode',
        severity: 'warning',
        message:
          'A pattern in this rule is not a valid Unicode regular expression; the validator uses non-Unicode matching.',
        pointer: rule.pointer,
      });
    }
    const esm = importLine(module.imports) + module.code;
    const cjs = language === 'javascript' && options.module === 'cjs';
    const body = cjs ? toCommonJs(esm) : esm;
    const tsNoCheck = language === 'typescript' ? '// @ts-nocheck\n' : '';
    files.push({
      path: validatorPath(names, language, cjs ? 'cjs' : 'esm'),
      contents: `${options.banner}\n${tsNoCheck}${moduleHeader(rules[i]!.key, body, module.legacyPatterns)}\n${body}`,
    });
  });
  return { files, diagnostics };
}
