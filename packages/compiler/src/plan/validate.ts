/**
 * Plan validation: the shape of every rule (type, key, version, jsonSchema), each rule's schema against
 * the (loosened) draft-07 meta-schema, and duplicate (type, key, version). Collects every problem; the
 * pointers point into the plan file, so `positions.ts` can give each a line and column.
 */
import { MAX_JSON_DEPTH, tooDeepAt } from '../depth.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { joinPointer } from '../diagnostics/pointer.js';
import { planDiagnostic, type PlanCode } from './codes.js';
import { isObject, ruleRefOf, toFilePointer } from './formats/shared.js';
import { checkMetaSchema, type MetaProblem } from './meta-schema.js';
import { placeDiagnostics } from './positions.js';
import { loneSurrogate } from './unicode.js';
import { RULE_TYPES, type LoadedPlan, type Rule, type RuleSource, type RuleType } from './types.js';

const KEYED: ReadonlySet<string> = new Set<RuleType>(['TRACK', 'PAGE', 'SCREEN']);
const KNOWN_DIALECTS = /^https?:\/\/json-schema\.org\/(draft-0[467])\/schema#?$/;

/** Validates a loaded plan. Never throws; returns every diagnostic found, placed (line/column) when possible. */
/** {@link checkMetaSchema} of a rule's schema, as `validatePlan` calls it (`check` is that function). */
export type MetaCheck = (
  rule: Rule,
  schema: unknown,
  check: (schema: unknown) => MetaProblem[],
) => MetaProblem[];

export function validatePlan(
  loaded: LoadedPlan,
  /** Incremental builds: the meta-schema check of a rule's schema, remembered (see `IrMemo`). */
  meta?: MetaCheck,
  /** Filled with the index of every rule with an error, so the others can still be normalized. */
  badRules?: Set<number>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const rules: unknown = loaded.plan.rules;
  if (!Array.isArray(rules)) {
    out.push(
      planDiagnostic('invalid-plan', 'The plan has no rules array.', {
        file: loaded.file,
        pointer: loaded.rulesPointer ?? '/rules',
      }),
    );
    return placeDiagnostics(loaded.sources, out);
  }
  // Every client still has its shared files (index, generic track, types, manifest): the message
  // says so, since they are written.
  if (rules.length === 0)
    out.push(
      planDiagnostic(
        'empty-plan',
        'The plan has no rules: the client is generated without event functions, only the files every client has.',
        {
          file: loaded.file,
          // A folder of schemas has no `rules` member to point at.
          pointer:
            loaded.format === 'json-schema-dir' ? undefined : (loaded.rulesPointer ?? '/rules'),
        },
      ),
    );
  const seen = new Map<string, string>();
  rules.forEach((rule: unknown, i) => {
    const source: RuleSource = loaded.ruleSources[i] ?? {
      file: loaded.file,
      pointer: joinPointer('/rules', i, 'jsonSchema'),
    };
    if (!isObject(rule)) {
      badRules?.add(i);
      out.push(
        planDiagnostic('invalid-rule', 'A rule must be an object.', {
          file: source.file,
          pointer: source.rulePointer ?? source.pointer,
        }),
      );
      return;
    }
    const before = out.length;
    validateRule(rule as unknown as Rule, source, out, seen, meta);
    if (out.slice(before).some((d) => d.severity === 'error')) badRules?.add(i);
  });
  return placeDiagnostics(loaded.sources, out);
}

function validateRule(
  rule: Rule,
  source: RuleSource,
  out: Diagnostic[],
  seen: Map<string, string>,
  meta: MetaCheck | undefined,
): void {
  const ref = ruleRefOf(rule);
  const at = source.rulePointer ?? source.pointer;
  const report = (code: PlanCode, message: string, pointer: string) =>
    out.push(planDiagnostic(code, message, { file: source.file, rule: ref, pointer }));

  const typeOk = (RULE_TYPES as readonly unknown[]).includes(rule.type);
  if (!typeOk)
    report(
      'invalid-rule-type',
      `Rule type ${show(rule.type)} is not one of ${RULE_TYPES.join(', ')}.`,
      source.fields?.type ?? at,
    );

  const v = rule.version as unknown;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    report(
      'invalid-version',
      `Rule version ${show(v)} must be an integer of at least 1.`,
      source.fields?.version ?? at,
    );

  const key = rule.key as unknown;
  const keyAt = source.fields?.key ?? at;
  const lone = typeof key === 'string' ? loneSurrogate(key) : undefined;
  if (key !== null && typeof key !== 'string')
    report('invalid-key', `Rule key ${show(key)} must be a string or null.`, keyAt);
  else if (rule.type === 'TRACK' && key === null)
    report('invalid-key', 'A TRACK rule needs a key: the event name.', keyAt);
  else if (lone)
    // Checked as the registry checks it: such a key is lost on the way through UTF-8 storage.
    report(
      'lone-surrogate',
      `Rule key ${show(key)} contains a lone surrogate (U+${lone.unit}) at UTF-16 offset ` +
        `${lone.offset}: it cannot be stored as UTF-8, so use valid Unicode.`,
      keyAt,
    );
  else if (typeOk && !KEYED.has(rule.type) && key !== null)
    report(
      'unexpected-key',
      `${rule.type} rules take no key; ${show(key)} is kept but unused.`,
      keyAt,
    );

  if (ref && typeOk) {
    const id = JSON.stringify([ref.type, ref.key, ref.version]);
    const first = seen.get(id);
    if (first !== undefined)
      report(
        'duplicate-rule',
        `This rule repeats ${ref.type} ${show(ref.key)} version ${ref.version}, first defined at ${first}.`,
        at,
      );
    else seen.set(id, `${source.file}#${at}`);
  }

  const schema = rule.jsonSchema as unknown;
  if (!isObject(schema) && typeof schema !== 'boolean') {
    report(
      'invalid-rule',
      `jsonSchema must be a JSON Schema (an object or a boolean), not ${show(schema)}.`,
      source.pointer,
    );
    return;
  }
  // Checked first, iteratively: the meta-schema check and every later stage recurse, and must only
  // ever see schemas within the one shared limit.
  const deepAt = tooDeepAt(schema);
  if (deepAt !== undefined) {
    report(
      'schema-too-deep',
      `The schema nests objects and arrays past the limit of ${MAX_JSON_DEPTH} levels (values of ` +
        'const, enum, default and examples count too).',
      toFilePointer(source, deepAt),
    );
    return;
  }
  if (
    isObject(schema) &&
    schema.$schema !== undefined &&
    !(typeof schema.$schema === 'string' && KNOWN_DIALECTS.test(schema.$schema))
  )
    report(
      'unsupported-schema-version',
      `$schema ${show(schema.$schema)} is not draft-04, -06 or -07; the schema is read as draft-07.`,
      toFilePointer(source, '/$schema'),
    );
  try {
    for (const p of meta ? meta(rule, schema, checkMetaSchema) : checkMetaSchema(schema))
      report(
        'invalid-schema',
        `Invalid JSON Schema: ${p.message}.`,
        toFilePointer(source, p.pointer),
      );
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    report('schema-too-deep', 'The schema is nested too deeply to validate.', source.pointer);
  }
}

/** A value as it appears in a message: JSON, so names with quotes or newlines stay visible. */
function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}
