import { describe, expect, it } from 'vitest';
import type { Validator } from '../src/index.js';
import * as validation from '../src/validation/index.js';
import { compile, standaloneSource } from './support/ajv.js';

// End to end: a standalone validator whose Ajv runtime imports are rewritten to
// @platen/runtime/validation must behave exactly like Ajv + ajv-formats, with no Ajv code loaded.
const SCHEMA = {
  type: 'object',
  properties: {
    at: { type: 'string', format: 'date-time' },
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string', minLength: 2, maxLength: 4 },
    tags: { type: 'array', uniqueItems: true },
    shape: { const: { kind: 'circle', r: [1, 2] } },
    site: { type: 'string', format: 'uri' },
  },
  required: ['at'],
  additionalProperties: false,
};

/** Loads standalone CommonJS source with only @platen/runtime/validation resolvable. */
function load(source: string): Validator {
  const rewritten = source
    .replace(
      /require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g,
      'require("@platen/runtime/validation").ucs2length',
    )
    .replace(
      /require\("ajv\/dist\/runtime\/equal"\)\.default/g,
      'require("@platen/runtime/validation").equal',
    );
  expect(rewritten).not.toMatch(/ajv/);
  const module = { exports: {} as { default?: Validator } };
  const requireOnly = (id: string) => {
    if (id !== '@platen/runtime/validation') throw new Error(`unexpected require(${id})`);
    return validation;
  };
  new Function('require', 'module', 'exports', rewritten)(requireOnly, module, module.exports);
  return module.exports.default!;
}

const PAYLOADS: [string, unknown][] = [
  [
    'valid',
    {
      at: '2024-02-29T10:00:00Z',
      id: '123e4567-e89b-12d3-a456-426614174000',
      name: '😀😀',
      tags: [1, { a: 1 }],
      shape: { r: [1, 2], kind: 'circle' },
      site: 'https://x.io/a',
    },
  ],
  ['bad date-time', { at: '2024-02-30T10:00:00Z' }],
  ['astral name too short', { at: '2024-01-01T00:00:00Z', name: '😀' }],
  ['astral name long enough', { at: '2024-01-01T00:00:00Z', name: '😀😀😀😀' }],
  ['duplicate objects', { at: '2024-01-01T00:00:00Z', tags: [{ a: [1] }, { a: [1] }] }],
  [
    'const with different order passes',
    { at: '2024-01-01T00:00:00Z', shape: { r: [1, 2], kind: 'circle' } },
  ],
  ['const mismatch', { at: '2024-01-01T00:00:00Z', shape: { kind: 'circle', r: [2, 1] } }],
  ['bad uuid and uri', { at: '2024-01-01T00:00:00Z', id: 'nope', site: '/relative' }],
  ['missing and extra', { extra: true }],
];

describe('standalone validators on @platen/runtime/validation', () => {
  const ours = load(standaloneSource(SCHEMA, validation.formats));
  const reference = compile(SCHEMA);
  it.each(PAYLOADS)('%s', (_, payload) => {
    const want = reference(payload);
    expect(ours(payload)).toBe(want);
    expect(ours.errors ?? []).toEqual(reference.errors ?? []);
  });
});
