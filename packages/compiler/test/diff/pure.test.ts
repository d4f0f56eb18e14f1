/**
 * Issue 17: the diff engine and its formatters can be bundled for Apps Script (the Sheets add-on's
 * send preview): nothing they load, directly or through the modules they import, uses a Node
 * built-in or a package. `diffPlans` (which normalizes with `node:crypto`) is the one exception.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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
