/**
 * `compile`: the whole pipeline from a loaded plan to the files of one generated client, without
 * I/O. IR in → names → emit → validators (dev only) → format → manifest. An `OutputBuild` (see
 * `incremental/`) makes it incremental: each stage asks it for what the last build already made.
 */
import type { GeneratedFile } from './compile-types.js';
import type { OutputOptions } from './config/options.js';
import type { Diagnostic } from './diagnostics/types.js';
import { hasErrors } from './diagnostics/types.js';
import { emitClient, findTarget, GENERATED_BANNER, type EmitOptions } from './emit/index.js';
import { sha256 } from './incremental/hashes.js';
import { ruleInputsOf, withKeptFileFields } from './incremental/kept-files.js';
import type { OutputBuild } from './incremental/output-build.js';
import { normalizePlan } from './ir/index.js';
import type { Ir } from './ir/types.js';
import { assignNames } from './naming/index.js';
import type { Manifest, NamedIr } from './naming/types.js';
import { MANIFEST_FILE, manifestOf, serializeManifest } from './output/manifest.js';
import { unsafePathReason } from './output/paths.js';
import { byKey } from './order.js';
import type { LoadedPlan } from './plan/types.js';
import { PLATEN_VERSION } from './version.js';

/** How to compile one client: an output's options without its path. */
export interface CompileOptions extends Omit<OutputOptions, 'path'> {
  /**
   * Run prettier over generated files (validators never: machine code). Emitters already print in
   * the generated style, so this is a safety net, off by default.
   * @default false
   */
  prettier?: boolean;
}

/** What `compile` may be given besides the plan and the options. */
export interface CompileInputs {
  /** The plan's IR when the caller already has it (`checkPlan` normalizes): no second pass. */
  ir?: Ir;
  /** The manifest of the last build of this output, so identifiers stay stable. */
  previous?: Manifest;
  /** Incremental builds: the last build of this output (its `previous` is used for names). */
  incremental?: OutputBuild;
}

/** What {@link compile} produced. `files` is empty when `diagnostics` hold an error. */
export interface CompileResult {
  /** Every file of the client, sorted by path, the manifest included. */
  files: GeneratedFile[];
  manifest: Manifest;
  diagnostics: Diagnostic[];
  /** Number of rules compiled. */
  rules: number;
}

/**
 * Compiles a loaded plan into one client. Never touches the disk (an `OutputBuild`'s reader aside);
 * bad input becomes diagnostics.
 */
export async function compile(
  loaded: LoadedPlan,
  options: CompileOptions,
  { ir = normalizePlan(loaded), previous, incremental }: CompileInputs = {},
): Promise<CompileResult> {
  // IR in: its diagnostics, and whether this language and SDK can be generated at all.
  const diagnostics: Diagnostic[] = [...ir.diagnostics, ...targetProblems(options)];
  if (hasErrors(diagnostics)) return failed(emptyManifest(ir), diagnostics, 0);
  const emit: EmitOptions = {
    mode: options.mode,
    sdk: options.sdk,
    language: options.language,
    module: options.module ?? 'esm',
    platenVersion: PLATEN_VERSION,
  };

  // Names.
  const named: NamedIr = assignNames(
    ir,
    previous ?? incremental?.previous,
    incremental?.nestedNames(),
  );
  diagnostics.push(...named.diagnostics.filter((d) => !ir.diagnostics.includes(d)));
  incremental?.start(named.rules, emit, options.prettier === true);

  // Validators (dev, loaded on demand like prettier) start first: a large build compiles them on a
  // worker thread while the client is emitted.
  const validatorsModule = emit.mode === 'dev' ? await import('./validators/index.js') : undefined;
  const validating = validatorsModule && validatorsOf(validatorsModule, named, emit, incremental);

  // Emit.
  let files = emitClient(named, { ...emit, ...incremental?.emitHooks() });
  if (validating !== undefined) {
    const validators = await validating;
    files = files.concat(validators.files);
    diagnostics.push(...validators.diagnostics);
  }

  // Format.
  if (options.prettier === true) {
    const { formatFiles } = await import('./format/index.js');
    files = await formatFiles(files);
  }

  // Manifest: the names, and what a later build needs to keep each rule's event files.
  incremental?.formatted(files, typesPath(emit));
  const prettier = options.prettier === true;
  const manifest = withKeptFileFields(
    manifestOf(named, { language: emit.language, module: emit.module ?? 'esm', sdk: emit.sdk }),
    named.rules,
    incremental?.inputs() ?? ruleInputsOf(named.rules, emit, prettier),
    files,
    (text) => incremental?.hash(text) ?? sha256(text),
  );
  files.push({ path: MANIFEST_FILE, contents: serializeManifest(manifest) });
  assertSafePaths(files);
  if (hasErrors(diagnostics)) return failed(manifest, diagnostics, named.rules.length);
  return { files: files.sort(byKey('path')), manifest, diagnostics, rules: named.rules.length };
}

/** Dev validators: compiled, or taken from the last build where it has them. */
function validatorsOf(
  { compileValidators, validatorPath }: typeof import('./validators/index.js'),
  named: NamedIr,
  emit: EmitOptions,
  incremental: OutputBuild | undefined,
): Promise<{ files: GeneratedFile[]; diagnostics: Diagnostic[] }> {
  const { language, module } = emit;
  const compile = (rules: NamedIr['rules']) =>
    compileValidators({ ...named, rules }, { banner: GENERATED_BANNER, language, module });
  if (incremental === undefined) return compile(named.rules);
  return incremental.validators(
    named.rules,
    (n) => validatorPath(n.names, language, module),
    compile,
  );
}

/** An `unsupported-target` error when Platen cannot generate this language for this SDK. */
function targetProblems(options: CompileOptions): Diagnostic[] {
  if (findTarget(options.language, options.sdk) !== undefined) return [];
  return [
    {
      code: 'unsupported-target',
      severity: 'error',
      message: `Platen cannot generate ${options.language} for the ${options.sdk} SDK yet.`,
    },
  ];
}

/** The file holding the types: `types.ts`, or the declarations beside JavaScript. */
function typesPath({ language, module }: EmitOptions): string {
  return language === 'typescript' ? 'types.ts' : module === 'cjs' ? 'types.d.cts' : 'types.d.ts';
}

function emptyManifest(ir: Ir): Manifest {
  return {
    platenVersion: PLATEN_VERSION,
    plan: { id: ir.plan.id, name: ir.plan.name, hash: ir.plan.hash },
    rules: [],
  };
}

function failed(manifest: Manifest, diagnostics: Diagnostic[], rules: number): CompileResult {
  return { files: [], manifest, diagnostics, rules };
}

/** Names come from naming/, which only makes safe stems: an unsafe path here is a Platen bug. */
function assertSafePaths(files: readonly GeneratedFile[]): void {
  for (const file of files) {
    const reason = unsafePathReason(file.path);
    if (reason !== undefined)
      throw new Error(`generated path ${JSON.stringify(file.path)} is unsafe: ${reason}`);
  }
}
