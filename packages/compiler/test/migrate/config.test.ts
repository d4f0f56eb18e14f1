/** Reading typewriter.yml: both forms, every SDK/language mapping, and bad files as diagnostics. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { migratedConfig, readTypewriterConfig } from '../../src/migrate/index.js';

const v7 = (
  client: string,
  plans = '  - id: rs_1\n    workspaceSlug: acme\n    path: ./analytics\n',
) => parse(`client:\n${client}\ntrackingPlans:\n${plans}`) as unknown;

type Want =
  | { form: string; sdk: string; language: string; commonjs: boolean; dropped?: string[] }
  | { errors: string[] };

const cases: [string, { given: unknown; want: Want }][] = [
  [
    '7.x analytics.js + typescript',
    {
      given: v7(
        '  sdk: analytics.js\n  language: typescript\n  scriptTarget: ES5\n  moduleTarget: ESNext',
      ),
      want: {
        form: 'typewriter-7',
        sdk: 'analytics-js',
        language: 'typescript',
        commonjs: false,
        dropped: ['/client/scriptTarget'],
      },
    },
  ],
  [
    '7.x analytics-node + javascript, CommonJS',
    {
      given: v7('  sdk: analytics-node\n  language: javascript\n  moduleTarget: CommonJS'),
      want: { form: 'typewriter-7', sdk: 'analytics-node', language: 'javascript', commonjs: true },
    },
  ],
  [
    '9.x analytics-js, languageOptions.module ESNext',
    {
      given: v7(
        '  sdk: analytics-js\n  language: typescript\n  languageOptions:\n    module: ESNext',
      ),
      want: { form: 'typewriter-9', sdk: 'analytics-js', language: 'typescript', commonjs: false },
    },
  ],
  [
    '9.x react native, module as TypeScript ModuleKind number (1 = CommonJS)',
    {
      given: v7('  sdk: analytics-react-native\n  language: javascript\n  module: 1'),
      want: { form: 'typewriter-9', sdk: 'react-native', language: 'javascript', commonjs: true },
    },
  ],
  [
    '9.x none (types and validation only) → generic; no workspaceSlug',
    {
      given: v7('  sdk: none\n  language: typescript', '  - id: tp_1\n    path: src/analytics\n'),
      want: { form: 'typewriter-9', sdk: 'generic', language: 'typescript', commonjs: false },
    },
  ],
  [
    'mobile SDKs and languages have no Platen target',
    {
      given: v7('  sdk: analytics-ios\n  language: swift'),
      want: { errors: ['/client/sdk', '/client/language'] },
    },
  ],
  [
    'two tracking plans: one config per plan',
    {
      given: v7(
        '  sdk: analytics.js\n  language: typescript',
        '  - id: a\n    path: ./a\n  - id: b\n    path: ./b\n',
      ),
      want: { errors: ['/trackingPlans/1'] },
    },
  ],
  [
    'a plan without path or id',
    {
      given: v7('  sdk: analytics.js\n  language: typescript', '  - workspaceSlug: acme\n'),
      want: { errors: ['/trackingPlans/0/path', '/trackingPlans/0/id'] },
    },
  ],
  [
    'a per-plan event filter is reported as ignored; name and legacyID are not',
    {
      given: v7(
        '  sdk: analytics-js\n  language: typescript',
        '  - id: tp_1\n    name: Web\n    legacyID: rs_1\n    path: x\n    events:\n      Order Completed: 1\n',
      ),
      want: {
        form: 'typewriter-9',
        sdk: 'analytics-js',
        language: 'typescript',
        commonjs: false,
        dropped: ['/trackingPlans/0/events'],
      },
    },
  ],
  ['not an object', { given: ['client'], want: { errors: [''] } }],
  [
    'no client, empty plans',
    { given: { client: 'x', trackingPlans: [] }, want: { errors: ['/client', '/trackingPlans'] } },
  ],
];

describe('readTypewriterConfig', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    const { project, diagnostics } = readTypewriterConfig(given, 'typewriter.yml');
    if ('errors' in want) {
      expect(project).toBeUndefined();
      expect(diagnostics.map((d) => d.pointer)).toEqual(want.errors);
      for (const d of diagnostics) {
        expect(d).toMatchObject({
          code: 'invalid-typewriter-config',
          severity: 'error',
          file: 'typewriter.yml',
        });
      }
      return;
    }
    expect(diagnostics).toEqual([]);
    expect(project).toMatchObject({
      form: want.form,
      sdk: want.sdk,
      language: want.language,
      commonjs: want.commonjs,
      dropped: want.dropped ?? [],
    });
  });
});

describe('migratedConfig', () => {
  it('a CommonJS JavaScript client keeps CommonJS ("module": "cjs"); TypeScript leaves it to tsc', () => {
    const config = (language: string) =>
      migratedConfig(
        readTypewriterConfig(
          v7(`  sdk: analytics-node\n  language: ${language}\n  moduleTarget: CommonJS`),
          'typewriter.yml',
        ).project!,
      ).outputs[0];
    expect(config('javascript')).toMatchObject({ language: 'javascript', module: 'cjs' });
    expect(config('typescript')).not.toHaveProperty('module');
  });

  it.each([
    ['./analytics', { plan: 'analytics/plan.json', out: 'analytics/client' }],
    ['src/analytics/', { plan: 'src/analytics/plan.json', out: 'src/analytics/client' }],
    ['.', { plan: 'plan.json', out: 'client' }],
  ])('path %j → plan and output', (path, want) => {
    const { project } = readTypewriterConfig(
      v7(
        '  sdk: analytics.js\n  language: typescript',
        `  - id: rs_1\n    path: ${JSON.stringify(path)}\n`,
      ),
      'typewriter.yml',
    );
    expect(migratedConfig(project!)).toEqual({
      plan: want.plan,
      planId: 'rs_1',
      outputs: [{ path: want.out, language: 'typescript', sdk: 'analytics-js', mode: 'dev' }],
    });
  });
});
