/**
 * Behaviour over text: names are checked against TypeScript itself, the scanner for identifier
 * syntax and the binder/checker for strict-mode and declaration errors.
 */
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import {
  assignNames,
  isValidIdentifier,
  RESERVED_WORDS,
  toFunctionName,
  toTypeName,
} from '../../src/naming/index.js';
import { ir, rule, tracks } from '../support/naming-ir.js';

/** Keywords TypeScript itself treats as reserved (always, or in strict mode). */
const tsReserved = (): string[] => {
  const words: string[] = [];
  for (let kind = ts.SyntaxKind.FirstKeyword; kind <= ts.SyntaxKind.LastKeyword; kind++) {
    const reserved =
      (kind >= ts.SyntaxKind.FirstReservedWord && kind <= ts.SyntaxKind.LastReservedWord) ||
      (kind >= ts.SyntaxKind.FirstFutureReservedWord &&
        kind <= ts.SyntaxKind.LastFutureReservedWord);
    const text = ts.tokenToString(kind);
    if (reserved && text !== undefined) words.push(text);
  }
  return words;
};

/** True when the TypeScript scanner reads all of `text` as one identifier (or keyword) with no escapes. */
function scansAsIdentifier(text: string): boolean {
  const scanner = ts.createScanner(
    ts.ScriptTarget.ESNext,
    false,
    ts.LanguageVariant.Standard,
    text,
  );
  const token = scanner.scan();
  const word =
    token === ts.SyntaxKind.Identifier ||
    (token >= ts.SyntaxKind.FirstKeyword && token <= ts.SyntaxKind.LastKeyword);
  // `getTokenValue` differs from the text for `\u0061`-style escapes, which we never emit.
  return word && scanner.getTextPos() === text.length && scanner.getTokenValue() === text;
}

// Beyond TypeScript's reserved ranges: `await` (reserved in modules) and globals not to shadow.
const EXTRA = new Set(['await', 'arguments', 'eval', 'undefined', 'NaN', 'Infinity']);

describe('isValidIdentifier agrees with the TypeScript scanner', () => {
  test('every reserved word TypeScript knows is in RESERVED_WORDS', () => {
    const missing = tsReserved().filter((w) => !RESERVED_WORDS.has(w));
    expect(missing).toEqual([]);
  });

  test('on ASCII strings and keyword-like samples (10,000 runs)', () => {
    const reserved = new Set(tsReserved());
    const sample = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom('a', 'Z', '_', '$', '0', '9'), maxLength: 8 }),
      fc.constantFrom(...tsReserved(), ...EXTRA, 'type', 'of', 'async', 'x', '_', '$'),
    );
    fc.assert(
      fc.property(sample, (text) => {
        const scanner = text !== '' && scansAsIdentifier(text);
        const ascii = /^[\x00-\x7f]*$/.test(text);
        const want = scanner && ascii && !reserved.has(text) && !EXTRA.has(text);
        expect(isValidIdentifier(text)).toBe(want);
      }),
      { numRuns: 10_000 },
    );
  });
});

/** Syntax, binder and checker errors of one module (no lib: missing global types are not our concern). */
function moduleErrors(source: string): string[] {
  const options: ts.CompilerOptions = {
    noLib: true,
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const file = ts.createSourceFile('/gen.ts', source, ts.ScriptTarget.ES2022, true);
  host.getSourceFile = (name) => (name === '/gen.ts' ? file : undefined);
  host.fileExists = (name) => name === '/gen.ts';
  const program = ts.createProgram(['/gen.ts'], options, host);
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
    .filter((d) => d.code !== 2318) // "Cannot find global type": expected with noLib
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

// docs/decisions.md#reserved-and-colliding-names and #names-are-data
describe('generated declarations compile: reserved words, colliding and URI-like names', () => {
  const keys = [
    'default',
    'new',
    'delete',
    'class',
    'enum',
    'let',
    'yield',
    'await',
    'implements',
    'package',
    'static',
    'arguments',
    'eval',
    '__proto__',
    'constructor',
    'Order-Completed',
    'Order Completed',
    'Checkout: Started',
    'A ## B',
    'Signed Up (Email/Password)!',
    '1st Purchase',
    '',
    '日本',
    'Record',
  ];
  const module = (names: { fn: string; type: string }[]): string =>
    names
      .map(({ fn, type }) => `export function ${fn}(): void {}\nexport type ${type} = { a: 1 };`)
      .join('\n');

  test('the raw words would not compile (the check can fail)', () => {
    expect(
      moduleErrors(
        module([
          { fn: 'yield', type: 'Let' },
          { fn: 'let', type: 'string' },
        ]),
      ),
    ).not.toEqual([]);
  });

  test('assigned names compile in one module', () => {
    const named = assignNames(ir([...tracks(keys), rule('IDENTIFY', null), rule('PAGE', null)]));
    const names = named.rules.map((n) => ({ fn: n.names.function, type: n.names.propertiesType }));
    expect(moduleErrors(module(names))).toEqual([]);
  });

  test('stand-alone conversions compile', () => {
    const names = keys.map((k) => ({ fn: toFunctionName(k), type: toTypeName(k) }));
    // Stand-alone names are not unique (`Order Completed` twice): compile each on its own.
    for (const n of names) expect(moduleErrors(module([n]))).toEqual([]);
  });
});
