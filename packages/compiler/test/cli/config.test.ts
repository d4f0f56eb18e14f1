/**
 * Issue 16, item 14 (config): `platen check` and plain `platen` read `platen.config.json`, and the
 * config's API keys (`planId`, `apiUrl`, `tokenCommand`) are validated like its other keys. Pulling
 * with those keys is tested against a real registry in packages/registry/test/cli.test.ts.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { REPO, tempDir } from '../support/helpers.js';

async function platen(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    interactive: false,
  });
  return { code, stdout, stderr };
}

/** A folder with the example plan at plans/plan.json and `config` as platen.config.json. */
function project(name: string, config: object): string {
  const dir = tempDir(name);
  cpSync(join(REPO, 'fixtures/example/plan.json'), join(dir, 'plans/plan.json'));
  writeFileSync(join(dir, 'platen.config.json'), JSON.stringify(config, null, 2));
  return dir;
}

const base = { plan: 'plans/plan.json', outputs: [{ path: 'gen' }] };

describe('platen check reads the config', () => {
  it("with no --plan, checks the config's plan", async () => {
    const dir = project('check-config', base);
    const clean = await platen(['check'], dir);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    // A broken plan shows that the config's plan, not some default, is the one checked.
    writeFileSync(join(dir, 'plans/plan.json'), '{ "rules": [ }');
    const broken = await platen(['check', '--json'], dir);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).diagnostics[0].file).toBe('plans/plan.json');
  });

  it("uses the config's format, which --format overrides", async () => {
    const dir = project('check-format', { ...base, format: 'config-api' });
    const forced = await platen(['check', '--json'], dir);
    expect(forced.code).toBe(1);
    expect(JSON.stringify(JSON.parse(forced.stdout).diagnostics)).toMatch(/config-api/i);
    expect((await platen(['check', '--format', 'public-api'], dir)).code).toBe(0);
  });

  it('checks a JSON Schema folder named by the config', async () => {
    const dir = tempDir('check-dir');
    cpSync(join(REPO, 'fixtures/formats/track-only/shop'), join(dir, 'schemas'), {
      recursive: true,
    });
    writeFileSync(
      join(dir, 'platen.config.json'),
      JSON.stringify({ plan: 'schemas', format: 'json-schema-dir', outputs: [{ path: 'gen' }] }),
    );
    expect(await platen(['check'], dir)).toMatchObject({ code: 0 });
  });

  it('--config names another config; --plan still wins without one', async () => {
    const dir = project('check-explicit', base);
    expect((await platen(['check', '--config', 'platen.config.json'], dir)).code).toBe(0);
    expect((await platen(['check', '--plan', 'plans/plan.json'], dir)).code).toBe(0);
    const both = await platen(['check', '--plan', 'x.json', '--config', 'platen.config.json'], dir);
    expect(both.code).toBe(2);
  });

  it('a bad config is reported with its pointer; no config and no --plan is a usage error', async () => {
    const bad = project('check-bad', { ...base, outputs: [] });
    const r = await platen(['check'], bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/platen\.config\.json.*\n?.*outputs/);
    const none = await platen(['check'], tempDir('check-none'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Missing --plan: pass --plan FILE, or run platen check where/);
  });
});

describe('plain platen', () => {
  it('builds from the config when one is here', async () => {
    const dir = project('bare', base);
    const r = await platen([], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no command given; building from platen.config.json');
    expect(existsSync(join(dir, 'gen/index.ts'))).toBe(true);
    // Flags alone go to the build too.
    expect((await platen(['--check'], dir)).stdout).toMatch(/up to date/);
  });

  it('without a config still asks for a command; --help and --version are unchanged', async () => {
    const none = await platen([], tempDir('bare-none'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Name a command/);
    const dir = project('bare-help', base);
    expect((await platen(['--help'], dir)).stdout).toMatch(/platen build/);
    expect(existsSync(join(dir, 'gen'))).toBe(false);
  });
});

describe('config keys planId, apiUrl, tokenCommand', () => {
  it('are accepted, and the build ignores them', async () => {
    const dir = project('api-keys', {
      ...base,
      planId: 'tp_1',
      apiUrl: 'https://eu1.api.segmentapis.com',
      tokenCommand: 'echo token',
    });
    const r = await platen(['build'], dir);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'gen/index.ts'), 'utf8')).toContain('orderCompleted');
  });

  it('wrong values are diagnostics naming the key', async () => {
    const dir = project('api-keys-bad', {
      ...base,
      planId: 5,
      apiUrl: 'ftp://example.com',
      tokenCommand: ' ',
    });
    for (const argv of [['build'], ['check'], ['pull']]) {
      const r = await platen(argv, dir);
      const text = r.stdout + r.stderr;
      expect(r.code, argv[0]).toBe(1);
      expect(text).toContain('"planId" must be a tracking plan id');
      expect(text).toContain('"apiUrl" must be an http(s) URL');
      expect(text).toContain('"tokenCommand" must be a non-empty shell command');
      expect(text).not.toMatch(/\n\s+at /);
    }
  });
});
