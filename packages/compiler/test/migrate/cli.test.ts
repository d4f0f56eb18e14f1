/**
 * The Typewriter 7 and 9 fixture projects (fixtures/typewriter) build with `platen build` unchanged,
 * `platen migrate` converts them, and the converted config builds the very same files.
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { REPO, scratch } from '../support/e2e.js';

const root = scratch('migrate');
afterAll(() => rmSync(root, { recursive: true, force: true }));

let copies = 0;
/** A fresh copy of a fixture project. */
function project(name: string): string {
  const dir = join(root, `${name}-${copies++}`);
  cpSync(join(REPO, 'fixtures/typewriter', name), dir, { recursive: true });
  return dir;
}

async function platen(cwd: string, argv: string[], answer?: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd,
    env: {},
    interactive: answer !== undefined,
    ...(answer !== undefined ? { prompt: async () => answer } : {}),
  });
  return { code, stdout, stderr };
}

/** Every file under `dir` as relative path → contents. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = readFileSync(path, 'utf8');
  }
  return out;
}

const fixtures: [string, { client: string; config: object; functions: string[] }][] = [
  [
    'v7',
    {
      client: 'analytics/client',
      config: {
        plan: 'analytics/plan.json',
        planId: 'rs_1hIp3bWxYxZpQ',
        tokenCommand: 'source .env; echo $TYPEWRITER_TOKEN',
        outputs: [
          { path: 'analytics/client', language: 'typescript', sdk: 'analytics-js', mode: 'dev' },
        ],
      },
      functions: [
        'newsletterSubscribed',
        'orderCompleted',
        'productAdded',
        'productViewed',
        'signedUpEmailPassword',
      ],
    },
  ],
  [
    'v9',
    {
      client: 'src/analytics/client',
      config: {
        plan: 'src/analytics/plan.json',
        planId: 'tp_2NcdBKsJbKXcPSz6bWcLYqVC8Fv',
        tokenCommand: 'echo $SEGMENT_PUBLIC_API_TOKEN',
        outputs: [
          {
            path: 'src/analytics/client',
            language: 'typescript',
            sdk: 'analytics-js',
            mode: 'dev',
          },
        ],
      },
      functions: [
        'checkoutStarted',
        'checkoutStepViewed',
        'couponApplied',
        'orderCompleted',
        'paymentInfoEntered',
      ],
    },
  ],
];

describe.each(fixtures)('Typewriter %s project', (name, want) => {
  it('builds unchanged: platen build reads typewriter.yml and plan.json', async () => {
    const dir = project(name);
    const built = await platen(dir, ['build']);
    expect(built.stderr).not.toMatch(/error\[/);
    expect(built.code).toBe(0);
    const index = readFileSync(join(dir, want.client, 'index.ts'), 'utf8');
    for (const fn of want.functions) expect(index).toContain(`export { ${fn} }`);
  });

  it('migrate --yes writes the matching platen.config.json, which builds the same files', async () => {
    const original = project(name);
    expect((await platen(original, ['build'])).code).toBe(0);
    const migrated = project(name);
    const result = await platen(migrated, ['migrate', '--yes']);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(migrated, 'platen.config.json'), 'utf8'))).toEqual(
      want.config,
    );
    expect((await platen(migrated, ['build'])).code).toBe(0);
    expect(tree(join(migrated, want.client))).toEqual(tree(join(original, want.client)));
  });

  it('migrate prints what changes for the team', async () => {
    const { stdout, code } = await platen(project(name), ['migrate']);
    expect(code).toBe(0);
    for (const line of [
      /context\.typewriter \{ language, version \}; it now carries context\.platen \{ language, version \}/,
      /setTypewriterOptions\(\{ analytics, onViolation \}\) → configure\(\{ analytics, onViolation \}\)/,
      /onViolation is 'warn' \(default\), 'throw'.*'skip'.*'off'/,
      // The command printed needs no flags: planId and tokenCommand are in the config it writes.
      /scripts\.token → "tokenCommand" .* run platen pull \(or platen build --pull\)$/m,
      new RegExp(`the client moves from .* to ${want.client}`),
      /nothing written; pass --yes/,
    ]) {
      expect(stdout).toMatch(line);
    }
    for (const fn of want.functions) expect(stdout).toContain(`  ${fn}: track `);
  });
});

describe('other Typewriter clients', () => {
  /** A copy of a fixture project with another client section. */
  function variant(name: string, sdk: string, language: string, moduleTarget: string): string {
    const dir = project(name);
    const yml = readFileSync(join(dir, 'typewriter.yml'), 'utf8')
      .replace(/^(\s+sdk:) .*$/m, `$1 ${sdk}`)
      .replace(/^(\s+language:) .*$/m, `$1 ${language}`)
      .replace(/^(\s+(?:moduleTarget|module):) .*$/m, `$1 ${moduleTarget}`);
    writeFileSync(join(dir, 'typewriter.yml'), yml);
    return dir;
  }

  it.each<[string, string, string, string, { client: string; entry: string; module?: string }]>([
    [
      'v7',
      'analytics-node',
      'javascript',
      'CommonJS',
      { client: 'analytics/client', entry: 'index.cjs', module: 'cjs' },
    ],
    [
      'v7',
      'analytics-node',
      'typescript',
      'ESNext',
      { client: 'analytics/client', entry: 'index.ts' },
    ],
    [
      'v7',
      'analytics.js',
      'javascript',
      'ESNext',
      { client: 'analytics/client', entry: 'index.js' },
    ],
    [
      'v9',
      'analytics-react-native',
      'typescript',
      'ESNext',
      { client: 'src/analytics/client', entry: 'index.ts' },
    ],
    [
      'v9',
      'none',
      'javascript',
      'CommonJS',
      { client: 'src/analytics/client', entry: 'index.cjs', module: 'cjs' },
    ],
  ])(
    '%s %s + %s (%s) builds unchanged; migrated, the same files',
    async (name, sdk, language, target, want) => {
      const original = variant(name, sdk, language, target);
      const built = await platen(original, ['build']);
      expect(built.stderr).not.toMatch(/error\[/);
      expect(built.code).toBe(0);
      expect(existsSync(join(original, want.client, want.entry))).toBe(true);
      const migrated = variant(name, sdk, language, target);
      expect((await platen(migrated, ['migrate', '--yes'])).code).toBe(0);
      const config = JSON.parse(readFileSync(join(migrated, 'platen.config.json'), 'utf8'));
      expect(config.outputs[0].module).toBe(want.module);
      expect((await platen(migrated, ['build'])).code).toBe(0);
      expect(tree(join(migrated, want.client))).toEqual(tree(join(original, want.client)));
    },
  );
});

