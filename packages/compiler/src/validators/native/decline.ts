/** What the native generator throws to give a schema up, and the schema object type it walks. */
import type { Json } from '../../plan/types.js';

/** Thrown when the native generator does not support a schema; the caller falls back to Ajv. */
export class Decline extends Error {}

/** Thrown when a pattern is not a valid Unicode regexp: the data is generated again without `u`. */
export class NeedsLegacyPatterns extends Error {}

/** A JSON Schema object (not a boolean schema). */
export type SchemaObject = { [key: string]: Json };
