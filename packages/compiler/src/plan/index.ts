/**
 * The `plan/` stage: read a plan from a file, a folder or text; detect its format; map it onto the
 * Public API shape ({@link Plan}); validate it. Bad input never throws: it becomes diagnostics.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/types.js';
import { planDiagnostic } from './codes.js';
import { detectFormat, fitsFormat } from './detect.js';
import { loadConfigApi } from './formats/config-api.js';
import { isSchemaFileName, loadJsonSchemaDir, type SchemaFile } from './formats/json-schema-dir.js';
import { loadPublicApi, publicApiShape } from './formats/public-api.js';
import { isObject, type FormatResult } from './formats/shared.js';
import { placeDiagnostics } from './positions.js';
import { parseSource } from './syntax.js';
import type { LoadedPlan, PlanFormat, PlanSourceText } from './types.js';
import type { SheetFormat } from '../sheet/model.js';

export { validatePlan } from './validate.js';
export { toFilePointer, wrapPayload } from './formats/shared.js';
export { placeDiagnostics, positionOfPointer } from './positions.js';
export { PLAN_CODES, type PlanCode } from './codes.js';

/** What loading a plan gives: the plan when it could be read, and every problem found on the way. */
export interface LoadResult {
  loaded?: LoadedPlan;
  diagnostics: Diagnostic[];
}

/** Options of {@link loadPlan}. */
export interface LoadPlanOptions {
  /** Read the plan as this format instead of detecting it; a file that does not fit is a `format-mismatch`. */
  format?: PlanFormat;
  /** Directory relative paths are resolved against. @default process.cwd() */
  cwd?: string;
  /**
   * Called with the plan as soon as it is loaded, before it is validated: a dev build starts its
   * validators' worker here (`prestartValidators`), so they compile while the IR is built.
   */
  onLoaded?: (loaded: LoadedPlan) => void;
  /** A spreadsheet's layout (detected from its header row when absent) and a CSV's tab. */
  sheet?: { format?: SheetFormat; tab?: string };
}

function newSources(): Record<string, PlanSourceText> {
  // No prototype: a file named `__proto__` is just a file.
  return Object.create(null) as Record<string, PlanSourceText>;
}

/**
 * Reads a plan file (JSON or YAML), a spreadsheet (.xlsx, .csv) or a folder of JSON Schemas. `path` is reported in diagnostics as
 * given; it is resolved against `options.cwd` for reading.
 */
export async function loadPlan(path: string, options: LoadPlanOptions = {}): Promise<LoadResult> {
  const result = await loadPlanFrom(path, options);
  if (result.loaded !== undefined) options.onLoaded?.(result.loaded);
  return result;
}

async function loadPlanFrom(path: string, options: LoadPlanOptions): Promise<LoadResult> {
  // An empty path would resolve to the working directory and read it as a schema folder.
  if (path === '')
    return {
      diagnostics: [planDiagnostic('file-not-found', 'No plan path was given.', { file: path })],
    };
  const absolute = resolve(options.cwd ?? process.cwd(), path);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch (err) {
    return { diagnostics: [ioDiagnostic(err, path)] };
  }
  const forced = options.format;
  if (forced !== undefined && isDirectory !== (forced === 'json-schema-dir')) {
    const what = isDirectory ? 'a folder of JSON Schemas' : 'a file, not a folder of JSON Schemas';
    const message = `The plan is ${what}, so it cannot be read as ${forced}.`;
    return { diagnostics: [planDiagnostic('format-mismatch', message, { file: path })] };
  }
  if (isDirectory) return loadFolder(path, absolute);
  if (forced === 'spreadsheet' || (forced === undefined && isSheetFile(path))) {
    // Loaded on demand: reading a JSON plan never loads the spreadsheet code.
    const { loadSheetPlan } = await import('../sheet-io/index.js');
    return loadSheetPlan(path, absolute, options.sheet);
  }
  if (isSheetFile(path)) {
    const message = `The plan is a spreadsheet, so it cannot be read as ${forced}.`;
    return { diagnostics: [planDiagnostic('format-mismatch', message, { file: path })] };
  }
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    return { diagnostics: [ioDiagnostic(err, path)] };
  }
  return parsePlanText(text, path, options.format);
}

