/**
 * Test harness: runs plans through the real pipeline (normalize → names → emit) and type-checks
 * generated files with the TypeScript compiler API in a temp folder under the repository's `.tmp/`
 * (gitignored), where `@platen/runtime` resolves from the workspace's root `node_modules`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { GeneratedFile } from '../../src/compile-types.js';
import { emitClient, type EmitOptions } from '../../src/emit/index.js';
import { normalizePlan } from '../../src/ir/index.js';
import { assignNames } from '../../src/naming/index.js';
import type { NamedIr } from '../../src/naming/types.js';
import type { Json, RuleType } from '../../src/plan/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** One rule as a test writes it: `properties` is the TRACK/PAGE/SCREEN payload schema. */
export interface TestRule {
  type?: RuleType;
  key?: string | null;
  version?: number;
  /** The whole rule schema; when absent, built from `properties`. */
  jsonSchema?: Json;
  properties?: Json;
  description?: string;
}

/** A rule schema in the Segment message layout around a payload schema. */
export function messageSchema(properties: Json, description?: string): Json {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    ...(description === undefined ? {} : { description }),
    properties: { properties },
    required: ['properties'],
  };
}

/** Runs test rules through `normalizePlan` and `assignNames`; fails on any IR error diagnostic. */
export function named(rules: TestRule[]): NamedIr {
  const planRules = rules.map((r) => ({
    type: r.type ?? 'TRACK',
    key: r.key === undefined ? 'Event' : r.key,
    version: r.version ?? 1,
    jsonSchema: r.jsonSchema ?? messageSchema(r.properties ?? { type: 'object' }, r.description),
  }));
  const ir = normalizePlan({
    plan: { id: 'tp_test', name: 'Test', type: 'LIVE', rules: planRules },
    format: 'public-api',
    file: 'plan.json',
    ruleSources: planRules.map((_, i) => ({
      file: 'plan.json',
      pointer: `/rules/${i}/jsonSchema`,
    })),
  });
  const errors = ir.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`IR errors: ${JSON.stringify(errors)}`);
  return assignNames(ir);
}

/** Dev emit options (one validator import per event), the tests' default. */
export const DEV: EmitOptions = {
  mode: 'dev',
  sdk: 'analytics-next',
  language: 'typescript',
  platenVersion: '0.1.0',
};
/** Production emit options (no validators). */
export const PROD: EmitOptions = { ...DEV, mode: 'prod' };

/** Emits `rules` and returns the files by path. */
export function emit(rules: TestRule[], options: EmitOptions = DEV): Map<string, string> {
  return new Map(emitClient(named(rules), options).map((f) => [f.path, f.contents]));
}

/** The strict settings generated code must compile under. */
export const STRICT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  types: [],
  noEmit: true,
  skipLibCheck: true,
};

/** The runtime API generated code uses, for when the workspace's runtime has not been built yet. */
const RUNTIME_STUB = `
export type CallType = 'track' | 'identify' | 'group' | 'page' | 'screen';
export interface EventRef { type: CallType; name: string | null; version: number }
export interface ViolationError { pointer: string; keyword: string; message: string }
export interface Violation { event: EventRef; errors: ViolationError[]; payload: unknown }
export type OnViolation = 'warn' | 'throw' | 'skip' | 'off' | ((violation: Violation) => void);
export interface Validator { (data: unknown): boolean; errors?: unknown[] | null }
export interface AnalyticsLike { track?: Function; identify?: Function }
export interface PlatenState {
  analytics?: AnalyticsLike | (() => AnalyticsLike | undefined);
  onViolation?: OnViolation;
  language: string;
  version: string;
}
export declare function send(state: PlatenState, event: EventRef, args: unknown[], payloadIndex: number, optionsIndex: number, validate?: Validator): void;
`;

/**
 * Writes `files` (plus a stub `validators/<stem>.d.ts` for every dev-mode validator import) into a
 * fresh temp folder and type-checks them. Returns the diagnostics as `file:line: message` strings.
 */
export function typeCheck(
  files: Iterable<GeneratedFile>,
  options: ts.CompilerOptions = STRICT_OPTIONS,
): string[] {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'emit-tsc-'));
  try {
    const roots: string[] = [];
    const write = (path: string, contents: string): void => {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, contents);
      if (path.endsWith('.ts')) roots.push(full);
    };
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const runtimeTypes = join(ROOT, 'node_modules/@platen/runtime/dist/esm/index.d.ts');
    if (!existsSync(runtimeTypes) || !readFileSync(runtimeTypes, 'utf8').includes('send')) {
      write(
        'node_modules/@platen/runtime/package.json',
        '{ "name": "@platen/runtime", "type": "module", "types": "index.d.ts" }',
      );
      write('node_modules/@platen/runtime/index.d.ts', RUNTIME_STUB);
    }
    for (const file of files) {
      write(file.path, file.contents);
      for (const [, stem] of file.contents.matchAll(/from '\.\.\/validators\/([\w-]+)\.js'/g)) {
        // Next to the importing module's folder, so clients under a prefix (`case/…`) work too.
        write(
          join(dirname(file.path), '..', 'validators', `${stem!}.d.ts`),
          'import type { Validator } from "@platen/runtime";\nexport declare const validate: Validator;\n',
        );
      }
    }
    const program = ts.createProgram(roots, options);
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (d.file === undefined || d.start === undefined) return text;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${d.file.fileName.slice(dir.length + 1)}:${line + 1}: ${text}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
