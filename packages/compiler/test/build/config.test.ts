/** Options: defaults in one place, and config files validated with a pointer for every problem. */
import { describe, expect, it } from 'vitest';
import { parseConfig, resolveOptions, validateConfig } from '../../src/config/index.js';

describe('resolveOptions', () => {
  it('fills every default and nothing else', () => {
    expect(
      resolveOptions({
        plan: '/p.json',
        outputs: [{ path: '/out' }, { path: '/o2', mode: 'prod', sdk: 'generic' }],
      }),
    ).toEqual({
      plan: '/p.json',
      outputs: [
        { path: '/out', language: 'typescript', sdk: 'analytics-next', mode: 'dev', module: 'esm' },
        { path: '/o2', language: 'typescript', sdk: 'generic', mode: 'prod', module: 'esm' },
      ],
      prettier: false,
    });
  });
});

const cases: [string, { given: unknown; want: [string, string][] }][] = [
  ['a valid config', { given: { plan: 'p.json', outputs: [{ path: 'o' }] }, want: [] }],
  [
    'not an object',
    { given: [1], want: [['', 'The config must be an object with "plan" and "outputs".']] },
  ],
  [
    'a missing plan',
    { given: { outputs: [{ path: 'o' }] }, want: [['/plan', '"plan" must be a non-empty path.']] },
  ],
  [
    'a NUL in a path',
    {
      given: { plan: 'p\u0000', outputs: [{ path: 'o' }] },
      want: [['/plan', '"plan" must be a non-empty path.']],
    },
  ],
  [
    'an unknown key, escaped in the pointer',
    {
      given: { plan: 'p', outputs: [{ path: 'o' }], 'a/b~': 1 },
      want: [['/a~1b~0', 'Unknown option "a/b~".']],
    },
  ],
  [
    'a bad format',
    {
      given: { plan: 'p', format: 'csv', outputs: [{ path: 'o' }] },
      want: [
        [
          '/format',
          expect.stringMatching(/^"format" must be one of "public-api"/) as unknown as string,
        ],
      ],
    },
  ],
  [
    'outputs not a list',
    {
      given: { plan: 'p', outputs: { path: 'o' } },
      want: [['/outputs', '"outputs" must be a non-empty list of { path, language, sdk, mode }.']],
    },
  ],
  [
    'several problems in one output, all reported',
    {
      given: {
        plan: 'p',
        outputs: [{ path: 'o' }, { path: '', mode: 'fast', language: 'cobol', __proto__x: 1 }],
      },
      want: [
        ['/outputs/1/__proto__x', 'Unknown output option "__proto__x".'],
        ['/outputs/1/path', '"path" must be a non-empty path.'],
        [
          '/outputs/1/language',
          expect.stringMatching(
            /^"language" must be one of "typescript".*, got "cobol"\./,
          ) as unknown as string,
        ],
        ['/outputs/1/mode', '"mode" must be one of "dev", "prod", got "fast".'],
      ],
    },
  ],
  [
    'prettier not a boolean',
    {
      given: { plan: 'p', prettier: 'yes', outputs: [{ path: 'o' }] },
      want: [['/prettier', '"prettier" must be true or false.']],
    },
  ],
];

describe('validateConfig', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    const result = validateConfig(given, 'platen.config.json', '/base');
    expect(result.diagnostics.map((d) => [d.pointer, d.message])).toEqual(want);
    expect(
      result.diagnostics.every(
        (d) => d.code === 'invalid-config' && d.file === 'platen.config.json',
      ),
    ).toBe(true);
    expect(result.options === undefined).toBe(want.length > 0);
  });

  it('resolves paths against the config file folder', () => {
    expect(
      validateConfig(
        { plan: '../plan.json', outputs: [{ path: 'gen' }] },
        'c/platen.config.json',
        '/repo/c',
      ).options,
    ).toMatchObject({
      plan: '/repo/plan.json',
      outputs: [{ path: '/repo/c/gen' }],
    });
  });
});

describe('parseConfig', () => {
  it.each([
    [
      'YAML',
      'platen.config.yml',
      'plan: p.json\noutputs:\n  - path: out\n    sdk: nope\n',
      [4, 10],
    ],
    [
      'JSON',
      'platen.config.json',
      '{\n  "plan": "p.json",\n  "outputs": [{ "path": "out", "sdk": "nope" }]\n}\n',
      [3, 39],
    ],
  ] as const)('places %s problems at a line and column', (_name, file, text, [line, column]) => {
    const [d] = parseConfig(text, file, '/base').diagnostics;
    expect([d?.pointer, d?.line, d?.column]).toEqual(['/outputs/0/sdk', line, column]);
  });

  it('reports a syntax error as a config diagnostic with a position', () => {
    const [d] = parseConfig('{ "plan": ', 'platen.config.json', '/base').diagnostics;
    expect([d?.code, d?.file, typeof d?.line]).toEqual([
      'invalid-config-syntax',
      'platen.config.json',
      'number',
    ]);
  });
});
