/**
 * JSDoc for generated declarations, from the plan: descriptions, labels, deprecation, examples and
 * every constraint the type cannot express (format, pattern, bounds, integer, lengths). All of it is
 * plan text, so it only ever reaches the output through `jsDoc` (sanitized comment lines).
 */
import type { Json } from '../../plan/types.js';
import type { IrNode, IrRule } from '../../ir/types.js';
import type { JsDoc } from '../code.js';
import { numberLiteral, stringLiteral } from '../literals.js';

type Tag = readonly [string, string];

/** A JSON value for a comment: compact when short, indented when long. */
function jsonText(value: Json): string {
  const compact = JSON.stringify(value);
  return compact.length <= 60 ? compact : JSON.stringify(value, null, 2);
}

const numberText = (value: number): string => numberLiteral(value) ?? String(value);

/** `T | null` documents its `T` too: constraints live on the non-null member. `undefined` otherwise. */
function documentedMember(node: IrNode): IrNode | undefined {
  if (node.kind !== 'union') return undefined;
  let real: IrNode | undefined;
  for (const member of node.members) {
    if (member.kind === 'null') continue;
    if (real !== undefined) return undefined;
    real = member;
  }
  return real;
}

/** Appends the constraint tags of one node (never its children): what only the runtime validator enforces. */
function constraintTags(node: IrNode, tags: Tag[]): void {
  const num = (tag: string, value: number | undefined): void => {
    if (value !== undefined) tags.push([tag, numberText(value)]);
  };
  switch (node.kind) {
    case 'string':
      if (node.format !== undefined) tags.push(['format', node.format]);
      if (node.pattern !== undefined) tags.push(['pattern', node.pattern]);
      num('minLength', node.minLength);
      num('maxLength', node.maxLength);
      break;
    case 'integer':
    case 'number':
      if (node.kind === 'integer') tags.push(['integer', '']);
      num('minimum', node.minimum);
      num('exclusiveMinimum', node.exclusiveMinimum);
      num('maximum', node.maximum);
      num('exclusiveMaximum', node.exclusiveMaximum);
      num('multipleOf', node.multipleOf);
      break;
    case 'array':
    case 'tuple':
      if (node.kind === 'array') num('minItems', node.minItems);
      num('maxItems', node.maxItems);
      if (node.uniqueItems === true) tags.push(['uniqueItems', '']);
      break;
    case 'object':
    case 'map':
      num('minProperties', node.minProperties);
      num('maxProperties', node.maxProperties);
      break;
    default:
      break;
  }
}

/**
 * True when `node` itself has anything to document. Runs for every type position, and most have
 * nothing: reads fields only, allocating nothing (building the tags here showed in profiles).
 */
function hasDoc(node: IrNode): boolean {
  if (
    node.title !== undefined ||
    node.description !== undefined ||
    node.examples !== undefined ||
    node.default !== undefined ||
    node.deprecated === true ||
    node.runtimeOnly !== undefined
  )
    return true;
  switch (node.kind) {
    case 'string':
      return (
        node.format !== undefined ||
        node.pattern !== undefined ||
        node.minLength !== undefined ||
        node.maxLength !== undefined
      );
    case 'integer':
      return true; // @integer
    case 'number':
      return (
        node.minimum !== undefined ||
        node.exclusiveMinimum !== undefined ||
        node.maximum !== undefined ||
        node.exclusiveMaximum !== undefined ||
        node.multipleOf !== undefined
      );
    case 'array':
      return (
        node.minItems !== undefined || node.maxItems !== undefined || node.uniqueItems === true
      );
    case 'tuple':
      return node.maxItems !== undefined || node.uniqueItems === true;
    case 'object':
    case 'map':
      return node.minProperties !== undefined || node.maxProperties !== undefined;
    default:
      return false;
  }
}

/**
 * JSDoc of a type position (a property, a named type): text, constraints, default, examples. Runs
 * for every type position of the plan, so it reads the node (and a nullable's member) field by field.
 */
