/**
 * One test per defect seen in other tracking-plan generators that the emitter must not repeat, run
 * through the real pipeline (normalize → names → emit). Each names its decision in
 * docs/decisions.md by slug. Type-level behaviour is in typecheck.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { emitClient } from '../../src/emit/index.js';
import type { LoadedPlan } from '../../src/plan/types.js';
import { importBundled, tempDir, writeFiles } from '../support/helpers.js';
import { CALL_RULES } from '../support/call-rules.js';
import { DEV, PROD, emit, messageSchema, named, typeCheck } from '../support/emit.js';

/** The string values of every string literal in `source`, as JavaScript reads them. */
function stringValues(source: string): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) out.push(node.text);
    node.forEachChild(visit);
  };
  visit(file);
  return out;
}

/** Syntax errors of a TypeScript source (empty when it parses). */
function syntaxErrors(source: string): string[] {
  const out = ts.transpileModule(source, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022 },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const closed = { type: 'object', additionalProperties: false };
const eventFile = (files: Map<string, string>, stem: string): string =>
  files.get(`events/${stem}.ts`) ?? '';

describe('defects of other generators that Platen must not repeat', () => {
  // docs/decisions.md#wire-names
  it('wire names reach analytics.track byte for byte', () => {
    const wire = `Signed Up "Beta" ' = & < > \\ \u2028 \ud800 é`;
    const files = emit([{ key: wire, properties: closed }]);
    const [stem] = [...files.keys()]
      .filter((p) => p.startsWith('events/'))
      .map((p) => p.slice(7, -3));
    const values = stringValues(eventFile(files, stem!));
    // Once in the event reference, once as the first argument of the SDK call.
    expect(values.filter((v) => v === wire)).toHaveLength(2);
    expect(values.some((v) => v.includes('&quot;') || v.includes('&amp;'))).toBe(false);
    expect(stringValues(files.get('types.ts')!)).toContain(wire);
    expect(stringValues(files.get('track.ts')!)).toContain(wire);
  });

  // docs/decisions.md#reserved-and-colliding-names
  it('reserved-word and colliding event names give valid, distinct functions', () => {
    const rules = ['default', 'new', 'delete', 'class', 'Order-Completed', 'Order Completed'].map(
      (key) => ({ key, properties: closed }),
    );
    const files = emit(rules);
    // Per file, overloads of one function (the generic track's) count once.
    const functions = [...files.values()].flatMap((s) => [
      ...new Set([...s.matchAll(/export function (\w+)/g)].map((m) => m[1])),
    ]);
    expect(new Set(functions).size).toBe(functions.length);
    for (const [path, source] of files) expect([path, syntaxErrors(source)]).toEqual([path, []]);
    // index, state, track, types and the generic page.
    expect(files.size).toBe(5 + rules.length);
  });

  // docs/decisions.md#enums-as-literal-unions
  it('enums are inline literal unions per event, never TS enums', () => {
    const files = emit([
      { key: 'A', properties: { ...closed, properties: { method: { enum: ['card', 'cash'] } } } },
      { key: 'B', properties: { ...closed, properties: { method: { enum: ['wire'] } } } },
    ]);
    const types = files.get('types.ts')!;
    expect(types).toContain("method?: 'card' | 'cash';");
    expect(types).toContain("method?: 'wire';");
    expect(
      [...files.values()].some((s) => /\benum\b/.test(s.replace(/\/\*\*[\s\S]*?\*\//g, ''))),
    ).toBe(false);
  });

  // docs/decisions.md#literal-types
  it('integer enums and consts keep their literal types', () => {
    const types = emit([
      {
        key: 'E',
        properties: {
          ...closed,
          properties: {
            n: { type: 'integer', enum: [1, 2, 3] },
            c: { const: 7 },
            s: { const: 'x' },
          },
        },
      },
    ]).get('types.ts')!;
    expect(types).toContain('n?: 1 | 2 | 3;');
    expect(types).toContain('c?: 7;');
    expect(types).toContain("s?: 'x';");
    expect(types).not.toMatch(/number \| number/);
  });

  // docs/decisions.md#formats-are-strings
  it('format date-time is a documented string, never Date', () => {
    const types = emit([
      {
        key: 'E',
        properties: { ...closed, properties: { at: { type: 'string', format: 'date-time' } } },
      },
    ]).get('types.ts')!;
    expect(types).toContain('  /** @format date-time */\n  at?: string;');
    const payload = types.slice(0, types.indexOf('export interface TrackEvents'));
    expect(payload).not.toMatch(/\bDate\b/);
  });

  // docs/decisions.md#exclusive-unions
  it('oneOf over objects stays a union of exact, exclusive members', () => {
    const types = emit([
      {
        key: 'E',
        properties: {
          ...closed,
          properties: {
            pay: {
              oneOf: [
                { ...closed, properties: { card: { type: 'string' } }, required: ['card'] },
                { ...closed, properties: { iban: { type: 'string' } }, required: ['iban'] },
              ],
            },
          },
        },
      },
    ]).get('types.ts')!;
    expect(types).toMatch(/card: string;\n\s+iban\?: never;/);
    expect(types).toMatch(/iban: string;\n\s+card\?: never;/);
  });

  // docs/decisions.md#exact-objects
  it('objects are exact: no index signature unless extra keys are allowed explicitly, never any', () => {
    const files = emit([
      { key: 'Implicit', properties: { type: 'object', properties: { a: { type: 'string' } } } },
      {
        key: 'Explicit',
        properties: {
          type: 'object',
          properties: { a: { type: 'string' } },
          additionalProperties: true,
        },
      },
    ]);
    const types = files.get('types.ts')!;
    const implicit = types.slice(types.indexOf('export interface ImplicitProperties'));
    expect(implicit.slice(0, implicit.indexOf('}'))).not.toContain('[key: string]');
    expect(types).toMatch(
      /export interface ExplicitProperties \{\n\s+a\?: string;\n\s+\[key: string\]: unknown;/,
    );
    for (const source of files.values())
      expect(source.replace(/\/\*\*[\s\S]*?\*\//g, '')).not.toMatch(/\bany\b/);
  });

  // docs/decisions.md#tree-shakable-output
  it('named exports only, no Proxy, no module-level side effects; each event imports only its own validator', () => {
    const files = emit([
      { key: 'A', properties: closed },
      { key: 'B', properties: closed },
    ]);
    for (const [path, source] of files) {
      expect(source).not.toMatch(/export default|\bProxy\b/);
      const file = ts.createSourceFile(path, source, ts.ScriptTarget.ES2022, true);
      for (const statement of file.statements) {
        const allowed =
          ts.isImportDeclaration(statement) ||
          ts.isExportDeclaration(statement) ||
          ts.isFunctionDeclaration(statement) ||
          ts.isInterfaceDeclaration(statement) ||
          ts.isTypeAliasDeclaration(statement) ||
          (ts.isVariableStatement(statement) &&
            statement.declarationList.flags & ts.NodeFlags.Const &&
            statement.declarationList.declarations.every(
              (d) => d.initializer !== undefined && ts.isObjectLiteralExpression(d.initializer),
            ));
        expect([path, statement.getText().slice(0, 40), Boolean(allowed)]).toEqual([
          path,
          statement.getText().slice(0, 40),
          true,
        ]);
      }
    }
    expect(files.get('events/a.ts')).toContain("from '../validators/a.js'");
    expect(files.get('events/a.ts')).not.toContain('validators/b');
  });

  // Other generators typed only track calls (docs/decisions.md#every-call-typed). Every call type
  // must keep both halves of the promise: a type that rejects a misuse at compile time, and a dev
  // validator that reports a bad payload (arriving untyped, e.g. `as never`) at run time.
  const callPlan: LoadedPlan = {
    plan: {
      id: 'tp_calls',
      name: 'Calls',
      type: 'LIVE',
      rules: CALL_RULES.map((r) => ({
        type: r.type ?? 'TRACK',
        key: r.key ?? null,
        version: r.version ?? 1,
        jsonSchema: r.jsonSchema ?? messageSchema(r.properties ?? {}),
      })),
    },
    format: 'public-api',
    file: 'plan.json',
    ruleSources: CALL_RULES.map((_, i) => ({
      file: 'plan.json',
      pointer: `/rules/${i}/jsonSchema`,
    })),
  };
  // Each misuse line must be a type error (an unused `@ts-expect-error` is one too); the rest compile.
  const CALL_USAGE = `
import { identify, group, page, homePage, settingsScreen } from './index.js';

identify('u1', { email: 'a@b.co' });
identify({ email: 'a@b.co' });
// @ts-expect-error identify traits are typed
identify('u1', { email: 5 });
// @ts-expect-error identify traits are exact
identify('u1', { emial: 'a@b.co' });
group('g1', { name: 'Acme' });
// @ts-expect-error group traits are typed: name is required
group('g1', {});
// @ts-expect-error group traits are exact
group('g1', { name: 'Acme', plan: 'pro' });
page(null, { path: '/' });
// @ts-expect-error page properties are typed: path is required
page('Home', {});
homePage({ referrer: 'x' });
// @ts-expect-error keyed page properties are typed
homePage({ referrer: 1 });
settingsScreen({ tab: 'privacy' });
// @ts-expect-error screen properties are typed: tab is required
settingsScreen({});
// @ts-expect-error screen properties are exact
settingsScreen({ tab: 'privacy', tba: 'x' });
`;

  describe('every call type typed, not only track (identify, group, page and screen too)', () => {
    it('types reject misuses of every call type', async () => {
      const result = await compile(callPlan, {
        language: 'typescript',
        sdk: 'generic',
        mode: 'prod',
      });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const files = result.files.filter((f) => f.path.endsWith('.ts'));
      expect(files.map((f) => f.path)).toEqual(
        expect.arrayContaining(['events/identify.ts', 'events/group.ts', 'events/page.ts']),
      );
      expect(typeCheck([...files, { path: 'usage.ts', contents: CALL_USAGE }])).toEqual([]);
    }, 60_000);

    it('dev validators report a bad payload of every call type', async () => {
      const result = await compile(callPlan, {
        language: 'typescript',
        sdk: 'generic',
        mode: 'dev',
      });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const dir = tempDir('every-call-typed');
      writeFiles(dir, result.files);
      writeFileSync(
        join(dir, 'entry.ts'),
        `import * as client from './index.js';
export const sent: unknown[][] = [];
export const violations: { event: unknown; errors: { pointer: string }[] }[] = [];
const record = (name: string) => (...args: unknown[]) => { sent.push([name, ...args]); };
client.configure({
  analytics: { track: record('track'), identify: record('identify'), group: record('group'), page: record('page'), screen: record('screen') },
  onViolation: (v) => { violations.push(v as never); },
});
export { client };
`,
      );
      type Fn = (...args: unknown[]) => void;
      const { client, sent, violations } = await importBundled<{
        client: Record<string, Fn>;
        sent: unknown[][];
        violations: { event: unknown; errors: { pointer: string }[] }[];
      }>(join(dir, 'entry.ts'));
      // [call, arguments, the violation's event ref and the pointers of its errors]
      const cases: [string, unknown[], unknown, string[]][] = [
        [
          'identify',
          ['u1', { email: 5 }],
          { type: 'identify', name: null, version: 2 },
          ['/email'],
        ],
        [
          'group',
          ['g1', { plan: 'pro' }],
          { type: 'group', name: null, version: 1 },
          ['/name', '/plan'],
        ],
        ['page', [null, { path: 7 }], { type: 'page', name: null, version: 1 }, ['/path']],
        [
          'homePage',
          [{ referrer: false }],
          { type: 'page', name: 'Home', version: 1 },
          ['/referrer'],
        ],
        ['settingsScreen', [{}], { type: 'screen', name: 'Settings', version: 1 }, ['/tab']],
      ];
      for (const [fn, args, event, pointers] of cases) {
        violations.length = 0;
        client[fn]!(...args);
        expect([fn, violations.map((v) => v.event)]).toEqual([fn, [event]]);
        expect([fn, violations[0]!.errors.map((e) => e.pointer).sort()]).toEqual([fn, pointers]);
      }
      // Good payloads pass untouched.
      violations.length = 0;
      sent.length = 0;
      client.identify!('u1', { email: 'a@b.co' });
      client.group!('g1', { name: 'Acme' });
      client.settingsScreen!({ tab: 'privacy' });
      expect(violations).toEqual([]);
      expect(sent.map((s) => s[0])).toEqual(['identify', 'group', 'screen']);
    }, 60_000);
  });

  // docs/decisions.md#event-versions
  it('every version of a key gets its function and passes its own version', () => {
    const files = emit(
      [1, 2, 3].map((version) => ({ key: 'Order Completed', version, properties: closed })),
    );
    const refs = [...files.entries()]
      .filter(([p]) => p.startsWith('events/'))
      .map(([, s]) => s.match(/version: (\d+)/)?.[1]);
    expect(refs.sort()).toEqual(['1', '2', '3']);
    // The generic track uses the latest version.
    expect(files.get('track.ts')).toMatch(/'Order Completed': orderCompleted\b/);
  });

  // docs/decisions.md#names-are-data
  it('names that look like URIs or paths are data', () => {
    const keys = [
      'Checkout: Started',
      'A ## B',
      'Signed Up (Email/Password)!',
      '../../etc/passwd',
      '#/definitions/x',
    ];
    const files = emit(keys.map((key) => ({ key, properties: closed })));
    for (const path of files.keys()) expect(path).toMatch(/^(events\/)?[a-z0-9-]+\.ts$/);
    const wires = stringValues(files.get('track.ts')!);
    for (const key of keys) expect(wires).toContain(key);
  });

  // docs/decisions.md#empty-events
  it('no properties means no argument, and the version is a number', () => {
    const files = emit([{ key: 'Ping', properties: closed }], PROD);
    const source = files.get('events/ping.ts')!;
    expect(source).toContain('properties?: PingProperties,');
    expect(source).toContain('version: 1 }');
    expect(source).not.toMatch(/version: ""/);
    expect(source).not.toContain('validate');
  });

  it('a rule without a properties schema still takes an optional argument', () => {
    const ir = named([{ key: 'Bare', jsonSchema: { type: 'object' } }]);
    const files = emitClient(ir, DEV);
    expect(files.find((f) => f.path === 'events/bare.ts')?.contents).toMatch(
      /properties\?: BareProperties/,
    );
    expect(messageSchema({})).toHaveProperty('required');
  });
});
