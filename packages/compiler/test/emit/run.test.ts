/**
 * Behaviour over text: the generated client, transpiled to JavaScript and run against the workspace's
 * `@platen/runtime` with a fake analytics instance, sends every wire name byte for byte and stamps
 * every call with its own rule version. Validators are stubs (the build step writes the real ones).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitClient } from '../../src/emit/index.js';
import type { Json } from '../../src/plan/types.js';
import { DEV, named } from '../support/emit.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const WIRE = 'Signed Up "Beta" \' <&> = \u2028 \\ é';

const closed = (properties: Record<string, Json> = {}, required: string[] = []): Json => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

// Rejects any payload holding a key named `bad`, so violations can be provoked on purpose.
const STUB_VALIDATOR = `export const validate = (data) => {
  const ok = !(data && typeof data === 'object' && 'bad' in data);
  validate.errors = ok ? null : [{ instancePath: '/bad', schemaPath: '#', keyword: 'not', params: {}, message: 'must not be bad' }];
  return ok;
};
`;

type Client = Record<string, (...args: unknown[]) => void>;

let dir = '';
let client: Client;
/** The generated function name of each wire name (latest version). */
let fn: (wire: string, version?: number) => (...args: unknown[]) => void;
const calls: unknown[][] = [];

beforeAll(async () => {
  const ir = named([
    { key: WIRE, properties: closed() },
    { key: 'Order Completed', version: 1, properties: closed({ revenue: { type: 'number' } }) },
    { key: 'Order Completed', version: 2, properties: closed({ total: { type: 'number' } }) },
    // Keys of the generic track's lookup table that an object literal or `in` would get wrong.
    { key: '__proto__', version: 3, properties: closed({ p: { type: 'number' } }) },
    { key: 'constructor', version: 4, properties: closed() },
  ]);
  const files = emitClient(ir, DEV);
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, '.tmp', 'emit-run-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  for (const file of files) {
    const js = ts.transpileModule(file.contents, {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true,
      },
    }).outputText;
    const path = join(dir, file.path.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, js);
    for (const [, stem] of file.contents.matchAll(/from '\.\.\/validators\/([\w-]+)\.js'/g)) {
      mkdirSync(join(dir, 'validators'), { recursive: true });
      writeFileSync(join(dir, 'validators', `${stem!}.js`), STUB_VALIDATOR);
    }
  }
  client = (await import(pathToFileURL(join(dir, 'index.js')).href)) as Client;
  fn = (wire, version = 1) => {
    const rule = ir.rules.find((r) => r.rule.key === wire && r.rule.version === version)!;
    return client[rule.names.function]!;
  };
  client.configure!({
    analytics: { track: (...args: unknown[]) => calls.push(args) },
    onViolation: 'throw',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The SDK arguments of the next call made by `send`. */
function sent(run: () => void): unknown[] {
  calls.length = 0;
  run();
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

const versionOf = (args: unknown[]): unknown =>
  (args[2] as { context?: { protocols?: { event_version?: unknown } } }).context?.protocols
    ?.event_version;

describe('generated client at run time', () => {
  it('sends the wire name byte for byte, with {} when properties are left out', () => {
    const args = sent(() => fn(WIRE)());
    expect(args[0]).toBe(WIRE);
    expect(args[1]).toEqual({});
    expect(versionOf(args)).toBe(1);
    expect((args[2] as { context: { platen: unknown } }).context.platen).toEqual({
      language: 'typescript',
      version: '0.1.0',
    });
  });

  it('stamps each version of a key with its own version', () => {
    expect(versionOf(sent(() => fn('Order Completed', 1)({ revenue: 1 })))).toBe(1);
    expect(versionOf(sent(() => fn('Order Completed', 2)({ total: 1 })))).toBe(2);
  });

  it('generic track dispatches to the latest version, passing options and callback through', () => {
    const callback = (): void => undefined;
    const args = sent(() =>
      client.track!('Order Completed', { total: 2 }, { context: { ip: '0' } }, callback),
    );
    expect(args[0]).toBe('Order Completed');
    expect(args[1]).toEqual({ total: 2 });
    expect(versionOf(args)).toBe(2);
    expect((args[2] as { context: { ip: string } }).context.ip).toBe('0');
    expect(args[3]).toBe(callback);
    expect(sent(() => client.track!(WIRE))[0]).toBe(WIRE);
  });

  it('generic track finds planned names that are Object.prototype keys, and only planned ones', () => {
    const proto = sent(() => client.track!('__proto__', { p: 1 }));
    expect([proto[0], proto[1], versionOf(proto)]).toEqual(['__proto__', { p: 1 }, 3]);
    const ctor = sent(() => client.track!('constructor'));
    expect([ctor[0], ctor[1], versionOf(ctor)]).toEqual(['constructor', {}, 4]);
    // Inherited names are not planned events: sent untyped, like any other unknown name.
    for (const name of ['toString', 'hasOwnProperty', '__defineGetter__']) {
      const args = sent(() => client.track!(name, { a: 1 }));
      expect([args[0], args[1], versionOf(args)]).toEqual([name, { a: 1 }, undefined]);
    }
  });

  it('sends events the plan does not know (untyped callers) without a version', () => {
    const args = sent(() => client.track!('Not Planned', { a: 1 }));
    expect(args[0]).toBe('Not Planned');
    expect(versionOf(args)).toBeUndefined();
  });

  it('validates in dev builds: an invalid payload reaches onViolation', () => {
    calls.length = 0;
    expect(() => fn('Order Completed', 2)({ bad: true })).toThrow(
      expect.objectContaining({
        name: 'PlatenViolationError',
        message: expect.stringMatching(/bad/),
      }),
    );
    expect(() => client.track!('Order Completed', { bad: true })).toThrow(
      expect.objectContaining({
        name: 'PlatenViolationError',
        message: expect.stringMatching(/bad/),
      }),
    );
    expect(calls).toHaveLength(0);
  });
});
