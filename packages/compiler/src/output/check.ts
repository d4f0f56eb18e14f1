/** `platen build --check`: compares what would be generated with what is on disk. Writes nothing. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedFile } from '../compile-types.js';
import { scanOutput } from './scan.js';
import { refusalOf, swapPaths } from './write.js';
import { stat } from 'node:fs/promises';

/** Differences between the generated files and the output directory. Empty lists: up to date. */
export interface OutputDiff {
  /** Generated paths absent on disk. */
  missing: string[];
  /** Generated paths whose contents differ. */
  stale: string[];
  /** Files Platen generated earlier that the plan no longer produces. */
  extra: string[];
  /** Why the output could not even be written (a person's file in the way, a symlink…), if so. */
  refusal?: string;
  /** True when an earlier build was interrupted (the next `platen build` recovers it). */
  interrupted: boolean;
}

/** True when `diff` shows nothing to do. */
export function isFresh(diff: OutputDiff): boolean {
  return (
    !diff.interrupted &&
    diff.refusal === undefined &&
    diff.missing.length + diff.stale.length + diff.extra.length === 0
  );
}

/** Compares `files` with the output directory `dir` (absolute). */
export async function checkOutput(
  dir: string,
  files: readonly GeneratedFile[],
): Promise<OutputDiff> {
  const p = swapPaths(dir);
  const leftovers = await Promise.all(
    [p.building, p.ready, p.old].map((x) =>
      stat(x).then(
        () => true,
        () => false,
      ),
    ),
  );
  const scan = await scanOutput(dir);
  const diff: OutputDiff = {
    missing: [],
    stale: [],
    extra: [],
    interrupted: leftovers.some(Boolean),
  };
  const refusal = refusalOf(dir, scan, files);
  if (refusal) diff.refusal = refusal.message;
  const wanted = new Set(files.map((f) => f.path));
  for (const file of files) {
    const entry = scan.entries.get(file.path);
    if (!entry) diff.missing.push(file.path);
    else if (!entry.generated || readFileSync(join(dir, file.path), 'utf8') !== file.contents)
      diff.stale.push(file.path);
  }
  for (const [path, entry] of scan.entries)
    if (entry.generated && !wanted.has(path)) diff.extra.push(path);
  return diff;
}
