/**
 * Formatting of generated files with prettier, one file at a time (one pass over the whole output
 * dominates build time: docs/decisions.md#linear-build), with a content-hash cache so an unchanged
 * file is never formatted twice in one process.
 */
import { createHash } from 'node:crypto';
import { format as prettierFormat, type Options as PrettierOptions } from 'prettier';
import type { GeneratedFile } from '../compile-types.js';

/**
 * The style of generated code: fixed, never read from the user's prettier config, so the same plan
 * gives the same bytes in every repository (and `build --check` agrees across machines).
 */
export const GENERATED_STYLE: Readonly<PrettierOptions> = Object.freeze({
  printWidth: 100,
  singleQuote: true,
  trailingComma: 'all',
  semi: true,
  endOfLine: 'lf',
});

/** Options of {@link formatFiles}. */
export interface FormatOptions {
  /**
   * Paths (prefix match) left as they are. Validators are machine code that nobody reads and
   * formatting them costs more than compiling them (see the measurement in README/report).
   * @default ['validators/']
   */
  skip?: readonly string[];
}

const CACHE_LIMIT = 20_000;
const cache = new Map<string, string>();
const stats = { formatted: 0, cached: 0 };

/** How many files prettier formatted and how many came from the cache, since the last clear. */
export function formatStats(): Readonly<typeof stats> {
  return { ...stats };
}

function parserFor(path: string): PrettierOptions['parser'] | undefined {
  if (/\.(ts|mts|cts|tsx)$/.test(path)) return 'typescript';
  if (/\.(js|mjs|cjs)$/.test(path)) return 'babel';
  if (path.endsWith('.json')) return 'json';
  return undefined;
}

/** Formats one file's contents (cached by parser and content hash). Unknown extensions pass through. */
export async function formatContents(path: string, contents: string): Promise<string> {
  const parser = parserFor(path);
  if (parser === undefined) return contents;
  const key = createHash('sha256').update(`${parser}\0${contents}`).digest('hex');
  const hit = cache.get(key);
  if (hit !== undefined) {
    stats.cached++;
    return hit;
  }
  stats.formatted++;
  const formatted = await prettierFormat(contents, { ...GENERATED_STYLE, parser });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, formatted);
  return formatted;
}

/**
 * Formats every file separately, in order. Files are independent, so a slow or huge one cannot
 * make the others slower; a formatter failure (a bug in an emitter) is thrown with the file's path.
 */
export async function formatFiles(
  files: readonly GeneratedFile[],
  options: FormatOptions = {},
): Promise<GeneratedFile[]> {
  const skip = options.skip ?? ['validators/'];
  const out: GeneratedFile[] = [];
  for (const file of files) {
    if (skip.some((prefix) => file.path.startsWith(prefix))) {
      out.push(file);
      continue;
    }
    try {
      out.push({ path: file.path, contents: await formatContents(file.path, file.contents) });
    } catch (err) {
      throw new Error(
        `formatting ${file.path} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return out;
}

/** Empties the formatting cache (for cold measurements). */
export function clearFormatCache(): void {
  cache.clear();
  stats.formatted = 0;
  stats.cached = 0;
}
