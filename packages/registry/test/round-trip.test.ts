/** pull → build → push against a real registry, and `build --pull` falling back when the API is away. */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@platen/compiler';
import { ruleToApiInput, ruleFromApi } from '@platen/compiler/api';
import {
  closedPortUrl,
  REPO,
  startTestRegistry,
  trackRule,
  type TestRegistry,
} from './support/helpers.js';

/** The CLI's streams, cwd and environment (the compiler exports `runCli` but not this type). */
type CliIo = Parameters<typeof runCli>[1];

let t: TestRegistry;
let planId: string;
beforeAll(async () => {
  t = await startTestRegistry();
  const example = JSON.parse(readFileSync(join(REPO, 'fixtures/example/plan.json'), 'utf8'));
  planId = (await t.client().createPlan({ name: example.name, type: 'LIVE' })).id;
  await t.client().replaceRules(planId, example.rules.map(ruleFromApi).map(ruleToApiInput));
});
afterAll(() => t.stop());

async function cli(argv: string[], apiUrl = t.registry.url) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: t.dir,
    env: { PLATEN_TOKEN: t.writeToken },
    interactive: false,
  };
  const code = await runCli([...argv, '--api-url', apiUrl], io);
  return { code, stdout, stderr };
}

const build = ['build', '--plan', 'plan.json', '--out', 'gen', '--no-prettier'];

describe('pull → build → push', () => {
  it('builds from a pulled plan and pushes an edit back', async () => {
    const pulled = await cli([...build, '--pull', '--plan-id', planId]);
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(
      new RegExp(`^platen: pulled ${planId} \\(\\d+ rules\\) into plan.json\\n`),
    );
    expect(readdirSync(join(t.dir, 'gen')).length).toBeGreaterThan(0);

    const file = join(t.dir, 'plan.json');
    const plan = JSON.parse(readFileSync(file, 'utf8'));
    plan.rules.push(trackRule('Coupon Applied'));
    writeFileSync(file, JSON.stringify(plan));
    const pushed = await cli(['push', 'plan.json', '--plan-id', planId, '--yes']);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain('  + TRACK "Coupon Applied" v1: safe\n');
    expect(pushed.stdout).toContain('\n1 added, 0 removed, 0 changed, 0 renamed, ');

    // Pulling again gives the canonical form of the edited file, and building it still works.
    const edited = readFileSync(file, 'utf8');
    expect((await cli(['pull', '--plan-id', planId, '--out', 'plan.json'])).code).toBe(0);
    const canonical = readFileSync(file, 'utf8');
    expect(canonical).not.toBe(edited);
    expect(JSON.parse(canonical).rules.map((r: { key: string }) => r.key)).toContain(
      'Coupon Applied',
    );
    expect((await cli(build)).code).toBe(0);
  });
});

describe('build --pull', () => {
  let offline: string;
  beforeAll(async () => {
    offline = await closedPortUrl();
  });

  it('builds from the local file, with a warning, when the API cannot be reached', async () => {
    await cli(['pull', '--plan-id', planId, '--out', 'plan.json']);
    const before = readFileSync(join(t.dir, 'plan.json'), 'utf8');
    const r = await cli([...build, '--pull', '--plan-id', planId, '--retries', '1'], offline);
    expect(r.code).toBe(0);
    const [retry, warning] = r.stderr.split('\n');
    expect(retry).toMatch(
      /^platen: could not reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED; retry 1 in \d+ ms$/,
    );
    expect(warning).toMatch(
      /^platen: warning: could not pull tp_\w+ \(could not reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\); building from the local plan.json$/,
    );
    expect(readFileSync(join(t.dir, 'plan.json'), 'utf8')).toBe(before);
  });

  it.each([
    [
      'no local file to fall back to',
      { plan: 'absent.json', id: 'PLAN', url: 'offline' },
      1,
      /there is no local absent.json/,
    ],
    [
      'an unknown plan (404 is an answer, not an outage)',
      { plan: 'plan.json', id: 'tp_nope', url: 'registry' },
      1,
      /^platen: 404 tracking plan "tp_nope" not found\n$/,
    ],
    [
      '--pull without --plan-id',
      { plan: 'plan.json', id: '', url: 'registry' },
      2,
      /--pull needs --plan-id/,
    ],
  ])('fails with %s', async (_n, given, code, message) => {
    const argv = [
      'build',
      '--plan',
      given.plan,
      '--out',
      'gen2',
      '--no-prettier',
      '--pull',
      '--retries',
      '0',
    ];
    if (given.id) argv.push('--plan-id', given.id === 'PLAN' ? planId : given.id);
    const r = await cli(argv, given.url === 'offline' ? offline : t.registry.url);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(t.dir, 'absent.json'))).toBe(false);
    rmSync(join(t.dir, 'gen2'), { recursive: true, force: true });
  });
});
