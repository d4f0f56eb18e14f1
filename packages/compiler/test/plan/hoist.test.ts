/** Typewriter/JSON Schema folder payloads wrapped into the message root, and pointers mapped back. */
import { describe, expect, it } from 'vitest';
import { toFilePointer, wrapPayload } from '../../src/plan/index.js';
import type { Json, RuleSource } from '../../src/plan/types.js';

describe('wrapPayload', () => {
  const cases: [string, { given: Json; want: Json }][] = [
    [
      'payload with required: root requires properties',
      {
        given: { type: 'object', properties: { a: {} }, required: ['a'] },
        want: {
          type: 'object',
          properties: { properties: { type: 'object', properties: { a: {} }, required: ['a'] } },
          required: ['properties'],
        },
      },
    ],
    [
      'root keywords and definitions move to the root; eventMetadata is dropped',
      {
        given: {
          $schema: 'x',
          description: 'd',
          labels: { t: 'g' },
          definitions: { n: {} },
          eventMetadata: { name: 'E' },
          title: 'T',
        },
        want: {
          $schema: 'x',
          description: 'd',
          labels: { t: 'g' },
          definitions: { n: {} },
          type: 'object',
          properties: { properties: { title: 'T' } },
        },
      },
    ],
    [
      "the root's leaked required ['properties'] goes back to the root",
      {
        given: { type: 'object', properties: { a: {} }, required: ['properties'] },
        want: {
          type: 'object',
          properties: { properties: { type: 'object', properties: { a: {} } } },
          required: ['properties'],
        },
      },
    ],
    [
      'a real property named "properties" keeps its required',
      {
        given: { properties: { properties: {} }, required: ['properties'] },
        want: {
          type: 'object',
          properties: { properties: { properties: { properties: {} }, required: ['properties'] } },
          required: ['properties'],
        },
      },
    ],
    ['boolean schema', { given: true, want: { type: 'object', properties: { properties: true } } }],
  ];
  it.each(cases)('%s', (_n, { given, want }) => {
    const before = structuredClone(given);
    expect(wrapPayload(given)).toEqual(want);
    expect(given).toEqual(before);
  });
});

describe('toFilePointer', () => {
  const hoisted: RuleSource = { file: 'plan.json', pointer: '/rules/4/jsonSchema', hoisted: true };
  const plain: RuleSource = { file: 'plan.json', pointer: '/rules/4/jsonSchema' };
  const dirFile: RuleSource = { file: 'dir/a.json', pointer: '', hoisted: true };
  const cases: [string, { source: RuleSource; given: string; want: string }][] = [
    [
      'plain source: prefix',
      {
        source: plain,
        given: '/properties/properties/properties/a',
        want: '/rules/4/jsonSchema/properties/properties/properties/a',
      },
    ],
    [
      'hoisted payload',
      {
        source: hoisted,
        given: '/properties/properties/properties/a~1b/type',
        want: '/rules/4/jsonSchema/properties/a~1b/type',
      },
    ],
    [
      'hoisted definitions stay at the root',
      {
        source: hoisted,
        given: '/definitions/line/type',
        want: '/rules/4/jsonSchema/definitions/line/type',
      },
    ],
    [
      'synthesized root maps to the schema',
      { source: hoisted, given: '/properties', want: '/rules/4/jsonSchema' },
    ],
    [
      'schema file in a folder',
      { source: dirFile, given: '/properties/properties/properties/sku', want: '/properties/sku' },
    ],
    ['schema file root', { source: dirFile, given: '', want: '' }],
  ];
  it.each(cases)('%s', (_n, { source, given, want }) => {
    expect(toFilePointer(source, given)).toBe(want);
  });
});
