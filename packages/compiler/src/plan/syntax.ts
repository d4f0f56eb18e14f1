/**
 * Text → JSON value for one plan file: strips a UTF-8 BOM, accepts CRLF, picks JSON or YAML by file
 * extension (else by the first character), and turns syntax errors into diagnostics with a line and
 * column. JSON goes through `JSON.parse` (the fast path for 50 MB plans).
 */
import type { Diagnostic } from '../diagnostics/types.js';
import { planDiagnostic } from './codes.js';
import { findJsonError } from './json-scan.js';
import { positionOfOffset, rememberYamlDocument } from './positions.js';
import type { PlanSourceText } from './types.js';
import { yaml } from './yaml.js';

/** A parsed file: its value and its text (for positions). */
export interface ParsedSource {
  value: unknown;
  source: PlanSourceText;
}

/** JSON or YAML for a file name: by extension, else by sniffing the text's first character. */
export function syntaxOf(file: string, text: string): 'json' | 'yaml' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  const first = /\S/.exec(text)?.[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

/** Parses one file's text. Never throws: a syntax error becomes an `invalid-json`/`invalid-yaml` diagnostic. */
export function parseSource(
  rawText: string,
  file: string,
): { parsed?: ParsedSource; diagnostics: Diagnostic[] } {
  // A BOM is not part of the document; editors hide it, so positions are counted without it.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const source: PlanSourceText = { text, syntax: syntaxOf(file, text) };
  return source.syntax === 'json' ? parseJson(source, file) : parseYaml(source, file);
}

function parseJson(source: PlanSourceText, file: string) {
  try {
    return { parsed: { value: JSON.parse(source.text) as unknown, source }, diagnostics: [] };
  } catch (err) {
    // JSON.parse does not always say where; the scanner does, with its own wording.
    const found = findJsonError(source.text);
    const offset = found?.offset ?? source.text.length;
    const detail =
      source.text.trim() === '' ? 'the file is empty' : (found?.message ?? errorText(err));
    const pos = positionOfOffset(source, offset);
    return {
      diagnostics: [planDiagnostic('invalid-json', `Invalid JSON: ${detail}.`, { file, ...pos })],
    };
  }
}

function parseYaml(source: PlanSourceText, file: string) {
  try {
    const doc = yaml().parseDocument(source.text, { prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      const diagnostics = doc.errors.map((e) =>
        planDiagnostic('invalid-yaml', `Invalid YAML: ${firstLine(e.message)}.`, {
          file,
          ...positionOfOffset(source, e.pos[0]),
        }),
      );
      return { diagnostics };
    }
    // maxAliasCount guards against alias bombs ("billion laughs").
    const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    rememberYamlDocument(source, doc);
    return { parsed: { value, source }, diagnostics: [] };
  } catch (err) {
    const diagnostic = planDiagnostic(
      'invalid-yaml',
      `Invalid YAML: ${firstLine(errorText(err))}.`,
      {
        file,
        line: 1,
        column: 1,
      },
    );
    return { diagnostics: [diagnostic] };
  }
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\.$/, '');
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/[.:]\s*$/, '');
}
