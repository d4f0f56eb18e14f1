/**
 * Checks request bodies before anything touches the database. Bad input becomes a list of error items
 * (422) naming the rule index and field; nothing here throws for any JSON value.
 */
import {
  checkMetaSchema,
  PLAN_TYPES,
  RULE_TYPES,
  type ApiErrorItem,
  type Json,
  type MetaProblem,
  type RuleType,
} from '@platen/compiler/api';

/** A rule that passed validation; `key` is normalized to null when absent. */
export interface ValidRule {
  type: RuleType;
  key: string | null;
  version: number;
  jsonSchema: { [key: string]: Json };
  newKey?: string;
}

/** Either the checked value or the problems found, every one of them. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: ApiErrorItem[] };

const MAX_REPORTED = 50;
/** Meta-schema problems of a rule schema, using the plan stage's check so the registry accepts what `platen check` accepts. */
function metaProblems(schema: unknown): MetaProblem[] {
  try {
    return checkMetaSchema(schema);
  } catch {
    // checkMetaSchema throws RangeError on schemas nested deeper than the stack allows.
    return [{ pointer: '', message: 'the schema is nested too deeply' }];
  }
}

function isObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(field: string, message: string, data?: Record<string, unknown>): ApiErrorItem {
  return {
    type: 'validation-error',
    message: `${field}: ${message}`,
    field,
    status: 422,
    ...(data ? { data } : {}),
  };
}

/** Checks one rule at `index`; `allowNewKey` is true only for the upsert endpoint. */
function checkRule(
  raw: unknown,
  index: number,
  allowNewKey: boolean,
  errors: ApiErrorItem[],
): ValidRule | undefined {
  const at = `rules[${index}]`;
  const ptr = `/rules/${index}`;
  if (!isObject(raw)) {
    errors.push(invalid(at, 'must be an object', { index, pointer: ptr }));
    return undefined;
  }
  const before = errors.length;
  const type = raw.type;
  if (typeof type !== 'string' || !(RULE_TYPES as readonly string[]).includes(type)) {
    errors.push(
      invalid(`${at}.type`, `must be one of ${RULE_TYPES.join(', ')}`, {
        index,
        pointer: `${ptr}/type`,
      }),
    );
  }
  const key = raw.key ?? null;
  if (type === 'TRACK' && (typeof key !== 'string' || key === '')) {
    errors.push(
      invalid(`${at}.key`, 'a TRACK rule needs a non-empty event name', {
        index,
        pointer: `${ptr}/key`,
      }),
    );
  } else if ((type === 'IDENTIFY' || type === 'GROUP' || type === 'COMMON') && key !== null) {
    errors.push(
      invalid(`${at}.key`, `a ${type} rule has no key`, { index, pointer: `${ptr}/key` }),
    );
  } else if (key !== null && typeof key !== 'string') {
    errors.push(invalid(`${at}.key`, 'must be a string or null', { index, pointer: `${ptr}/key` }));
  }
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    errors.push(
      invalid(`${at}.version`, 'must be an integer ≥ 1', { index, pointer: `${ptr}/version` }),
    );
  }
  const newKey = raw.newKey;
  if (
    newKey !== undefined &&
    (!allowNewKey ||
      typeof newKey !== 'string' ||
      newKey === '' ||
      (type !== 'TRACK' && type !== 'PAGE' && type !== 'SCREEN'))
  ) {
    errors.push(
      invalid(
        `${at}.newKey`,
        allowNewKey
          ? 'must be a non-empty string, on a TRACK, PAGE or SCREEN rule'
          : 'is only accepted by PATCH',
        {
          index,
          pointer: `${ptr}/newKey`,
        },
      ),
    );
  }
  const schema = raw.jsonSchema;
  if (!isObject(schema)) {
    errors.push(
      invalid(`${at}.jsonSchema`, 'must be a JSON object', { index, pointer: `${ptr}/jsonSchema` }),
    );
  } else {
    const problem = metaProblems(schema)[0];
    if (problem) {
      errors.push(
        invalid(
          `${at}.jsonSchema`,
          `not a valid JSON Schema at ${problem.pointer || '(root)'}: ${problem.message}`,
          {
            index,
            pointer: `${ptr}/jsonSchema${problem.pointer}`,
          },
        ),
      );
    }
  }
  if (errors.length > before) return undefined;
  const rule: ValidRule = {
    type: type as RuleType,
    key: key as string | null,
    version: version as number,
    jsonSchema: schema as { [key: string]: Json },
  };
  if (typeof newKey === 'string') rule.newKey = newKey;
  return rule;
}

