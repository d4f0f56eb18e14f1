/**
 * Canonical JSON (object keys sorted by code unit, recursively) and the plan hash. Iterative, so a
 * hostile plan nested thousands of levels deep cannot overflow the stack.
 */
import { createHash } from 'node:crypto';
import type { Plan } from '../plan/types.js';
import { compareRules } from './rules.js';

/** A piece of output text queued between values. */
class Raw {
  constructor(readonly text: string) {}
}

/**
 * Serializes a JSON value with every object's keys sorted. `undefined` members are skipped like
 * `JSON.stringify` does, so hand-built values with optional fields hash like their parsed form.
 */
export function canonicalJson(value: unknown): string {
  try {
    return fastCanonical(value, 0);
  } catch (error) {
    if (error !== TOO_DEEP) throw error;
    return iterativeCanonical(value);
  }
}

/** Thrown by {@link fastCanonical} past {@link FAST_DEPTH}, to switch to the stack-safe version. */
const TOO_DEEP = new Error('too deep for the recursive serializer');
const FAST_DEPTH = 1000;

/** Recursive serializer for ordinary plans (several times faster than the iterative one). */
function fastCanonical(item: unknown, depth: number): string {
  if (item instanceof Raw) return item.text;
  if (typeof item !== 'object' || item === null) return JSON.stringify(item) ?? 'null';
  if (depth > FAST_DEPTH) throw TOO_DEEP;
  if (Array.isArray(item)) {
    return (
      '[' +
      item.map((v: unknown) => (v === undefined ? 'null' : fastCanonical(v, depth + 1))).join(',') +
      ']'
    );
  }
  const record = item as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined)
      parts.push(JSON.stringify(key) + ':' + fastCanonical(record[key], depth + 1));
  }
  return '{' + parts.join(',') + '}';
}

/** Stack-safe serializer: an explicit work stack instead of recursion. */
function iterativeCanonical(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Raw) {
      out.push(item.text);
    } else if (Array.isArray(item)) {
      out.push('[');
      stack.push(new Raw(']'));
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i] === undefined ? null : item[i]);
        if (i > 0) stack.push(new Raw(','));
      }
    } else if (typeof item === 'object' && item !== null) {
      const record = item as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      out.push('{');
      stack.push(new Raw('}'));
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push(record[key]);
        stack.push(new Raw((i > 0 ? ',' : '') + JSON.stringify(key) + ':'));
      }
    } else {
      out.push(JSON.stringify(item) ?? 'null');
    }
  }
  return out.join('');
}

/** SHA-256 (hex) of a string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The plan's content hash: canonical JSON of the plan with its rules in the IR's order (ties broken
 * by the rules' canonical text), so neither key order nor rule order in the file changes it.
 */
export function planHash(plan: Plan): string {
  const rules = Array.isArray(plan.rules) ? plan.rules : [];
  const keyed = rules.map((rule) => ({ rule, text: canonicalJson(rule) }));
  keyed.sort(
    (a, b) => compareRules(a.rule, b.rule) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
  );
  // The rules are already serialized: splice their text in rather than serializing them twice.
  return sha256(canonicalJson({ ...plan, rules: keyed.map((k) => new Raw(k.text)) }));
}
