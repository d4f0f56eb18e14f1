/** The one Ajv configuration every validator is compiled with, at build time only. */
import { Ajv, Name, type Options } from 'ajv';
import { FORMAT_EXPORTS, NUMBER_FORMAT_EXPORTS, UNCHECKED_FORMATS } from './formats.js';
import { FORMATS_PLACEHOLDER } from './standalone.js';

/**
 * Keywords plans carry that are documentation or Segment metadata, not validation: declared so
 * Ajv accepts them (a plain Ajv in strict mode rejects `labels`, a peer defect).
 */
export const ANNOTATION_KEYWORDS: readonly string[] = ['labels', 'eventMetadata'];

/** Ajv options: draft-07, every error (not just the first), no messages (the runtime writes them), ESM source. */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  messages: false,
  // Plans are messy (one-element type arrays, tuples without bounds, unknown keywords): the check
  // stage reports those; here they must not stop a build.
  strict: false,
  logger: false,
  validateFormats: true,
  unicodeRegExp: true,
  code: {
    esm: true,
    source: true,
    lines: true,
    optimize: true,
    formats: new Name(FORMATS_PLACEHOLDER),
  },
};

// At build time a format only has to exist and be a function: its code is never shipped, only its
// name (rewritten to an import of the runtime checker). A function (not a RegExp or an object) makes
// Ajv emit `checker(data)`, the shape the runtime exports.
function placeholderChecker(): boolean {
  return true;
}

/**
 * Creates a configured Ajv; `unicodeRegExp: false` only for plans whose patterns need it. One
 * instance is reused for a whole build (creating one costs ~10 ms).
 */
export function createAjv(unicodeRegExp = true): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, unicodeRegExp });
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword });
  for (const name of Object.keys(FORMAT_EXPORTS)) ajv.addFormat(name, placeholderChecker);
  for (const name of Object.keys(NUMBER_FORMAT_EXPORTS)) {
    ajv.addFormat(name, { type: 'number', validate: placeholderChecker });
  }
  for (const name of UNCHECKED_FORMATS) ajv.addFormat(name, true);
  return ajv;
}
