/**
 * Checks request bodies before anything touches the database. Bad input becomes a list of error items
 * (422) naming the rule index and field; nothing here throws for any JSON value.
 */
import {
  checkMetaSchema,
  loneSurrogate,
  MAX_JSON_DEPTH,
  tooDeepAt,
  PLAN_TYPES,
  RULE_TYPES,
  ruleSchemaErrors,
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

const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);
// `any` is not a JSON Schema type, but `platen check` accepts it with a warning, so it is stored.
const ACCEPTED_TYPE_NAMES = new Set([...TYPE_NAMES, 'any']);
const SUBSCHEMA = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'not',
];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];

/**
 * The first `type` naming no JSON Schema type anywhere in `schema`, as a meta-schema problem. The
 * compiler's IR stage reports these only inside the payload it types (`platen check` misses one in
 * the message envelope), so the registry walks every subschema. Iterative: depth cannot overflow.
 */
function unknownTypeName(schema: unknown): MetaProblem | undefined {
  const stack: [unknown, string][] = [[schema, '']];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop()!;
    if (!isObject(node)) continue;
    const type = node.type;
    const names = typeof type === 'string' ? [type] : Array.isArray(type) ? type : [];
    const bad = names.findIndex((n) => typeof n === 'string' && !ACCEPTED_TYPE_NAMES.has(n));
    if (bad >= 0) {
      const at = typeof type === 'string' ? `${pointer}/type` : `${pointer}/type/${bad}`;
      return {
        pointer: at,
        message: `unknown type ${JSON.stringify(names[bad])}; use one of ${[...TYPE_NAMES].join(', ')}`,
      };
    }
    const child = (value: unknown, path: string) => stack.push([value, `${pointer}/${path}`]);
    const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
    for (const k of SUBSCHEMA) child(node[k], k);
    for (const k of SUBSCHEMA_LISTS) {
      const list = node[k];
      if (Array.isArray(list)) list.forEach((s, i) => child(s, `${k}/${i}`));
    }
    for (const k of SUBSCHEMA_MAPS) {
      const map = node[k];
      if (isObject(map))
        for (const [name, s] of Object.entries(map)) child(s, `${k}/${escape(name)}`);
    }
    const items = node.items;
    if (Array.isArray(items)) items.forEach((s, i) => child(s, `items/${i}`));
    else child(items, 'items');
  }
  return undefined;
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

/** Why `text` cannot be stored (a lone surrogate, and where), or undefined when it is valid Unicode. */
function unicodeProblem(text: string): string | undefined {
  // Found by the compiler's check, so `platen check` and the registry refuse the same keys.
  const lone = loneSurrogate(text);
  if (!lone) return undefined;
  return `contains a lone surrogate (U+${lone.unit}) at UTF-16 offset ${lone.offset}; send valid Unicode`;
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
  const keyProblem = typeof key === 'string' ? unicodeProblem(key) : undefined;
  if (keyProblem) errors.push(invalid(`${at}.key`, keyProblem, { index, pointer: `${ptr}/key` }));
  const newKeyProblem =
    typeof raw.newKey === 'string' && allowNewKey ? unicodeProblem(raw.newKey) : undefined;
  if (newKeyProblem)
    errors.push(invalid(`${at}.newKey`, newKeyProblem, { index, pointer: `${ptr}/newKey` }));
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
  let deepAt: string | undefined;
  if (!isObject(schema)) {
    errors.push(
      invalid(`${at}.jsonSchema`, 'must be a JSON object', { index, pointer: `${ptr}/jsonSchema` }),
    );
  } else if ((deepAt = tooDeepAt(schema)) !== undefined) {
    // The limit `platen check` and every later stage share: a deeper schema would be stored, then
    // overflow the stack in `platen pull` or `build`.
    const name = typeof key === 'string' ? ` ${JSON.stringify(key)}` : '';
    errors.push(
      invalid(
        `${at}.jsonSchema`,
        `${String(type)}${name} version ${String(version)} at ${deepAt}: the schema nests objects and ` +
          `arrays past the limit of ${MAX_JSON_DEPTH} levels (values of const, enum, default and examples count too)`,
        { index, pointer: `${ptr}/jsonSchema${deepAt}`, code: 'schema-too-deep' },
      ),
    );
  } else {
    const problem = metaProblems(schema)[0] ?? unknownTypeName(schema);
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
  const indexes: number[] = [];
  const seen = new Map<string, number>();
  body.rules.forEach((raw, index) => {
    const rule = checkRule(raw, index, allowNewKey, errors);
    if (!rule) return;
    indexes.push(index);
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
  // Past the meta-schema, the IR stage's errors (an unknown type name, `enum: []`…), exactly as
  // `platen check` reports them: a stored rule must be one the compiler can build.
  for (const e of ruleSchemaErrors(rules)) {
    const index = indexes[e.index]!;
    const rule = rules[e.index]!;
    errors.push(
      invalid(
        `rules[${index}].jsonSchema`,
        `${rule.type}${rule.key === null ? '' : ` ${JSON.stringify(rule.key)}`} version ${rule.version}` +
          ` at ${e.pointer || '(root)'}: ${e.message}`,
        { index, pointer: `/rules/${index}/jsonSchema${e.pointer}`, code: e.code },
      ),
    );
  }
  errors.sort((a, b) => indexOf(a) - indexOf(b));
  return errors.length
    ? { ok: false, errors: errors.slice(0, MAX_REPORTED) }
    : { ok: true, value: rules };
}

function indexOf(item: ApiErrorItem): number {
  const index = (item.data as { index?: unknown } | undefined)?.index;
  return typeof index === 'number' ? index : -1;
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

/** Reports each string field of a plan body that holds a lone surrogate. */
function textProblems(fields: Record<string, unknown>, errors: ApiErrorItem[]): void {
  for (const [field, value] of Object.entries(fields)) {
    const problem = typeof value === 'string' ? unicodeProblem(value) : undefined;
    if (problem) errors.push(invalid(field, problem));
  }
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
  textProblems({ name, description }, errors);
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
  textProblems({ name, description }, errors);
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
