/**
 * `compile`: the whole pipeline from a loaded plan to the files of one generated client, without
 * I/O. normalize → name → emit → validators (dev only) → format → manifest.
 */
import type { GeneratedFile } from './compile-types.js';
import type { OutputOptions } from './config/options.js';
import type { Diagnostic } from './diagnostics/types.js';
import { hasErrors } from './diagnostics/types.js';
import { emitClient, findTarget, GENERATED_BANNER } from './emit/index.js';
import { normalizePlan } from './ir/index.js';
import type { Ir } from './ir/types.js';
import { assignNames } from './naming/index.js';
import type { Manifest, NamedIr, NamedRule } from './naming/types.js';
import { unsafePathReason } from './output/paths.js';
import type { LoadedPlan } from './plan/types.js';
import { PLATEN_VERSION } from './version.js';
import { MANIFEST_FILE, manifestOf, serializeManifest } from './output/manifest.js';
import { outputContext, ownInputs, reuser, ruleInputs, withReuseFields } from './output/reuse.js';
import { sharedTypeNames } from './emit/typescript/types-file.js';
import { emptyCache, type BuildCache } from './output/cache.js';
import {
  cacheKey,
  cachedNestedNames,
  cachedRuleTypes,
  planValidators,
  recordOptional,
  recordTypes,
  recordValidators,
  seedOptional,
  type PlacedTypes,
} from './output/incremental.js';

/** How to compile one client: an output's options without its path. */
export interface CompileOptions extends Omit<OutputOptions, 'path'> {
  /**
   * Run prettier over generated files (validators never: machine code). Emitters already print in
   * the generated style, so this is a safety net, off by default.
   * @default false
   */
  prettier?: boolean;
}

/** What {@link compile} produced. `files` is empty when `diagnostics` hold an error. */
export interface CompileResult {
  /** Every file of the client, sorted by path, the manifest included. */
  files: GeneratedFile[];
  manifest: Manifest;
  diagnostics: Diagnostic[];
  /** Number of rules compiled. */
  rules: number;
  /** How many of them were printed anew (not taken from the build cache): what a rebuild cost. */
  rebuilt: number;
  /** Paths taken unchanged from the last build (read through `readPrevious`, hash checked). */
  reused: Set<string>;
  /** What the next build can reuse: entries this build used or made (see `output/cache.ts`). */
  cache: BuildCache;
}

/** The file holding the types: `types.ts`, or the declarations beside JavaScript. */
const typesPath = (language: CompileOptions['language'], module: string): string =>
  language === 'typescript' ? 'types.ts' : module === 'cjs' ? 'types.d.cts' : 'types.d.ts';

const byPath = (a: GeneratedFile, b: GeneratedFile): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

/**
 * Compiles a loaded plan into one client. `previous` is the manifest of the last build of this
 * output, so identifiers stay stable. Never touches the disk; bad input becomes diagnostics.
 */
