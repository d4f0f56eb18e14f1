/**
 * What a `--watch` process remembers of an output's last build, so the next build reads nothing of
 * it from disk: the build cache, the manifest, and every generated file with the identity it had on
 * disk when written (a file edited, replaced or removed since is read from disk as in a one-off
 * build).
 */
import { lstatSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedFile } from '../compile-types.js';
import type { Manifest } from '../naming/types.js';
import type { BuildCache } from './cache.js';
import type { OutputReader } from './output-build.js';

/** A generated file as the last build in this process wrote it, and the file's identity on disk. */
export interface Remembered {
  contents: string;
  /** Device, inode, size and modification time when it was written (or last read and found equal). */
  stamp: string | undefined;
}

/** What a watch process keeps of one output's last build. */
export interface OutputMemory {
  cache: BuildCache;
  manifestText: string;
  manifest: Manifest;
  files: Map<string, Remembered>;
  /**
   * Every folder of the output as this process's last write left it (see `InPlace` in
   * output/write.ts): while none changed, the next build replaces its changed files in place.
   */
  folders?: Map<string, string>;
}

const stampOf = (st: Stats): string =>
  `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.isFile() ? 'f' : 'x'}`;

/** The identity of the file at `path` now, or `undefined` when it cannot be read. */
export function statStamp(path: string): string | undefined {
  try {
    return stampOf(lstatSync(path));
  } catch {
    return undefined;
  }
}

/**
 * `disk` (a reader of the output `dir`) from memory first: a file still on disk as this process
 * wrote it (same inode, size and time) is not read again.
 */
export function rememberingReader(
  dir: string,
  files: ReadonlyMap<string, Remembered>,
  disk: OutputReader,
): OutputReader {
  return (path) => {
    const known = files.get(path);
    if (known?.stamp !== undefined && statStamp(join(dir, path)) === known.stamp)
      return known.contents;
    return disk(path);
  };
}

/** The memory of `files` just written to `dir`: stamps kept for files whose text did not change. */
export function remember(
  dir: string,
  files: readonly GeneratedFile[],
  before: ReadonlyMap<string, Remembered> | undefined,
): { files: Map<string, Remembered>; changed: number } {
  const now = new Map<string, Remembered>();
  let changed = 0;
  for (const file of files) {
    const old = before?.get(file.path);
    const same = old !== undefined && old.contents === file.contents;
    if (!same) changed++;
    const stamp = same && old.stamp !== undefined ? old.stamp : statStamp(join(dir, file.path));
    now.set(file.path, { contents: file.contents, stamp });
  }
  if (before !== undefined) for (const path of before.keys()) if (!now.has(path)) changed++;
  return { files: now, changed };
}