describe('platen migrate safety', () => {
  it('never replaces an existing platen.config.json without --force', async () => {
    const dir = project('v7');
    writeFileSync(join(dir, 'platen.config.json'), '{"mine": true}\n');
    const refused = await platen(dir, ['migrate', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(join(dir, 'platen.config.json'), 'utf8')).toBe('{"mine": true}\n');
    expect((await platen(dir, ['migrate', '--yes', '--force'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'platen.config.json'), 'utf8'))).toMatchObject({
      plan: 'analytics/plan.json',
    });
  });

  it.each([
    ['y', true],
    ['n', false],
    ['', false],
  ])('at a terminal, answering %j writes: %s', async (answer, writes) => {
    const dir = project('v9');
    expect((await platen(dir, ['migrate'], answer)).code).toBe(0);
    expect(existsSync(join(dir, 'platen.config.json'))).toBe(writes);
  });

  it("names Typewriter's generated files and the functions that no longer exist", async () => {
    const dir = project('v7');
    // What Typewriter 7 left in the plan's folder (abridged): its banner, helpers and event functions.
    writeFileSync(
      join(dir, 'analytics/index.ts'),
      [
        '/**',
        ' * This client was automatically generated by Segment Typewriter. ** Do Not Edit **',
        ' */',
        'export function setTypewriterOptions(options: unknown) {}',
        'export function orderCompleted(props: unknown) {}',
        'export function signedUpEmailPassword2(props: unknown) {}',
        'export default new Proxy({}, {})',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'analytics/helpers.ts'), 'export const mine = 1;\n');
    const { stdout } = await platen(dir, ['migrate']);
    expect(stdout).toContain('function renamed or gone: setTypewriterOptions → configure');
    expect(stdout).toContain('function renamed or gone: signedUpEmailPassword2 → no function');
    expect(stdout).toContain('function renamed or gone: default → named imports');
    expect(stdout).not.toContain('orderCompleted →');
    expect(stdout).toMatch(/delete before the first platen build .*: analytics\/index\.ts$/m);
  });

  it.each([
    ['YAML syntax error', 'client: [\n', /typewriter\.yml:\d+:\d+/],
    [
      'an iOS client',
      'client: { sdk: analytics-ios, language: swift }\ntrackingPlans: [{ id: a, path: x }]\n',
      /\/client\/sdk/,
    ],
  ])(
    'a bad typewriter.yml (%s) is a diagnostic, never a stack trace',
    async (_name, text, where) => {
      const dir = project('v9');
      writeFileSync(join(dir, 'typewriter.yml'), text);
      for (const argv of [['migrate'], ['build']]) {
        const result = await platen(dir, argv);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(where);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
    },
  );
});
