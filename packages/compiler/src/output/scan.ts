/** Reads what an output directory holds, and which of its files Platen generated. */
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATED_BANNER } from '../emit/banner.js';
import { MANIFEST_FILE, parseManifest } from './manifest.js';

/** One entry under an output directory, by POSIX path relative to it. */
export interface ScannedEntry {
  kind: 'file' | 'dir' | 'symlink' | 'other';
  /** True for a file Platen wrote: its first line is the banner, or it is a Platen manifest. */
  generated: boolean;
}

/** What {@link scanOutput} found. */
export interface OutputScan {
  /** `missing`: nothing there; `dir`: a real directory; `symlink`/`other`: refused. */
  state: 'missing' | 'dir' | 'symlink' | 'other';
  entries: Map<string, ScannedEntry>;
}

const BANNER_BYTES = Buffer.from(GENERATED_BANNER + '\n');

/**
 * Reads only as many bytes as the banner line needs: person-written files may be large. Synchronous
 * (like the whole scan): thousands of files cost far less CPU without promises and the thread pool.
 */
function startsWithBanner(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(BANNER_BYTES.length);
    const bytesRead = readSync(fd, buffer, 0, BANNER_BYTES.length, 0);
    return bytesRead === BANNER_BYTES.length && buffer.equals(BANNER_BYTES);
  } finally {
    closeSync(fd);
  }
}

/** Whether the regular file `absolute` (`relative` in the output) is one Platen generated. */
export function isGenerated(absolute: string, relative: string): boolean {
  if (relative === MANIFEST_FILE)
    return parseManifest(readFileSync(absolute, 'utf8')) !== undefined;
  return startsWithBanner(absolute);
}

/**
 * Lists an output directory recursively without following symlinks. A regular file in `known` (the
 * build read it and found the bytes it generated) counts as generated without being opened again.
 */
export async function scanOutput(
  dir: string,
  known: ReadonlySet<string> = new Set(),
): Promise<OutputScan> {
  const entries = new Map<string, ScannedEntry>();
  let stat;
  try {
    stat = await lstat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', entries };
    throw err;
  }
  if (stat.isSymbolicLink()) return { state: 'symlink', entries };
  if (!stat.isDirectory()) return { state: 'other', entries };
  const walk = (relative: string): void => {
    const names = readdirSync(join(dir, relative)).sort();
    for (const name of names) {
      const rel = relative === '' ? name : `${relative}/${name}`;
      const abs = join(dir, rel);
      const s = lstatSync(abs);
      if (s.isSymbolicLink()) entries.set(rel, { kind: 'symlink', generated: false });
      else if (s.isDirectory()) {
        entries.set(rel, { kind: 'dir', generated: false });
        walk(rel);
      } else if (s.isFile())
        entries.set(rel, { kind: 'file', generated: known.has(rel) || isGenerated(abs, rel) });
      else entries.set(rel, { kind: 'other', generated: false });
    }
  };
  walk('');
  return { state: 'dir', entries };
}

/**
 * The text of every generated validator module under `dir/validators` (a real directory only;
 * symlinks are not followed), by path relative to `dir`, for reuse by the next build. Never throws:
 * no folder, no modules.
 */
export async function readValidatorModules(dir: string): Promise<Map<string, string>> {
  const folder = join(dir, 'validators');
  const out = new Map<string, string>();
  try {
    if ((await lstat(dir)).isSymbolicLink() || !(await lstat(folder)).isDirectory()) return out;
    for (const name of (await readdir(folder)).sort()) {
      const path = join(folder, name);
      if (!/\.(ts|js|cjs)$/.test(name) || !lstatSync(path).isFile()) continue;
      const text = readFileSync(path, 'utf8');
      if (text.startsWith(GENERATED_BANNER + '\n')) out.set(`validators/${name}`, text);
    }
    return out;
  } catch {
    return out;
  }
}
