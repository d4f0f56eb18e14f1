/**
 * Canonical JSON (object keys sorted by code unit, recursively) and the plan hash. Iterative, so a
 * hostile plan nested thousands of levels deep cannot overflow the stack.
 */
import { createHash } from 'node:crypto';
import type { Plan } from '../plan/types.js';
import { compareText } from '../order.js';
import { compareRules } from './rules.js';

/** A piece of output text queued between values (by the iterative serializer). */
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

/** Characters JSON.stringify escapes in a string: quote, backslash, controls, (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Thrown by {@link fastCanonical} past {@link FAST_DEPTH}, to switch to the stack-safe version. */
const TOO_DEEP = new Error('too deep for the recursive serializer');
const FAST_DEPTH = 1000;

/** `"key":` per object key seen, so each distinct key is quoted once (bounded: plans are data). */
const QUOTED = new Map<string, string>();
const QUOTED_MAX = 50_000;

function quotedKey(key: string): string {
  let quoted = QUOTED.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ':';
    if (QUOTED.size < QUOTED_MAX) QUOTED.set(key, quoted);
  }
  return quoted;
}

/**
 * Recursive serializer for ordinary plans (several times faster than the iterative one). Builds the
 * text by concatenation: V8 keeps it as a rope until it is hashed, which measured faster than
 * pushing pieces onto an array and joining them.
 */
function fastCanonical(item: unknown, depth: number): string {
  // Scalars written as JSON.stringify would, without calling it for the common cases.
  switch (typeof item) {
    case 'string':
      return NEEDS_ESCAPE.test(item) ? JSON.stringify(item) : '"' + item + '"';
    case 'number':
      return Number.isFinite(item) ? String(item) : 'null';
    case 'boolean':
      return item ? 'true' : 'false';
    case 'object':
      if (item === null) return 'null';
      break;
    default:
      return JSON.stringify(item) ?? 'null';
  }
  if (depth > FAST_DEPTH) throw TOO_DEEP;
  if (Array.isArray(item)) {
    let text = '[';
    for (let i = 0; i < item.length; i++) {
      if (i > 0) text += ',';
      const v: unknown = item[i];
      text += v === undefined ? 'null' : fastCanonical(v, depth + 1);
    }
    return text + ']';
  }
  const record = item as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let text = '{';
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    text += (text.length === 1 ? '' : ',') + quotedKey(key) + fastCanonical(v, depth + 1);
  }
  return text + '}';
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

/** A rule's content hash: SHA-256 of its canonical JSON (key order does not change it). */
export function ruleHash(rule: unknown): string {
  return sha256(canonicalJson(rule));
}

/**
 * The plan's content hash: SHA-256 over the canonical JSON of the plan without its rules, then each
 * rule's {@link ruleHash} in the IR's rule order (ties broken by the hash), so neither key order nor
 * rule order in the file changes it, nor the `pulled` record that pull and push keep. `hashes[i]` is `ruleHash(plan.rules[i])` when the caller has
 * them already (the IR stage does).
 */
export function planHash(plan: Plan, hashes?: readonly string[]): string {
  const rules = Array.isArray(plan.rules) ? plan.rules : [];
  const keyed = rules.map((rule, i) => ({ rule, hash: hashes?.[i] ?? ruleHash(rule) }));
  keyed.sort((a, b) => compareRules(a.rule, b.rule) || compareText(a.hash, b.hash));
  // `pulled` records the remote state the file was synced with, not the plan: a push rewrites it.
  const rest = canonicalJson({ ...plan, rules: undefined, pulled: undefined });
  return sha256([rest, ...keyed.map((k) => k.hash)].join('\n'));
}
