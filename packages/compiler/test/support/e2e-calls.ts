/**
 * The calls of fixtures/e2e/calls.json: how each one is made through a generated client (positional
 * SDK shapes or analytics-node's message objects), and the field-by-field check of what arrived
 * against the call and the plan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PLATEN_VERSION } from '../../src/version.js';
import { FIXTURE } from './e2e.js';

/** A Segment call type. */
export type CallType = 'track' | 'identify' | 'group' | 'page' | 'screen';

/** One call of `calls.json`. `via: 'generic'` goes through the generated `track(name, …)`. */
export interface PlannedCall {
  type: CallType;
  /** Event name (track), page or screen name; null for identify and group. */
  event: string | null;
  version: number;
  via?: 'function' | 'generic';
  /** The userId of an identify call, the groupId of a group call. */
  id?: string;
  /** Properties, or traits for identify and group. */
  properties: Record<string, unknown>;
  /** Invalid calls only: the violations a dev build reports, as (pointer, keyword). */
  violations?: { pointer: string; keyword: string }[];
}

/** `calls.json`: track calls, the other call types, and invalid calls of any type. */
export interface CallsFixture {
  valid: PlannedCall[];
  types: PlannedCall[];
  invalid: PlannedCall[];
}

/** One rule of the manifest the build wrote. */
export interface ManifestRule {
  type: string;
  key: string | null;
  version: number;
  function: string;
}

/** Reads the fixture calls. */
export function loadCalls(): CallsFixture {
  return JSON.parse(readFileSync(join(FIXTURE, 'calls.json'), 'utf8')) as CallsFixture;
}

interface PlanRule {
  type: string;
  key: string | null;
  version: number;
  jsonSchema: {
    properties?: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
  };
}

const plan = JSON.parse(readFileSync(join(FIXTURE, 'plan.json'), 'utf8')) as { rules: PlanRule[] };

const sameRule = (r: { type: string; key: string | null; version: number }, call: PlannedCall) =>
  r.type === call.type.toUpperCase() && r.key === call.event && r.version === call.version;

/** The plan's rule for a call (TRACK/PAGE/SCREEN by key and version; IDENTIFY/GROUP by type). */
export function ruleOf(call: PlannedCall): PlanRule {
  const rule = plan.rules.find((r) => sameRule(r, call));
  if (!rule) throw new Error(`calls.json names a rule the plan lacks: ${JSON.stringify(call)}`);
  return rule;
}

/** The latest version of each key, as the generic `track` resolves it. */
export function latestVersion(event: string): number {
  return Math.max(...plan.rules.filter((r) => r.key === event).map((r) => r.version));
}

/** The generated function a call goes through (from the manifest, so naming changes cannot break it). */
export function functionOf(rules: ManifestRule[], call: PlannedCall): string {
  if (call.via === 'generic') return call.type;
  const rule = rules.find((r) => sameRule(r, call));
  if (!rule) throw new Error(`the manifest has no function for ${JSON.stringify(call)}`);
  return rule.function;
}

/** Marks each call so arrivals can be matched to calls whatever order the SDK delivers them in. */
export const marker = (index: number): { context: { e2e: { call: number } } } => ({
  context: { e2e: { call: index } },
});

/** The call index an arrived message carries, or -1. */
export function markerOf(message: Record<string, unknown>): number {
  const context = message.context as { e2e?: { call?: unknown } } | undefined;
  return typeof context?.e2e?.call === 'number' ? context.e2e.call : -1;
}

/** How a target's functions take their arguments. */
export type CallShape =
  /** analytics.js, analytics-next, RudderStack, generic: `(id?, payload, options, callback)`. */
  | 'positional'
  /** analytics-node: one message object with `userId`/`anonymousId` (one is required). */
  | 'message';

/** The anonymousId message-shaped calls carry (analytics-node requires an id on every call). */
export const ANONYMOUS_ID = 'e2e-anon';

/** The function and arguments that make `call`, marked with `index`. */
export function argsFor(
  rules: ManifestRule[],
  call: PlannedCall,
  index: number,
  shape: CallShape,
): { fn: string; args: unknown[] } {
  const fn = functionOf(rules, call);
  const field = call.type === 'identify' || call.type === 'group' ? 'traits' : 'properties';
  if (shape === 'message') {
    const ids =
      call.type === 'identify'
        ? { userId: call.id }
        : call.type === 'group'
          ? { groupId: call.id, anonymousId: ANONYMOUS_ID }
          : { anonymousId: ANONYMOUS_ID };
    const event = call.via === 'generic' ? { event: call.event } : {};
    return { fn, args: [{ ...event, ...ids, [field]: call.properties, ...marker(index) }] };
  }
  const head = call.via === 'generic' ? [call.event] : call.id !== undefined ? [call.id] : [];
  return { fn, args: [...head, call.properties, marker(index)] };
}

/** What an SDK does to a message on its way, seen in these suites (none of it Platen's doing). */
export interface SdkQuirks {
  /** RudderStack drops properties whose value is null. */
  dropsNullProperties?: boolean;
  /** analytics.js adds these page properties (path, url, title…) to page calls. */
  pageDefaults?: readonly string[];
  /** RudderStack sends identify traits in `context.traits`, not `traits`. */
  identifyTraitsInContext?: boolean;
}

/**
 * Field by field: one arrived message against the call that produced it and the plan's rule. The
 * type, event/page/screen name byte for byte, userId/groupId, the properties/traits exactly (after
 * the SDK's own documented changes), every key declared by the rule and every required one present,
 * the `context.platen` stamp (with the client's `language`) and the event version.
 */
export function expectArrived(
  message: Record<string, unknown>,
  call: PlannedCall,
  sdk: SdkQuirks = {},
  language: 'typescript' | 'javascript' = 'typescript',
): void {
  const where = `${call.type} ${JSON.stringify(call.event)} v${call.version} #${markerOf(message)}`;
  expect(message.type, where).toBe(call.type);
  if (call.type === 'track') expect(message.event, where).toBe(call.event);
  if (call.type === 'page' || call.type === 'screen') expect(message.name, where).toBe(call.event);
  if (call.type === 'identify') expect(message.userId, where).toBe(call.id);
  if (call.type === 'group') expect(message.groupId, where).toBe(call.id);
  const field = call.type === 'identify' || call.type === 'group' ? 'traits' : 'properties';
  const context = message.context as Record<string, unknown>;
  const holder = call.type === 'identify' && sdk.identifyTraitsInContext ? context : message;
  let payload = { ...(holder[field] as Record<string, unknown>) };
  if (call.type === 'page') {
    for (const key of sdk.pageDefaults ?? []) if (!(key in call.properties)) delete payload[key];
  }
  const sent = sdk.dropsNullProperties
    ? Object.fromEntries(Object.entries(call.properties).filter(([, v]) => v !== null))
    : call.properties;
  expect(payload, where).toEqual(sent);
  const schema = ruleOf(call).jsonSchema.properties?.[field];
  for (const key of Object.keys(payload))
    expect(schema?.properties ?? {}, where).toHaveProperty([key]);
  for (const key of schema?.required ?? []) expect(payload, where).toHaveProperty([key]);
  expect(context.platen, where).toEqual({ language, version: PLATEN_VERSION });
  const version = call.via === 'generic' ? latestVersion(call.event!) : call.version;
  expect((context.protocols as { event_version?: unknown })?.event_version, where).toBe(version);
}
