/**
 * Legacy Config API v1beta plans (and Typewriter 7's plan.json): `display_name`, and
 * `rules: { global, events: [{ name, description, version, rules }], identify, group }`.
 * Mapping: `global` → COMMON, `identify`/`group` → IDENTIFY/GROUP, each event → TRACK.
 */
import type { Diagnostic } from '../../diagnostics/types.js';
import { joinPointer } from '../../diagnostics/pointer.js';
import { planDiagnostic } from '../codes.js';
import type { Plan, Rule, RuleSource, RuleType } from '../types.js';
import { isObject, type FormatResult } from './shared.js';

const RULE_GROUPS = new Set([
  'global',
  'events',
  'identify',
  'group',
  'identify_traits',
  'group_traits',
]);

/**
 * True for a file in the Config API layout: a legacy resource name or `display_name`, or a `rules`
 * object holding the legacy groups. (A Public API plan whose `rules` is some other object is not one:
 * it is reported as a broken `rules` array instead of silently loading as an empty plan.)
 */
export function isConfigApi(value: unknown): boolean {
  if (!isObject(value)) return false;
  const legacyName =
    typeof value.display_name === 'string' ||
    (typeof value.name === 'string' && value.name.startsWith('workspaces/'));
  if (isObject(value.rules))
    return legacyName || Object.keys(value.rules).some((k) => RULE_GROUPS.has(k));
  return value.rules === undefined && legacyName;
}

// A message-wide schema that is absent, null or `{}` constrains nothing: it yields no rule.
function isEmptySchema(value: unknown): boolean {
  return (
    value === undefined || value === null || (isObject(value) && Object.keys(value).length === 0)
  );
}

function stringField(
  raw: Record<string, unknown>,
  field: string,
  file: string,
  diagnostics: Diagnostic[],
): string | undefined {
  const value = raw[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  diagnostics.push(
    planDiagnostic('invalid-plan', `The plan's "${field}" must be a string.`, {
      file,
      pointer: '/' + field,
    }),
  );
  return undefined;
}

/** Maps a Config API plan onto the Public API shape; rules come out COMMON, IDENTIFY, GROUP, then TRACK. */
export function loadConfigApi(value: Record<string, unknown>, file: string): FormatResult {
  const diagnostics: Diagnostic[] = [];
  const resource = stringField(value, 'name', file, diagnostics);
  const plan: Plan = {
    id: resource?.split('/').pop() ?? '',
    name: stringField(value, 'display_name', file, diagnostics) ?? '',
    type: 'LIVE',
    rules: [],
  };
  const createdAt = stringField(value, 'create_time', file, diagnostics);
  const updatedAt = stringField(value, 'update_time', file, diagnostics);
  if (createdAt !== undefined) plan.createdAt = createdAt;
  if (updatedAt !== undefined) plan.updatedAt = updatedAt;
  const ruleSources: RuleSource[] = [];
  const add = (rule: Rule, source: RuleSource) => {
    plan.rules.push(rule);
    ruleSources.push(source);
  };

  const rules = value.rules ?? {};
  if (!isObject(rules)) {
    diagnostics.push(
      planDiagnostic(
        'invalid-plan',
        '"rules" must be an object { global, events, identify, group }.',
        {
          file,
          pointer: '/rules',
        },
      ),
    );
    return {
      loaded: { plan, format: 'config-api', file, ruleSources, rulesPointer: '/rules' },
      diagnostics,
    };
  }
  const wide: [string, RuleType][] = [
    ['global', 'COMMON'],
    ['identify', 'IDENTIFY'],
    ['group', 'GROUP'],
  ];
  for (const [field, type] of wide) {
    if (isEmptySchema(rules[field])) continue;
    const pointer = joinPointer('/rules', field);
    add(
      { type, key: null, version: 1, jsonSchema: rules[field] as Rule['jsonSchema'] },
      { file, pointer, rulePointer: pointer },
    );
  }

  const events = rules.events ?? [];
  if (!Array.isArray(events)) {
    diagnostics.push(
      planDiagnostic('invalid-plan', '"rules.events" must be an array of events.', {
        file,
        pointer: '/rules/events',
      }),
    );
  } else {
    events.forEach((event: unknown, i) => {
      const rulePointer = joinPointer('/rules/events', i);
      if (!isObject(event)) {
        diagnostics.push(
          planDiagnostic(
            'invalid-rule',
            'An event must be an object { name, description, version, rules }.',
            {
              file,
              pointer: rulePointer,
            },
          ),
        );
        return;
      }
      let jsonSchema = event.rules;
      // Config API keeps the event description beside the schema; the Public API keeps it inside.
      if (
        typeof event.description === 'string' &&
        event.description !== '' &&
        isObject(jsonSchema) &&
        jsonSchema.description === undefined
      )
        jsonSchema = { ...jsonSchema, description: event.description };
      const rule = {
        type: 'TRACK',
        key: event.name === undefined ? null : event.name,
        version: event.version === undefined ? 1 : event.version,
        jsonSchema,
      } as Rule;
      const fields: RuleSource['fields'] = { key: joinPointer(rulePointer, 'name') };
      if (event.version !== undefined) fields.version = joinPointer(rulePointer, 'version');
      add(rule, { file, pointer: joinPointer(rulePointer, 'rules'), rulePointer, fields });
    });
  }
  return {
    loaded: { plan, format: 'config-api', file, ruleSources, rulesPointer: '/rules' },
    diagnostics,
  };
}
