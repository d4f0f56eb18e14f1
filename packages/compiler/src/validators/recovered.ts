/**
 * Recovered validators: modules read back from a previous build's output. Each module carries a header line
 * naming the hash of the schema it was compiled from and a hash of its own body; `platen build`
 * (and `--check`) seed the cache with every module whose body is intact, so an unchanged event is
 * never compiled again. An edited module fails the body check and is compiled afresh, so
 * `--check` still reports the edit.
 */
import { createHash } from 'node:crypto';
import { cacheModule } from './module-cache.js';
import { fromCommonJs, RUNTIME_VALIDATION_MODULE } from './standalone.js';

const HEADER = /^\/\/ platen-validator ([0-9a-f]{64}) ([0-9a-f]{16})( legacy-patterns)?$/;

const bodyHash = (body: string): string =>
  createHash('sha256').update(body).digest('hex').slice(0, 16);

/** The header line of a validator module (no newline). */
export function moduleHeader(key: string, body: string, legacyPatterns: boolean): string {
  return `// platen-validator ${key} ${bodyHash(body)}${legacyPatterns ? ' legacy-patterns' : ''}`;
}

/**
 * Seeds the in-process cache from validator modules read from disk (their full text). Returns how
 * many were recovered. Anything that does not parse, or whose body was changed, is ignored.
 */
export function seedValidatorCache(contents: readonly string[]): number {
  let recovered = 0;
  for (const text of contents) {
    const lines = text.split('\n');
    // Line 1 is the banner, then `// @ts-nocheck` in TypeScript output, then the header.
    const at = lines[1]?.startsWith('// platen-validator') ? 1 : 2;
    const match = HEADER.exec(lines[at] ?? '');
    if (!match) continue;
    const body = lines.slice(at + 1).join('\n');
    if (bodyHash(body) !== match[2]) continue;
    const esm = fromCommonJs(body);
    const importMatch = new RegExp(
      `^import \\{ ([\\w, ]+) \\} from '${RUNTIME_VALIDATION_MODULE}';\\n`,
    ).exec(esm);
    const imports = importMatch ? importMatch[1]!.split(', ') : [];
    const code = importMatch ? esm.slice(importMatch[0].length) : esm;
    cacheModule(match[1]!, { code, imports, legacyPatterns: match[3] !== undefined });
    recovered++;
  }
  return recovered;
}
