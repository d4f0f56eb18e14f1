/**
 * A folder of JSON Schema files (`.json`, `.yaml`, `.yml`), one per TRACK event. Each file is the
 * event's *properties* schema; it is wrapped into the message root. A file that already is a whole
 * Segment message schema (see {@link isMessageSchema}) is the rule's schema as it is. Key = the
 * schema's `title`, else the file name without extension; version 1; rules sorted by file name.
 */
import { basename, join } from 'node:path';
import type { Diagnostic } from '../../diagnostics/types.js';
import { byKey } from '../../order.js';
import { parseSource } from '../syntax.js';
import type { Json, LoadedPlan, PlanSourceText, Rule, RuleSource } from '../types.js';
import { isObject, wrapPayload, type FormatResult } from './shared.js';

/** One schema file of the folder, already read. */
export interface SchemaFile {
  /** File name inside the folder, e.g. `Order Completed.json`. */
  name: string;
  text: string;
}

/** True for a file name this format reads (dotfiles such as editor configs are skipped). */
export function isSchemaFileName(name: string): boolean {
  return !name.startsWith('.') && /\.(json|ya?ml)$/i.test(name);
}

// The fields of a Segment track message (the root of a rule's JSON Schema), besides `properties`.
const MESSAGE_FIELDS = new Set([
  'anonymousId',
  'context',
  'event',
  'integrations',
  'messageId',
  'originalTimestamp',
  'receivedAt',
  'sentAt',
  'timestamp',
  'traits',
  'type',
  'userId',
]);

/**
 * True when `schema` describes a whole Segment message rather than an event's properties: an object
 * schema whose `properties.properties` is a schema object and whose other properties are all message
 * fields (`context`, `traits`, …). Wrapped again, its payload would become a `properties` property.
 */
export function isMessageSchema(schema: unknown): boolean {
  if (!isObject(schema) || !isObject(schema.properties)) return false;
  const fields = schema.properties;
  if (!isObject(fields.properties)) return false;
  return Object.keys(fields).every((k) => k === 'properties' || MESSAGE_FIELDS.has(k));
}

/** Builds a plan from the folder's schema files (pure: the caller reads the folder). */
export function loadJsonSchemaDir(
  dir: string,
  files: readonly SchemaFile[],
  sources: Record<string, PlanSourceText>,
  planName: string = basename(dir.replace(/[\\/]+$/, '')) || dir,
): FormatResult {
  const diagnostics: Diagnostic[] = [];
  const rules: Rule[] = [];
  const ruleSources: RuleSource[] = [];
  for (const entry of [...files].filter((f) => isSchemaFileName(f.name)).sort(byKey('name'))) {
    const file = join(dir, entry.name);
    const { parsed, diagnostics: syntax } = parseSource(entry.text, file);
    diagnostics.push(...syntax);
    if (!parsed) continue;
    Object.defineProperty(sources, file, {
      value: parsed.source,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    const schema = parsed.value;
    const title = isObject(schema) ? schema.title : undefined;
    const key = typeof title === 'string' ? title : entry.name.replace(/\.(json|ya?ml)$/i, '');
    const wrappable = (isObject(schema) || typeof schema === 'boolean') && !isMessageSchema(schema);
    rules.push({
      type: 'TRACK',
      key,
      version: 1,
      jsonSchema: wrappable ? wrapPayload(schema as Json) : (schema as Json),
    });
    const source: RuleSource = { file, pointer: '', hoisted: wrappable, rulePointer: '' };
    if (typeof title === 'string') source.fields = { key: '/title' };
    ruleSources.push(source);
  }
  const loaded: LoadedPlan = {
    plan: { id: planName, name: planName, type: 'LIVE', rules },
    format: 'json-schema-dir',
    file: dir,
    ruleSources,
    sources,
  };
  return { loaded, diagnostics };
}
