/** Reading back what the last build wrote into an output folder (never through a symbolic link). */
import { lstatSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Manifest } from '../naming/types.js';
import { MANIFEST_FILE, parseManifest } from './manifest.js';

/** The last build's manifest in `dir`: its text, and what it says (undefined when not a manifest). */
export async function readLastManifest(
  dir: string,
): Promise<{ text?: string; manifest?: Manifest }> {
  try {
    const text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
    const manifest = parseManifest(text);
    return manifest === undefined ? { text } : { text, manifest };
  } catch {
    return {};
  }
}

/**
 * Reads files of the last build in `dir` (the caller checks their hash before using them): a regular
 * file only, never through a symbolic link. Each folder is checked once per reader.
 */
export function outputReader(dir: string): (path: string) => string | undefined {
  const plain = new Map<string, boolean>();
  // True when neither `folder` nor any folder between it and `dir` (included) is a symbolic link.
  const isPlain = (folder: string): boolean => {
    let known = plain.get(folder);
    if (known === undefined) {
      known =
        !lstatSync(folder).isSymbolicLink() &&
        (folder.length <= dir.length || isPlain(dirname(folder)));
      plain.set(folder, known);
    }
    return known;
  };
  return (path) => {
    try {
      const abs = join(dir, path);
      if (!isPlain(dirname(abs)) || !isPlain(dir)) return undefined;
      return lstatSync(abs).isFile() ? readFileSync(abs, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
}
