/**
 * The `pulled` record of a plan file: which remote state `platen pull` read, so `platen push` can tell
 * whether the remote plan changed since and refuse to overwrite it silently.
 */
import { createHash } from 'node:crypto';
import type { PulledState, Rule } from '../plan/types.js';
import { compareRules, ruleToApiInput, sortKeysDeep } from './plan-file.js';
import type { Json } from '../plan/types.js';

/** SHA-256 (hex) of rules as the API would take them: sorted, keys sorted, timestamps left out. */
export function rulesSha256(rules: readonly Rule[]): string {
  const canonical = [...rules]
    .sort(compareRules)
    .map((rule) => sortKeysDeep(ruleToApiInput(rule) as unknown as Json));
  return createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
}

/** The record for `rules` read at `revision` (undefined for an API without revisions). */
export function pulledState(rules: readonly Rule[], revision: number | undefined): PulledState {
  const digest = rulesSha256(rules);
  return revision === undefined ? { rulesSha256: digest } : { revision, rulesSha256: digest };
}

/**
 * Whether the remote rules differ from those pulled (by digest, so a write that changed nothing, or
 * changed something and back, loses nothing and does not count). Undefined when nothing was recorded
 * (the file was not pulled): there is no base to check against.
 */
export function remoteChangedSince(
  pulled: PulledState | undefined,
  remoteRules: readonly Rule[],
): boolean | undefined {
  if (pulled === undefined) return undefined;
  return pulled.rulesSha256 !== rulesSha256(remoteRules);
}
