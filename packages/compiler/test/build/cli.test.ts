/** `platen build` and `platen init` through runCli, in-process, with no TTY. */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';
import { OUTPUT_CHOICES } from '../../src/config/index.js';
import { importBundled, readTree, REPO, tempDir } from '../support/helpers.js';

async function platen(argv: string[], cwd: string, extra: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    interactive: false,
    ...extra,
  });
  return { code, stdout, stderr };
}

/** A project folder with the example plan as `plan.json`. */
function project(name: string): string {
  const dir = tempDir(name);
  copyFileSync(join(REPO, 'fixtures/example/plan.json'), join(dir, 'plan.json'));
  return dir;
}

describe('platen build', () => {
  it('builds from flags, prints one summary line, then --check passes and a later edit fails it', async () => {
    const cwd = project('flags');
    const r = await platen(['build', '--plan', 'plan.json', '--out', 'src/analytics'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^platen: src\/analytics: \d+ files, 8 events, dev, \d+\.\d\d s\n$/);
    expect(existsSync(join(cwd, 'src/analytics/platen.manifest.json'))).toBe(true);
    const check = await platen(
      ['build', '--plan', 'plan.json', '--out', 'src/analytics', '--check'],
      cwd,
    );
    expect([check.code, check.stdout]).toEqual([0, expect.stringMatching(/up to date/)]);
    writeFileSync(
      join(cwd, 'src/analytics/index.ts'),
      readFileSync(join(cwd, 'src/analytics/index.ts'), 'utf8') + '// edit\n',
    );
    const before = readTree(join(cwd, 'src/analytics'));
    const stale = await platen(
      ['build', '--plan', 'plan.json', '--out', 'src/analytics', '--check', '--mode', 'prod'],
      cwd,
    );
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/stale: {3}index\.ts/);
    expect(stale.stdout).toMatch(/extra: {3}validators\/product-viewed\.ts/);
    expect(readTree(join(cwd, 'src/analytics'))).toEqual(before);
  });

  it('builds every output of a config file, paths relative to the file, and keeps names from the manifest', async () => {
    const cwd = project('config');
    mkdirSync(join(cwd, 'conf'));
    writeFileSync(
      join(cwd, 'conf/platen.config.yml'),
      'plan: ../plan.json\noutputs:\n  - path: ../web\n  - path: ../web-prod\n    mode: prod\n',
    );
    const r = await platen(['build', '--config', 'conf/platen.config.yml'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^platen: web: \d+ files, 8 events, dev/),
      expect.stringMatching(/^platen: web-prod: \d+ files, 8 events, prod/),
    ]);
    expect(
      Object.keys(readTree(join(cwd, 'web-prod'))).some((p) => p.startsWith('validators/')),
    ).toBe(false);
    // A name recorded in the manifest is kept by the next build (stable identifiers).
    const manifestPath = join(cwd, 'web/platen.manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      rules: { key: string; function: string }[];
    };
    manifest.rules.find((x) => x.key === 'Product Viewed')!.function = 'productSeen';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect((await platen(['build', '--config', 'conf/platen.config.yml'], cwd)).code).toBe(0);
    expect(readFileSync(join(cwd, 'web/index.ts'), 'utf8')).toMatch(/export \{ productSeen \}/);
  });

  it.each([
    [
      'an unknown option',
      '{"plan":"plan.json","outputs":[{"path":"out","colour":"red"}]}',
      '/outputs/0/colour',
    ],
    [
      'a bad sdk',
      '{"plan":"plan.json","outputs":[{"path":"out","sdk":"segment"}]}',
      '/outputs/0/sdk',
    ],
    ['no outputs', '{"plan":"plan.json","outputs":[]}', '/outputs'],
    ['a plan that is not a string', '{"plan":3,"outputs":[{"path":"out"}]}', '/plan'],
  ])(
    'a config with %s fails with exit 1 naming the file and pointer',
    async (_name, text, pointer) => {
      const cwd = project('badconfig');
      writeFileSync(join(cwd, 'platen.config.json'), text);
      const r = await platen(['build'], cwd);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^platen\.config\.json:1:\d+: error\[invalid-config\]/);
      expect(r.stderr).toContain(`pointer: ${pointer}`);
      expect(existsSync(join(cwd, 'out'))).toBe(false);
    },
  );

  it.each([
    [
      'a bad --mode',
      ['--plan', 'plan.json', '--out', 'o', '--mode', 'fast'],
      /Argument: mode, Given: "fast"/,
    ],
    ['a bad --sdk', ['--plan', 'plan.json', '--out', 'o', '--sdk', 'x'], /Argument: sdk/],
    ['--plan without --out', ['--plan', 'plan.json'], /--plan and --out go together/],
    ['no config and no flags', [], /No platen\.config\.json/],
  ])('%s is a usage error (exit 2)', async (_name, args, message) => {
    const r = await platen(['build', ...args], project('usage'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it.each(['fixtures/messy/plan.json', 'fixtures/typewriter/v9/src/analytics/plan.json'])(
    'builds the real-world plan %s, showing each warning once',
    async (plan) => {
      const cwd = tempDir('messy');
      const r = await platen(['build', '--plan', join(REPO, plan), '--out', 'out'], cwd);
      expect([r.code, r.stdout]).toEqual([0, expect.stringMatching(/^platen: out: \d+ files/)]);
      const warnings = r.stderr.split('\n').filter((l) => /warning\[/.test(l));
      expect(new Set(warnings.map((l) => l.replace(/^[^ ]+ /, ''))).size).toBe(warnings.length);
    },
  );

  it('builds a CommonJS JavaScript client whose validators run', async () => {
    const cwd = project('cjs');
    const r = await platen(
      [
        'build',
        '--plan',
        'plan.json',
        '--out',
        'out',
        '--language',
        'javascript',
        '--module',
        'cjs',
      ],
      cwd,
    );
    expect(r.code).toBe(0);
    const tree = readTree(join(cwd, 'out'));
    const validator = tree['validators/product-viewed.cjs']!;
    expect(validator).toMatch(/^exports\.validate = /m);
    const validators = Object.entries(tree).filter(([p]) => p.startsWith('validators/'));
    expect(
      validators.filter(([p, text]) => !p.endsWith('.cjs') || /^(import|export) /m.test(text)),
    ).toEqual([]);
    expect(
      validators.some(([, text]) =>
        /^const \{ [\w, ]+ \} = require\('@platen\/runtime\/validation'\);$/m.test(text),
      ),
    ).toBe(true);
    // CommonJS has no static export list for `export *`: take the module object as the default import.
    writeFileSync(
      join(cwd, 'out/harness.mjs'),
      "import client from './index.cjs';\nexport default client;\n",
    );
    const { default: client } = await importBundled<{
      default: Record<string, (...a: unknown[]) => void>;
    }>(join(cwd, 'out/harness.mjs'));
    const violations: unknown[] = [];
    client.configure!({
      analytics: { track: () => undefined },
      onViolation: (v: unknown) => violations.push(v),
    });
    client.productViewed!({ product_id: 'p', price: -1 });
    expect(violations).toHaveLength(1);
  });

  it('renders plan errors like platen check and writes nothing', async () => {
    const cwd = tempDir('planerr');
    writeFileSync(
      join(cwd, 'plan.json'),
      '{"id":"tp","type":"LIVE","rules":[{"type":"TRACK","key":"A","version":0,"jsonSchema":{}}]}',
    );
    const build = await platen(['build', '--plan', 'plan.json', '--out', 'out'], cwd);
    const check = await platen(['check', '--plan', 'plan.json'], cwd);
    expect(build.code).toBe(1);
    expect(build.stderr).toBe(check.stdout);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it.each([
    ['the working directory', '.'],
    ['a folder holding the plan', '..'],
  ])('refuses %s as the output (exit 1)', async (_name, out) => {
    const cwd = project('cwd-out');
    mkdirSync(join(cwd, 'sub'));
    copyFileSync(join(cwd, 'plan.json'), join(cwd, 'sub/plan.json'));
    const r = await platen(['build', '--plan', 'plan.json', '--out', out], join(cwd, 'sub'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds the working directory or the plan/);
    expect(readTree(cwd)).toEqual({
      'plan.json': expect.any(String),
      'sub/plan.json': expect.any(String),
    });
  });

  it("refuses to overwrite a person's file, naming it (exit 1)", async () => {
    const cwd = project('person');
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out/index.ts'), 'export const mine = 1;\n');
    const r = await platen(['build', '--plan', 'plan.json', '--out', 'out'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /Refusing to overwrite .*out\/index\.ts: it is a file Platen did not generate/,
    );
    expect(readFileSync(join(cwd, 'out/index.ts'), 'utf8')).toBe('export const mine = 1;\n');
  });
});

describe('platen init', () => {
  it('writes a config from flags without a TTY, which platen build then uses', async () => {
    const cwd = project('init');
    const r = await platen(['init', '--plan', 'plan.json', '--out', 'gen', '--mode', 'prod'], cwd);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'platen.config.json'), 'utf8'))).toEqual({
      plan: 'plan.json',
      outputs: [{ path: 'gen', language: 'typescript', sdk: 'analytics-next', mode: 'prod' }],
    });
    expect((await platen(['build'], cwd)).code).toBe(0);
    expect(existsSync(join(cwd, 'gen/index.ts'))).toBe(true);
  });

  it('refuses to overwrite a config without --force', async () => {
    const cwd = project('init-force');
    writeFileSync(join(cwd, 'platen.config.yml'), 'plan: x\n');
    const r = await platen(['init'], cwd);
    expect([r.code, r.stderr]).toEqual([
      1,
      expect.stringMatching(/platen\.config\.yml already exists; pass --force/),
    ]);
    expect((await platen(['init', '--force'], cwd)).code).toBe(0);
  });

  it('asks only at a terminal, and only for what the flags left out', async () => {
    const cwd = project('init-ask');
    const asked: string[] = [];
    const answers = ['my-plan.json', '', 'generic'];
    const r = await platen(['init', '--mode', 'dev'], cwd, {
      interactive: true,
      prompt: async (q) => {
        asked.push(q);
        return answers.shift()!;
      },
    });
    expect(r.code).toBe(0);
    expect(asked).toEqual([
      'Tracking plan file (plan.json): ',
      'Output directory (src/analytics): ',
      `SDK (${OUTPUT_CHOICES.sdk.choices.join(', ')}) (analytics-next): `,
    ]);
    expect(JSON.parse(readFileSync(join(cwd, 'platen.config.json'), 'utf8'))).toEqual({
      plan: 'my-plan.json',
      outputs: [{ path: 'src/analytics', language: 'typescript', sdk: 'generic', mode: 'dev' }],
    });
  });
});