async function loadFolder(path: string, absolute: string): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const files: SchemaFile[] = [];
  let entries;
  try {
    entries = await readdir(absolute, { withFileTypes: true });
  } catch (err) {
    return { diagnostics: [ioDiagnostic(err, path)] };
  }
  for (const entry of entries) {
    if (!entry.isFile() || !isSchemaFileName(entry.name)) continue;
    try {
      files.push({ name: entry.name, text: await readFile(join(absolute, entry.name), 'utf8') });
    } catch (err) {
      diagnostics.push(ioDiagnostic(err, join(path, entry.name)));
    }
  }
  const sources = newSources();
  const result = loadJsonSchemaDir(path, files, sources, basename(absolute));
  return {
    loaded: result.loaded,
    diagnostics: [...diagnostics, ...placeDiagnostics(sources, result.diagnostics)],
  };
}

/** True for a path Platen reads as a spreadsheet (.xlsx, .csv), by its extension. */
export function isSheetFile(path: string): boolean {
  return /\.(xlsx|csv)$/i.test(path);
}

function ioDiagnostic(err: unknown, file: string): Diagnostic {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT')
    return planDiagnostic('file-not-found', `No plan file or folder at ${file}.`, { file });
  const reason = err instanceof Error ? err.message : String(err);
  return planDiagnostic('file-unreadable', `The plan could not be read: ${reason}.`, { file });
}

/**
 * Parses plan text (no I/O): JSON or YAML by `file`'s extension, else sniffed. `format` forces a format;
 * `json-schema-dir` needs a folder, so it never fits text.
 */
export function parsePlanText(text: string, file: string, format?: PlanFormat): LoadResult {
  const { parsed, diagnostics } = parseSource(text, file);
  if (!parsed) return { diagnostics };
  const sources = newSources();
  sources[file] = parsed.source;
  const result = fromValue(parsed.value, file, format);
  if (result.loaded) result.loaded.sources = sources;
  return { loaded: result.loaded, diagnostics: placeDiagnostics(sources, result.diagnostics) };
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function fromValue(value: unknown, file: string, format: PlanFormat | undefined): FormatResult {
  const fail = (
    code: 'invalid-plan' | 'unknown-format' | 'format-mismatch',
    message: string,
  ): FormatResult => ({
    diagnostics: [planDiagnostic(code, message, { file, pointer: '' })],
  });
  if (format === 'spreadsheet')
    return fail('format-mismatch', 'spreadsheet reads an .xlsx or .csv file, not JSON or YAML.');
  if (format === 'json-schema-dir')
    return fail(
      'format-mismatch',
      'json-schema-dir reads a folder of JSON Schemas, not a single file.',
    );
  if (!isObject(value))
    return fail(
      'invalid-plan',
      `A plan file must hold an object at the top level, not ${describe(value)}.`,
    );
  const detected = detectFormat(value);
  if (format !== undefined && !fitsFormat(value, format)) {
    const seen = detected ? `it looks like ${detected}` : 'it looks like no known plan format';
    return fail('format-mismatch', `The file does not fit the forced format ${format}: ${seen}.`);
  }
  const chosen = format ?? detected;
  if (chosen === undefined)
    return fail(
      'unknown-format',
      'Not a tracking plan: expected a Public API plan (with "rules": [...]), a {"data": ...} envelope, a Config API plan (with "rules": {...}) or a Typewriter plan.json.',
    );
  if (chosen === 'config-api') return loadConfigApi(value, file);
  const shape = publicApiShape(value);
  if (!shape) return fail('invalid-plan', 'The plan must be an object.');
  return loadPublicApi(shape, file, chosen === 'typewriter');
}
