/**
 * After a push, the plan file's `pulled` record moves to what the remote plan now is (the pushed rules,
 * at the revision the push made), so the next push from the same file is not refused as stale. Only
 * the record's own text changes: the rest of the file, as the person wrote it, is kept byte for byte.
 */
import { readFile } from 'node:fs/promises';
import type { PulledState } from '../../plan/types.js';
import { scanString, scanValue, skipWhitespace } from '../../plan/json-scan.js';
import { writeFileAtomic } from './plans-client.js';

/**
 * The offsets of the value of the top-level member `"pulled"` of a JSON object text, or undefined when
 * the text is not an object or has no such member.
 */
export function pulledSpan(text: string): { start: number; end: number } | undefined {
  try {
    let i = skipWhitespace(text, 0);
    if (text[i] !== '{') return undefined;
    i = skipWhitespace(text, i + 1);
    while (text[i] === '"') {
      const keyEnd = scanString(text, i);
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = skipWhitespace(text, keyEnd);
      if (text[i] !== ':') return undefined;
      const start = skipWhitespace(text, i + 1);
      const end = scanValue(text, start);
      if (key === 'pulled') return { start, end };
      i = skipWhitespace(text, end);
      if (text[i] !== ',') return undefined;
      i = skipWhitespace(text, i + 1);
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Replaces the `pulled` record of the plan file at `path` with `state`, in the record's own layout
 * (indented like the line it starts on). False, with the file untouched, when it has no top-level record.
 */
export async function updatePulledRecord(path: string, state: PulledState): Promise<boolean> {
  const text = await readFile(path, 'utf8');
  const span = pulledSpan(text);
  if (!span) return false;
  const lineStart = text.lastIndexOf('\n', span.start) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const multiline = text.slice(span.start, span.end).includes('\n');
  const value = multiline
    ? JSON.stringify(state, null, 2).replace(/\n/g, `\n${indent}`)
    : JSON.stringify(state);
  await writeFileAtomic(path, text.slice(0, span.start) + value + text.slice(span.end));
  return true;
}
