/**
 * Where each rule type keeps the payload its caller passes: TRACK/PAGE/SCREEN event properties at
 * `properties.properties`, IDENTIFY/GROUP traits at `properties.traits`, COMMON the whole message.
 * A missing or untyped payload schema is an open object, so an event with no schema still works.
 */
import { joinPointer } from '../diagnostics/pointer.js';
import type { Json, RuleType } from '../plan/types.js';
import { filePointer, isObject, own, report, show, type WalkContext } from './context.js';
import { openObject } from './objects.js';
import { isUntyped } from './types-keyword.js';
import type { IrNode } from './types.js';

/** The message-root property holding the payload, by rule type (`null`: the root itself). */
const PAYLOAD_KEY: Record<RuleType, string | null> = {
  TRACK: 'properties',
  PAGE: 'properties',
  SCREEN: 'properties',
  IDENTIFY: 'traits',
  GROUP: 'traits',
  COMMON: null,
};

/** A rule's payload node and whether the message requires it. */
export interface Payload {
  payload: IrNode;
  payloadRequired: boolean;
}

/** Extracts and normalizes the payload of one rule. */
export function extractPayload(ctx: WalkContext, type: RuleType, root: Json): Payload {
  if (root !== true && !isObject(root)) {
    report(
      ctx,
      'invalid-keyword-value',
      '',
      `a rule's JSON Schema must be an object, got ${show(root)}`,
    );
    return { payload: openObject(filePointer(ctx, '')), payloadRequired: false };
  }
  const key = PAYLOAD_KEY[type] ?? null;
  if (key === null) {
    // COMMON: the message root is the payload; its `context: {}` placeholders are not "untyped".
    return { payload: payloadNode(ctx, root, '', 0), payloadRequired: true };
  }
  const path = joinPointer('', 'properties', key);
  if (root === true) return { payload: openObject(filePointer(ctx, path)), payloadRequired: false };
  const rootProperties = own(root, 'properties');
  const schema = isObject(rootProperties) ? own(rootProperties, key) : undefined;
  const required = own(root, 'required');
  const payloadRequired = Array.isArray(required) && required.includes(key);
  return { payload: payloadNode(ctx, schema, path, 1), payloadRequired };
}

/** Normalizes a payload schema; missing, `true` or untyped schemas become an open object. */
function payloadNode(
  ctx: WalkContext,
  schema: Json | undefined,
  path: string,
  depth: number,
): IrNode {
  if (schema === undefined || schema === true || (isObject(schema) && isUntyped(schema))) {
    const open = openObject(filePointer(ctx, path));
    if (isObject(schema)) {
      // Keep the payload's documentation; the keyword walk is what reports bad values.
      const documented = ctx.walk(schema, path, depth);
      return { ...documented, ...open };
    }
    return open;
  }
  return ctx.walk(schema, path, depth);
}
