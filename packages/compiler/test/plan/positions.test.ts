/** Line and column of JSON pointers in JSON and YAML sources, computed lazily. */
import { describe, expect, it } from 'vitest';
import { positionOfPointer } from '../../src/plan/index.js';
import type { PlanSourceText } from '../../src/plan/types.js';

const json: PlanSourceText = {
  syntax: 'json',
  text: [
    '{',
    '  "rules": [',
    '    { "type": "TRACK", "key": "A", "version": 1 },',
    '    { "type": "TRACK", "key": "B\\"", "version": 0,',
    '      "jsonSchema": { "properties": { "a/b~c": { "type": 5 }, "": { "type": "x" } } } }',
    '  ]',
    '}',
  ].join('\r\n'),
};
const yaml: PlanSourceText = {
  syntax: 'yaml',
  text: [
    'rules:',
    '  - type: TRACK',
    '    key: A',
    '  - type: TRACK',
    '    version: 0',
    '    jsonSchema:',
    '      properties:',
    '        "a/b~c": { type: 5 }',
    '',
  ].join('\n'),
};

describe('positionOfPointer', () => {
  const cases: [string, { source: PlanSourceText; given: string; want: object | undefined }][] = [
    ['JSON root', { source: json, given: '', want: { line: 1, column: 1 } }],
    ['JSON array element', { source: json, given: '/rules/1', want: { line: 4, column: 5 } }],
    [
      'JSON member value (CRLF file)',
      { source: json, given: '/rules/1/version', want: { line: 4, column: 49 } },
    ],
    [
      'JSON escaped token ~1 ~0',
      {
        source: json,
        given: '/rules/1/jsonSchema/properties/a~1b~0c/type',
        want: { line: 5, column: 58 },
      },
    ],
    [
      'JSON empty-string member',
      {
        source: json,
        given: '/rules/1/jsonSchema/properties//type',
        want: { line: 5, column: 77 },
      },
    ],
    [
      'JSON missing member falls back to its parent',
      { source: json, given: '/rules/0/jsonSchema', want: { line: 3, column: 5 } },
    ],
    ['JSON malformed pointer', { source: json, given: 'rules', want: undefined }],
    [
      'YAML sequence item member',
      { source: yaml, given: '/rules/1/version', want: { line: 5, column: 14 } },
    ],
    [
      'YAML flow mapping value',
      {
        source: yaml,
        given: '/rules/1/jsonSchema/properties/a~1b~0c/type',
        want: { line: 8, column: 26 },
      },
    ],
  ];
  it.each(cases)('%s', (_n, { source, given, want }) => {
    expect(positionOfPointer(source, given)).toEqual(want);
  });
});