/** Checks a `{ rules: [...] }` body of PUT (`allowNewKey` false) or PATCH (true); duplicates are an error. */
export function checkRulesBody(body: unknown, allowNewKey: boolean): Checked<ValidRule[]> {
  if (!isObject(body) || !Array.isArray(body.rules)) {
    return { ok: false, errors: [invalid('rules', 'the body must be { "rules": [...] }')] };
  }
  const errors: ApiErrorItem[] = [];
  const rules: ValidRule[] = [];
  const seen = new Map<string, number>();
  body.rules.forEach((raw, index) => {
    const rule = checkRule(raw, index, allowNewKey, errors);
    if (!rule) return;
    const id = JSON.stringify([rule.type, rule.key, rule.version]);
    const first = seen.get(id);
    if (first !== undefined) {
      errors.push(
        invalid(
          `rules[${index}]`,
          `repeats the rule at rules[${first}] (same type, key and version)`,
          { index, pointer: `/rules/${index}` },
        ),
      );
    }
    seen.set(id, index);
    rules.push(rule);
  });
  return errors.length
    ? { ok: false, errors: errors.slice(0, MAX_REPORTED) }
    : { ok: true, value: rules };
}

/** Checks the `rules` query parameter of `DELETE /rules`: a JSON array of `{ type, key?, version }`. */
export function checkRuleRefs(text: string | null): Checked<Omit<ValidRule, 'jsonSchema'>[]> {
  let parsed: unknown;
  try {
    parsed = text === null ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed)) {
    return {
      ok: false,
      errors: [
        invalid(
          'rules',
          'the rules query parameter must be a JSON array of { type, key, version }',
        ),
      ],
    };
  }
  const errors: ApiErrorItem[] = [];
  const refs: Omit<ValidRule, 'jsonSchema'>[] = [];
  parsed.forEach((raw, index) => {
    // Reuse the rule check with a placeholder schema: a reference has the same type/key/version rules.
    const rule = checkRule(isObject(raw) ? { ...raw, jsonSchema: {} } : raw, index, false, errors);
    if (rule) refs.push({ type: rule.type, key: rule.key, version: rule.version });
  });
  return errors.length
    ? { ok: false, errors: errors.slice(0, MAX_REPORTED) }
    : { ok: true, value: refs };
}

/** A checked `POST /tracking-plans` body. */
export interface PlanCreate {
  name: string;
  description: string;
  type: string;
}

/** Checks a create body; `type` defaults to `LIVE`. */
export function checkPlanCreate(body: unknown): Checked<PlanCreate> {
  if (!isObject(body)) return { ok: false, errors: [invalid('body', 'must be a JSON object')] };
  const errors: ApiErrorItem[] = [];
  const { name, description, type } = body;
  if (typeof name !== 'string' || name.trim() === '')
    errors.push(invalid('name', 'must be a non-empty string'));
  if (description !== undefined && typeof description !== 'string')
    errors.push(invalid('description', 'must be a string'));
  if (
    type !== undefined &&
    (typeof type !== 'string' || !(PLAN_TYPES as readonly string[]).includes(type))
  ) {
    errors.push(invalid('type', `must be one of ${PLAN_TYPES.join(', ')}`));
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name: name as string,
      description: (description as string | undefined) ?? '',
      type: (type as string | undefined) ?? 'LIVE',
    },
  };
}

/** Checks a `PATCH /tracking-plans/{id}` body: `name` and/or `description`. */
export function checkPlanUpdate(body: unknown): Checked<{ name?: string; description?: string }> {
  if (!isObject(body)) return { ok: false, errors: [invalid('body', 'must be a JSON object')] };
  const errors: ApiErrorItem[] = [];
  const { name, description } = body;
  if (name !== undefined && (typeof name !== 'string' || name.trim() === ''))
    errors.push(invalid('name', 'must be a non-empty string'));
  if (description !== undefined && typeof description !== 'string')
    errors.push(invalid('description', 'must be a string'));
  if (errors.length) return { ok: false, errors };
  const value: { name?: string; description?: string } = {};
  if (typeof name === 'string') value.name = name;
  if (typeof description === 'string') value.description = description;
  return { ok: true, value };
}

/** Compiles the meta-schema check now, so the first write request does not pay for it. */
export function warmValidator(): void {
  metaProblems({});
}