export function nodeDoc(node: IrNode): JsDoc | undefined {
  const inner = documentedMember(node);
  if (!hasDoc(node) && (inner === undefined || !hasDoc(inner))) return undefined;
  const paragraphs: string[] = [];
  const title = node.title ?? inner?.title;
  const description = node.description ?? inner?.description;
  if (title !== undefined && title !== description) paragraphs.push(title);
  if (description !== undefined) paragraphs.push(description);
  const runtimeOnly = [...new Set([...(node.runtimeOnly ?? []), ...(inner?.runtimeOnly ?? [])])];
  if (runtimeOnly.length > 0)
    paragraphs.push(`Also checked at run time: ${runtimeOnly.map((k) => `\`${k}\``).join(', ')}.`);

  const tags: Tag[] = [];
  constraintTags(node, tags);
  if (inner !== undefined) constraintTags(inner, tags);
  const fallback = node.default !== undefined ? node.default : inner?.default;
  if (fallback !== undefined) tags.push(['default', jsonText(fallback)]);
  for (const example of node.examples ?? []) tags.push(['example', jsonText(example)]);
  for (const example of inner?.examples ?? []) tags.push(['example', jsonText(example)]);
  if (node.deprecated === true || inner?.deprecated === true) tags.push(['deprecated', '']);
  return { paragraphs, tags };
}

const isRecord = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Payload examples for `@example` calls: the payload schema's own `examples`, and the `properties`
 * of whole-message examples on the rule's root (a root example without them shows no call: it
 * would show a wrong one).
 */
function callExamples(rule: IrRule): Json[] {
  const fromRoot = (rule.examples ?? []).flatMap((example) =>
    isRecord(example) && isRecord(example['properties']) ? [example['properties']] : [],
  );
  return [...fromRoot, ...(rule.body().payload.examples ?? [])];
}

/** What the event function's JSDoc needs to know besides the rule. */
export interface FunctionDocInput {
  rule: IrRule;
  functionName: string;
  /** The payload parameter may be left out (the payload type accepts `{}`). */
  payloadOptional: boolean;
  /** `@param` lines after the summary; by default those of `fn(properties, options, callback)`. */
  params?: ReadonlyArray<readonly [name: string, text: string]>;
  /** Writes an `@example` call from a payload's JSON text; by default `fn(payload);`. */
  example?: (payload: string) => string;
}

/** The summary sentence: what the call records, and which rule and version it follows. */
function summary(rule: IrRule): string {
  const version = `version ${String(rule.version)} in the plan`;
  const key = stringLiteral(rule.key ?? '');
  switch (rule.type) {
    case 'TRACK':
      return `Tracks ${key} (${version}).`;
    case 'PAGE':
      return rule.key === null
        ? `Records a page view (page rule, ${version}).`
        : `Records a view of the page ${key} (${version}).`;
    case 'SCREEN':
      return rule.key === null
        ? `Records a screen view (screen rule, ${version}).`
        : `Records a view of the screen ${key} (${version}).`;
    case 'IDENTIFY':
      return `Identifies the user and records their traits (identify rule, ${version}).`;
    case 'GROUP':
      return `Associates the user with a group and records its traits (group rule, ${version}).`;
    case 'COMMON':
      return `Fields every message may carry (common rule, ${version}).`;
  }
}

/** JSDoc of an event function: description, wire name and version, labels, deprecation, examples. */
export function functionDoc(input: FunctionDocInput): JsDoc {
  const { rule, functionName, payloadOptional } = input;
  const paragraphs: string[] = [];
  if (rule.description !== undefined) paragraphs.push(rule.description);
  paragraphs.push(summary(rule));
  const labels = Object.entries(rule.labels);
  if (labels.length > 0)
    paragraphs.push(`Labels: ${labels.map(([k, v]) => `${k}: ${v}`).join(', ')}.`);

  const tags: Tag[] = [];
  if (rule.deprecated) tags.push(['deprecated', 'Deprecated in the tracking plan.']);
  const payload = rule.body().payload.description ?? 'The event properties.';
  const params = input.params ?? [
    ['properties', `${payload}${payloadOptional ? ' May be left out.' : ''}`],
    ['options', 'Options passed through to the analytics SDK.'],
    ['callback', 'Called by the analytics SDK once the event is handled.'],
  ];
  for (const [name, text] of params) tags.push(['param', `${name} ${text}`]);
  const example = input.example ?? ((json: string) => `${functionName}(${json});`);
  for (const json of callExamples(rule)) tags.push(['example', example(jsonText(json))]);
  return { paragraphs, tags };
}
