/**
 * Loads the app's TypeScript project: the tsconfig's files and what they import, one program and its
 * type checker, through the TypeScript compiler that ts-morph bundles and pins (its `ts` namespace).
 * ts-morph's `Project` wrapper is not used: it adds per-file work for wrappers this analysis never
 * reads (0–1.6 s more CPU at 5,000 files in our runs; docs/decisions.md#status-analysis). Only the checker's symbol and type
 * queries are used later; no diagnostics are computed, so an app that does not type-check is still
 * analysed.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { ts } from 'ts-morph';
import { StatusInputError } from './types.js';

/** A loaded project: its program, checker and folder. */
export interface LoadedProject {
  program: ts.Program;
  checker: ts.TypeChecker;
  /** The tsconfig's folder. */
  dir: string;
}

/** `file:line:col: message` of a TypeScript diagnostic, paths relative to `cwd`. */
function describe(d: ts.Diagnostic, cwd: string): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (d.file === undefined || d.start === undefined) return message;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${relative(cwd, d.file.fileName) || d.file.fileName}:${line + 1}:${character + 1}: ${message}`;
}

/**
 * Reads `tsconfigPath` and builds its program. Throws {@link StatusInputError} for a missing file, a
 * tsconfig that does not parse or has errors, or one that selects no source file.
 */
export function loadProject(tsconfigPath: string, cwd: string): LoadedProject {
  const shown = relative(cwd, tsconfigPath) || tsconfigPath;
  if (!existsSync(tsconfigPath))
    throw new StatusInputError(`${shown}: no such file (pass the app's tsconfig with --project)`);
  if (statSync(tsconfigPath).isDirectory())
    throw new StatusInputError(`${shown} is a folder: pass the tsconfig file with --project`);
  // Read as a JSON source file, so every error found later carries its line and column.
  const source = ts.readJsonConfigFile(tsconfigPath, ts.sys.readFile);
  const syntax = (source as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (syntax.length > 0)
    throw new StatusInputError(`${shown} cannot be read: ${describe(syntax[0]!, cwd)}`);
  const dir = dirname(tsconfigPath);
  const parsed = ts.parseJsonSourceFileConfigFileContent(
    source,
    ts.sys,
    dir,
    undefined,
    tsconfigPath,
  );
  // 18003: "No inputs were found": reported below in plainer words.
  const errors = parsed.errors.filter((d) => d.code !== 18003);
  if (errors.length > 0) {
    const lines = errors.map((d) => `  ${describe(d, cwd)}`).join('\n');
    throw new StatusInputError(`${shown} has errors:\n${lines}`);
  }
  if (parsed.fileNames.length === 0)
    throw new StatusInputError(`${shown} selects no source file (check "include" and "files")`);
  // Imported files (the generated client, wrappers outside "include", SDK typings) join the program.
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: parsed.options,
    ...(parsed.projectReferences ? { projectReferences: parsed.projectReferences } : {}),
  });
  return { program, checker: program.getTypeChecker(), dir };
}
