/**
 * JavaScript output is the TypeScript output in other syntax: declarations carry the same types and
 * JSDoc, JavaScript carries no types, CommonJS no ES module syntax; and every SDK's output is already
 * in the build's prettier style.
 */
import { transform } from 'esbuild';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import type { Sdk } from '../../src/compile-types.js';
import { emitClient, type EmitOptions } from '../../src/emit/index.js';
import { GENERATED_STYLE } from '../../src/format/index.js';
import { DEV, named } from '../support/emit.js';
import { SAMPLE_RULES } from '../support/sample-plan.js';
import { CALL_RULES } from '../support/call-rules.js';

const SDKS: Sdk[] = [
  'analytics-next',
  'analytics-js',
  'analytics-node',
  'react-native',
  'rudderstack',
  'generic',
];
const RULES = [...SAMPLE_RULES, ...CALL_RULES];

const files = (options: Partial<EmitOptions>): Map<string, string> =>
  new Map(emitClient(named(RULES), { ...DEV, ...options }).map((f) => [f.path, f.contents]));

/** Every JSDoc block of a source, in order. */
const docs = (source: string): string[] => source.match(/\/\*\*[\s\S]*?\*\//g) ?? [];

describe.each(SDKS)('%s', (sdk) => {
  const ts = files({ sdk });
  const esm = files({ sdk, language: 'javascript', module: 'esm' });
  const cjs = files({ sdk, language: 'javascript', module: 'cjs' });

  it('lays out .ts, .js + .d.ts and .cjs + .d.cts with the same modules', () => {
    const stems = (m: Map<string, string>, ext: RegExp) =>
      [...m.keys()].filter((p) => ext.test(p)).map((p) => p.replace(ext, ''));
    const all = stems(ts, /\.ts$/);
    expect(stems(esm, /\.d\.ts$/)).toEqual(all);
    expect(stems(cjs, /\.d\.cts$/)).toEqual(all);
    const runtime = all.filter((s) => s !== 'types');
    expect(stems(esm, /\.js$/)).toEqual(runtime);
    expect(stems(cjs, /\.cjs$/)).toEqual(runtime);
  });

  it('declares the same types and JSDoc as the TypeScript', () => {
    expect(esm.get('types.d.ts')).toBe(ts.get('types.ts'));
    expect(cjs.get('types.d.cts')).toBe(ts.get('types.ts'));
    for (const [path, source] of ts) {
      if (path === 'types.ts') continue;
      expect([path, docs(esm.get(path.replace(/\.ts$/, '.d.ts'))!)]).toEqual([path, docs(source)]);
    }
  });

  it('writes JavaScript without types, and CommonJS without ES module syntax', async () => {
    for (const [path, source] of [...esm, ...cjs]) {
      if (path.includes('.d.')) continue;
      // The `js` loader rejects any TypeScript syntax.
      await expect(transform(source, { loader: 'js' })).resolves.toBeDefined();
      if (path.endsWith('.cjs'))
        expect([path, /^(import|export) /m.test(source)]).toEqual([path, false]);
    }
  });

  it("is already in the build's prettier style", async () => {
    const changed: string[] = [];
    for (const [path, source] of [...ts, ...cjs]) {
      const parser = /\.(ts|cts)$/.test(path) ? 'typescript' : 'babel';
      if ((await prettier.format(source, { ...GENERATED_STYLE, parser })) !== source)
        changed.push(path);
    }
    expect(changed).toEqual([]);
  });
});
