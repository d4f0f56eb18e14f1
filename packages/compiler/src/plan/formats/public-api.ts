/**
 * Segment Public API plan files (plan object with `rules` merged in, bare or in a `{ data }` envelope)
 * and Typewriter 8/9's sanitized plan.json, which is the same container with hoisted TRACK schemas.
 */
import type { Diagnostic } from '../../diagnostics/types.js';
import { joinPointer } from '../../diagnostics/pointer.js';
import { planDiagnostic } from '../codes.js';
import type { Json, Rule, RuleSource } from '../types.js';
import {
  isObject,
  pickPlanFields,
  pickRule,
  ruleRefOf,
  wrapPayload,
  type FormatResult,
} from './shared.js';

/** Where the plan object and its rules sit in a Public API file. */
export interface PublicApiShape {
  plan: Record<string, unknown>;
  rules: unknown;
  planPointer: string;
  rulesPointer: string;
}

/**
 * Finds the plan inside a Public API file. Accepted: the bare plan; `{ data: plan }`; and
 * `{ data: { trackingPlan, rules } }` (the get-plan and list-rules responses merged).
 */
export function publicApiShape(value: unknown): PublicApiShape | undefined {
  if (!isObject(value)) return undefined;
  const enveloped = isObject(value.data) && !('rules' in value) && !('id' in value);
  if (!enveloped)
    return { plan: value, rules: value.rules, planPointer: '', rulesPointer: '/rules' };
  const data = value.data as Record<string, unknown>;
  if (!isObject(data.trackingPlan))
    return { plan: data, rules: data.rules, planPointer: '/data', rulesPointer: '/data/rules' };
  const inData = data.rules !== undefined;
  return {
    plan: data.trackingPlan,
    rules: inData ? data.rules : data.trackingPlan.rules,
    planPointer: '/data/trackingPlan',
    rulesPointer: inData ? '/data/rules' : '/data/trackingPlan/rules',
  };
}

/** Loads a Public API plan (`typewriter: true`: unhoist rules that carry Typewriter's `eventMetadata`). */
export function loadPublicApi(
  shape: PublicApiShape,
  file: string,
  typewriter: boolean,
): FormatResult {
  const diagnostics: Diagnostic[] = [];
  const fields = pickPlanFields(shape.plan, file, shape.planPointer, diagnostics);
  const rules: Rule[] = [];
  const ruleSources: RuleSource[] = [];
  let rawRules = shape.rules ?? [];
  if (!Array.isArray(rawRules)) {
    diagnostics.push(
      planDiagnostic('invalid-plan', 'The plan\'s "rules" must be an array of rules.', {
        file,
        pointer: shape.rulesPointer,
      }),
    );
    rawRules = [];
  }
  (rawRules as unknown[]).forEach((raw, i) => {
    const rulePointer = joinPointer(shape.rulesPointer, i);
    if (!isObject(raw)) {
      diagnostics.push(
        planDiagnostic(
          'invalid-rule',
          'A rule must be an object with type, key, version and jsonSchema.',
          {
            file,
            pointer: rulePointer,
          },
        ),
      );
      return;
    }
    const rule = pickRule(raw);
    const source: RuleSource = {
      file,
      pointer: joinPointer(rulePointer, 'jsonSchema'),
      rulePointer,
      fields: {
        type: joinPointer(rulePointer, 'type'),
        key: joinPointer(rulePointer, 'key'),
        version: joinPointer(rulePointer, 'version'),
      },
    };
    if (typewriter) unhoist(rule, source, diagnostics);
    rules.push(rule);
    ruleSources.push(source);
  });
  const plan = { ...fields, rules };
  return {
    loaded: {
      plan,
      format: typewriter ? 'typewriter' : 'public-api',
      file,
      ruleSources,
      rulesPointer: shape.rulesPointer,
    },
    diagnostics,
  };
}

/** True when a rule's schema carries Typewriter's `eventMetadata` (so it was sanitized). */
export function hasEventMetadata(raw: unknown): boolean {
  return isObject(raw) && isObject(raw.jsonSchema) && 'eventMetadata' in raw.jsonSchema;
}

// Typewriter skips rules it already sanitized by the presence of `eventMetadata`; so do we, the other
// way round: only those rules are unhoisted, any other rule already has the message-root layout.
function unhoist(rule: Rule, source: RuleSource, diagnostics: Diagnostic[]): void {
  const schema = rule.jsonSchema as unknown;
  if (!isObject(schema) || !('eventMetadata' in schema)) return;
  const at = joinPointer(source.pointer, 'eventMetadata');
  const meta = schema.eventMetadata;
  const report = (pointer: string, message: string) =>
    diagnostics.push(
      planDiagnostic('invalid-event-metadata', message, {
        file: source.file,
        rule: ruleRefOf(rule),
        pointer,
      }),
    );
  if (!isObject(meta)) {
    report(at, 'eventMetadata must be an object { name, type }.');
  } else {
    if (typeof meta.name === 'string') {
      // The rule's own key had '#' stripped by Typewriter; eventMetadata.name is the wire name.
      rule.key = meta.name;
      source.fields = { ...source.fields, key: joinPointer(at, 'name') };
    } else {
      report(joinPointer(at, 'name'), 'eventMetadata.name must be the event name, a string.');
    }
    if (meta.type !== undefined && meta.type !== 'TRACK')
      report(
        joinPointer(at, 'type'),
        'eventMetadata.type must be "TRACK": Typewriter keeps TRACK rules only.',
      );
  }
  rule.jsonSchema = wrapPayload(schema as Json);
  source.hoisted = true;
}
