/**
 * Issue 17: the diff engine and its formatters can be bundled for Apps Script (the Sheets add-on's
 * send preview): nothing they load, directly or through the modules they import, uses a Node
 * built-in or a package. `diffPlans` (which normalizes with `node:crypto`) is the one exception.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Json, Rule } from '../../src/plan/types.js';
import { REPO } from '../support/helpers.js';

const SRC = join(REPO, 'packages/compiler/src');

/** Every module specifier a file loads at run time (`import type` and `export type` are erased). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const re = /^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm;
  for (const m of text.matchAll(re)) found.push((m[1] ?? m[2])!);
  return found;
}

/** The closure of run-time imports from `entry`: the files, and every non-relative specifier met. */
function closure(entry: string): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (!spec.startsWith('.')) external.add(spec);
      else queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    }
  }
  return {
    files: [...files].map((f) => f.slice(SRC.length + 1)).sort(),
    external: [...external].sort(),
  };
}

describe('the diff engine is pure', () => {
  it.each(['diff/events.ts', 'diff/format.ts'])(
    '%s loads no Node built-in and no package',
    (entry) => {
      const { files, external } = closure(join(SRC, entry));
      expect(external).toEqual([]);
      expect(files).toContain(entry);
    },
  );

  it('the check sees a Node import where there is one (diffPlans normalizes with node:crypto)', () => {
    expect(closure(join(SRC, 'diff/index.ts')).external).toContain('node:crypto');
  });
});

describe('the diff engine runs without Node', () => {
  it('bundled for a neutral platform, it runs in a bare VM context and gives what it gives in Node', async () => {
    const { build } = await import('esbuild');
    const { runInNewContext } = await import('node:vm');
    const { diffPlans, diffIr, formatDiffMarkdown, formatDiffText, toDiffable } =
      await import('../../src/diff/index.js');
    const bundle = await build({
      stdin: {
        contents:
          "export { diffIr } from './events.js';\n" +
          "export { formatDiffText, formatDiffMarkdown } from './format.js';\n",
        resolveDir: join(SRC, 'diff'),
        loader: 'ts',
      },
      bundle: true,
      platform: 'neutral',
      format: 'iife',
      globalName: 'PlatenDiff',
      write: false,
      logLevel: 'silent',
    });
    const code = bundle.outputFiles[0]!.text;
    expect(code).not.toMatch(/\brequire\(|["']node:/);
    const rule = (props: Record<string, Json>, required: string[] = []): Rule => ({
      type: 'TRACK' as const,
      key: 'E',
      version: 1,
      jsonSchema: {
        type: 'object',
        properties: { properties: { type: 'object', properties: props, required } },
      },
    });
    const from = toDiffable([rule({ a: { type: 'string' } })]);
    const to = toDiffable([rule({ a: { type: 'number' }, b: { type: 'string' } }, ['b'])]);
    // Nothing from Node in the context: no require, process, Buffer or globalThis extras.
    const sandbox: Record<string, unknown> = { from, to };
    const text = runInNewContext(
      `${code}\nPlatenDiff.formatDiffText(PlatenDiff.diffIr(from, to)) + PlatenDiff.formatDiffMarkdown(PlatenDiff.diffIr(from, to))`,
      sandbox,
    ) as string;
    const inNode = diffPlans(
      [rule({ a: { type: 'string' } })],
      [rule({ a: { type: 'number' }, b: { type: 'string' } }, ['b'])],
    );
    expect(text).toBe(formatDiffText(inNode) + formatDiffMarkdown(diffIr(from, to)));
    expect(text).toContain('/b  breaking-sender    new required property (string)');
  });
});

describe('the diff as the packages export it', () => {
  it('@platen/compiler and @platen/compiler/diff (dist) export diffPlans and the formatters', async () => {
    const dist = join(REPO, 'packages/compiler/dist');
    const main = (await import(
      pathToFileURL(join(dist, 'index.js')).href
    )) as typeof import('../../src/index.js');
    const sub = (await import(
      pathToFileURL(join(dist, 'diff/index.js')).href
    )) as typeof import('../../src/diff/index.js');
    const pkg = JSON.parse(readFileSync(join(REPO, 'packages/compiler/package.json'), 'utf8'));
    expect(pkg.exports['./diff']).toEqual({
      types: './dist/diff/index.d.ts',
      default: './dist/diff/index.js',
    });
    const rule = (type: string): Rule => ({
      type: 'TRACK',
      key: 'E',
      version: 1,
      jsonSchema: {
        type: 'object',
        properties: { properties: { type: 'object', properties: { a: { type } } } },
      },
    });
    const diff = main.diffPlans([rule('string')], [rule('number')]);
    expect(diff.events[0]!.changes.map((c) => [c.pointer, c.class])).toEqual([
      ['/a', 'breaking-both'],
    ]);
    expect(sub.formatDiffText(sub.diffPlans([rule('string')], [rule('number')]))).toBe(
      main.formatDiffText(diff),
    );
    expect(main.formatDiffMarkdown(diff)).toContain(
      '| `/a` | breaking-both | type changed: string → number |',
    );
  });
});
