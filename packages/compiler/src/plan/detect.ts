/** Which format a parsed plan file is in, and whether it fits a format the user forced. */
import { isConfigApi } from './formats/config-api.js';
import { hasEventMetadata, publicApiShape } from './formats/public-api.js';
import type { PlanFormat } from './types.js';

function fitsPublicApi(value: unknown): boolean {
  const shape = publicApiShape(value);
  if (!shape || isConfigApi(value)) return false;
  // A `rules` member that is there but broken still says "this is a plan"; the loader reports it.
  if (shape.rules !== undefined) return true;
  const p = shape.plan;
  return typeof p.id === 'string' || typeof p.name === 'string' || typeof p.type === 'string';
}

function fitsTypewriter(value: unknown): boolean {
  const shape = publicApiShape(value);
  if (!shape || shape.planPointer !== '' || !fitsPublicApi(value)) return false;
  const rules = shape.rules;
  return !Array.isArray(rules) || rules.length === 0 || rules.some(hasEventMetadata);
}

/** True when a parsed file (not a folder) can be read as `format`. */
export function fitsFormat(value: unknown, format: PlanFormat): boolean {
  switch (format) {
    case 'public-api':
      return fitsPublicApi(value);
    case 'typewriter':
      return fitsTypewriter(value);
    case 'config-api':
      return isConfigApi(value);
    case 'json-schema-dir':
    case 'spreadsheet':
      return false;
  }
}

/**
 * Detects the format of a parsed file: Config API when `rules` is an object; Typewriter when any rule
 * carries `eventMetadata`; else Public API. `undefined` when it looks like none of them.
 */
export function detectFormat(value: unknown): PlanFormat | undefined {
  if (isConfigApi(value)) return 'config-api';
  if (!fitsPublicApi(value)) return undefined;
  const rules = publicApiShape(value)?.rules;
  return Array.isArray(rules) &&
    rules.some(hasEventMetadata) &&
    publicApiShape(value)?.planPointer === ''
    ? 'typewriter'
    : 'public-api';
}
