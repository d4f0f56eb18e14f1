/**
 * SHA-256 of generated files' texts, memoized per build. A `--watch` process hands the same string
 * objects from one build to the next (files kept in memory), so a text hashed by the last build costs
 * a map lookup, not a hash over it. Owned by an {@link Incremental}; nothing here is module state.
 */
import { createHash } from 'node:crypto';

/** SHA-256 (hex) of a text. */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Hashes of texts met in this build and in the one before. */
export class HashMemo {
  private current = new Map<string, string>();
  private before = new Map<string, string>();

  /** Starts a build: hashes the last build did not ask for are forgotten. */
  nextBuild(): void {
    this.before = this.current;
    this.current = new Map();
  }

  /** SHA-256 (hex) of a generated file's text. */
  of(text: string): string {
    let hash = this.current.get(text);
    if (hash !== undefined) return hash;
    hash = this.before.get(text) ?? sha256(text);
    this.current.set(text, hash);
    return hash;
  }
}
