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

/** `T | null` documents its `T`: constraints live on the non-null member. */
function documented(node: IrNode): IrNode[] {
  if (node.kind !== 'union') return [node];
  const real = node.members.filter((m) => m.kind !== 'null');
  return real.length === 1 ? [node, real[0]!] : [node];
}

/** The constraint tags of one node (never its children): what only the runtime validator enforces. */
function constraintTags(node: IrNode): Tag[] {
  const tags: Tag[] = [];
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
  return tags;
}

/** True when `node` itself has anything to document (cheap: most nodes have nothing). */
function hasDoc(node: IrNode): boolean {
  return (
    node.title !== undefined ||
    node.description !== undefined ||
    node.examples !== undefined ||
    node.default !== undefined ||
    node.deprecated === true ||
    node.runtimeOnly !== undefined ||
    constraintTags(node).length > 0
  );
}

/** JSDoc of a type position (a property, a named type): text, constraints, default, examples. */
export function nodeDoc(node: IrNode): JsDoc | undefined {
  const nodes = documented(node);
  if (!nodes.some(hasDoc)) return undefined;
  const first = <K extends 'title' | 'description' | 'default'>(key: K) =>
    nodes.map((n) => n[key]).find((v) => v !== undefined);
  const paragraphs: string[] = [];
  const title = first('title');
  const description = first('description');
  if (title !== undefined && title !== description) paragraphs.push(title);
  if (description !== undefined) paragraphs.push(description);
  const runtimeOnly = [...new Set(nodes.flatMap((n) => n.runtimeOnly ?? []))];
  if (runtimeOnly.length > 0)
    paragraphs.push(`Also checked at run time: ${runtimeOnly.map((k) => `\`${k}\``).join(', ')}.`);

  const tags: Tag[] = nodes.flatMap(constraintTags);
  const fallback = first('default');
  if (fallback !== undefined) tags.push(['default', jsonText(fallback)]);
  for (const example of nodes.flatMap((n) => n.examples ?? [])) {
    tags.push(['example', jsonText(example)]);
  }
  if (nodes.some((n) => n.deprecated === true)) tags.push(['deprecated', '']);
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
  return [...fromRoot, ...(rule.payload.examples ?? [])];
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
  const payload = rule.payload.description ?? 'The event properties.';
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