export async function compile(
  loaded: LoadedPlan,
  options: CompileOptions,
  previous?: Manifest,
  /** The plan's IR when the caller already has it (`checkPlan` normalizes): avoids a second pass. */
  ir: Ir = normalizePlan(loaded),
  /**
   * Incremental builds: reads a file of the last build of this output (path relative to it), or
   * `undefined`. With `previous`, a rule whose inputs are unchanged keeps its files from there.
   */
  readPrevious?: (path: string) => string | undefined,
  /**
   * The build cache of this output (`output/cache.ts`): an unchanged rule's declarations in
   * `types.ts` and its validator (read through `readPrevious`, hash checked) come from there.
   */
  cache: BuildCache = emptyCache(),
): Promise<CompileResult> {
  const empty: Manifest = {
    platenVersion: PLATEN_VERSION,
    plan: { id: ir.plan.id, name: ir.plan.name, hash: ir.plan.hash },
    rules: [],
  };
  const diagnostics: Diagnostic[] = [...ir.diagnostics];
  if (findTarget(options.language, options.sdk) === undefined) {
    diagnostics.push({
      code: 'unsupported-target',
      severity: 'error',
      message: `Platen cannot generate ${options.language} for the ${options.sdk} SDK yet.`,
    });
  }
  if (hasErrors(diagnostics))
    return {
      files: [],
      manifest: empty,
      diagnostics,
      rules: 0,
      rebuilt: 0,
      reused: new Set(),
      cache,
    };

  const next = emptyCache();
  const named: NamedIr = assignNames(ir, previous, cachedNestedNames(cache, next));
  diagnostics.push(...named.diagnostics.filter((d) => !ir.diagnostics.includes(d)));
  const { mode, sdk, language } = options;
  const module = options.module ?? 'esm';
  const emitOptions = { mode, sdk, language, module, platenVersion: PLATEN_VERSION };
  // Files are recorded as written, so whether prettier ran is part of what a reused file depends on.
  const context =
    outputContext(emitOptions, named.rules, sharedTypeNames(named.rules)) +
    (options.prettier === true ? '\nprettier' : '');
  const own = new Map(named.rules.map((n) => [n, ownInputs(n)]));
  const inputs = new Map(named.rules.map((n) => [n, ruleInputs(n, context, own.get(n))]));
  // A rule's declarations depend on the rule and its names only (not the SDK or language).
  const typesKeys = new Map(named.rules.map((n) => [n, cacheKey('types', '', own.get(n))]));
  const reused = new Set<string>();
  const reuse = readPrevious && previous ? reuser(previous, inputs, readPrevious) : undefined;
  seedOptional(named.rules, cache);
  const placed: PlacedTypes = new Map();
  const ruleTypes = cachedRuleTypes(cache, typesKeys, readPrevious, placed);
  let rebuilt = 0;
  // Dev validators are loaded on demand (like prettier below) and started before the client is
  // emitted: a large build compiles them on a worker thread meanwhile (validators/share.ts).
  const dev = mode === 'dev' ? await import('./validators/index.js') : undefined;
  // A validator depends on the rule, its names and how modules are written, nothing else.
  const where = JSON.stringify([language, module, GENERATED_BANNER]);
  const keys = new Map(named.rules.map((n) => [n, cacheKey('validator', where, own.get(n))]));
  const plan = dev && planValidators(named.rules, keys, cache, next, readPrevious);
  const validating =
    dev &&
    plan &&
    dev.compileValidators(
      { ...named, rules: plan.compile },
      { banner: GENERATED_BANNER, language, module },
    );
  let files = emitClient(named, {
    ...emitOptions,
    ruleTypes: (rule, print, at) =>
      ruleTypes(
        rule,
        (r) => {
          rebuilt++;
          return print(r);
        },
        at,
      ),
    ...(reuse === undefined
      ? {}
      : {
          reuse: (path: string, rule: NamedRule) => {
            const text = reuse(path, rule);
            if (text !== undefined) reused.add(path);
            return text;
          },
        }),
  });
  recordOptional(named.rules, next);
  if (dev && plan && validating) {
    const { validatorPath } = dev;
    const validators = await validating;
    const compiled = recordValidators(
      plan.compile,
      keys,
      (n) => validatorPath(n.names, language, module),
      validators.files,
      validators.diagnostics,
      next,
    );
    // Diagnostics in rule order, as one compilation of every rule gives them.
    for (const rule of named.rules) {
      const kept = plan.reused.get(rule);
      if (kept !== undefined) {
        files.push(kept.file);
        reused.add(kept.file.path);
      }
      diagnostics.push(...(kept?.diagnostics ?? compiled.get(rule) ?? []));
    }
    files = files.concat(validators.files);
    const attributed = new Set([...compiled.values()].flat());
    diagnostics.push(...validators.diagnostics.filter((d) => !attributed.has(d)));
  }
  if (options.prettier ?? false) {
    const { formatFiles } = await import('./format/index.js');
    files = await formatFiles(files);
  }
  recordTypes(files, typesPath(language, module), placed, next);
  const manifest = withReuseFields(manifestOf(named, language), named.rules, inputs, files);
  files.push({ path: MANIFEST_FILE, contents: serializeManifest(manifest) });
  for (const file of files) {
    const reason = unsafePathReason(file.path);
    // Names come from naming/, which only makes safe stems: an unsafe path here is a Platen bug.
    if (reason !== undefined)
      throw new Error(`generated path ${JSON.stringify(file.path)} is unsafe: ${reason}`);
  }
  if (hasErrors(diagnostics))
    return {
      files: [],
      manifest,
      diagnostics,
      rules: named.rules.length,
      rebuilt,
      reused,
      cache: next,
    };
  const rules = named.rules.length;
  return { files: files.sort(byPath), manifest, diagnostics, rules, rebuilt, reused, cache: next };
}
