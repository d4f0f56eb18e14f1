/** `platen init` with a token: list the plans, pick one, pull it, write the config and build. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@platen/compiler';
// The source's runCli, for the test whose prompt rejects with the source's Cancelled (instanceof).
import { runCli as runCliSource } from '../../compiler/src/cli/run.js';
import { Cancelled } from '../../compiler/src/cli/io.js';
import { startTestRegistry, tempDir, trackRule, type TestRegistry } from './support/helpers.js';

type CliIo = Parameters<typeof runCli>[1];

let t: TestRegistry;
let ids: string[];
beforeAll(async () => {
  t = await startTestRegistry();
  for (const [name, event] of [
    ['Web', 'Signed Up'],
    ['Mobile', 'App Opened'],
  ] as const) {
    const plan = await t.client().createPlan({ name, type: 'LIVE' });
    await t.client().replaceRules(plan.id, [trackRule(event)]);
  }
  // The order `init` lists them in, as the API returns them.
  ids = (await t.client().listAllPlans()).map((p) => p.id);
});
afterAll(() => t.stop());

/** Runs the CLI in a fresh folder; `answers` make it a terminal that answers each prompt in turn. */
async function init(
  argv: string[],
  opts: { env?: Record<string, string>; answers?: string[] } = {},
) {
  const cwd = tempDir('init');
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const answers = opts.answers;
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    env: { PATH: process.env.PATH, ...opts.env },
    interactive: answers !== undefined,
    ...(answers !== undefined
      ? {
          prompt: async (q: string) => {
            asked.push(q);
            return answers.shift() ?? '';
          },
        }
      : {}),
  };
  const code = await runCli(['init', ...argv], io);
  const config = existsSync(join(cwd, 'platen.config.json'))
    ? (JSON.parse(readFileSync(join(cwd, 'platen.config.json'), 'utf8')) as Record<string, unknown>)
    : undefined;
  return { code, stdout, stderr, asked, cwd, config };
}

describe('platen init with a token', () => {
  it('--plan-id pulls the plan, writes planId and apiUrl into the config, and builds', async () => {
    const r = await init([
      '--api-url',
      t.registry.url,
      '--plan-id',
      ids[1]!,
      '--out',
      'gen',
      '--token',
      t.readToken,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.config).toEqual({
      plan: 'plan.json',
      planId: ids[1],
      apiUrl: t.registry.url,
      outputs: [{ path: 'gen', language: 'typescript', sdk: 'analytics-next', mode: 'dev' }],
    });
    const plan = JSON.parse(readFileSync(join(r.cwd, 'plan.json'), 'utf8')) as {
      rules: { key: string }[];
    };
    expect(plan.rules.map((rule) => rule.key)).toEqual(['App Opened']);
    expect(readFileSync(join(r.cwd, 'gen/index.ts'), 'utf8')).toContain('appOpened');
    // `platen pull` then reads the plan id from the config.
    expect(
      await runCli(['pull', '--api-url', t.registry.url], {
        stdout: () => {},
        stderr: () => {},
        cwd: r.cwd,
        env: { PLATEN_TOKEN: t.readToken },
        interactive: false,
      }),
    ).toBe(0);
  });

  it('at a terminal, lists the plans and pulls the one answered by number', async () => {
    const r = await init(['--api-url', t.registry.url, '--token-command', `echo ${t.readToken}`], {
      answers: ['2', '', 'gen', ''],
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`1) ${ids[0]} (Web)\n2) ${ids[1]} (Mobile)\n`);
    expect(r.asked[0]).toBe('Tracking plan (1-2): ');
    expect(r.config).toMatchObject({
      planId: ids[1],
      apiUrl: t.registry.url,
      tokenCommand: `echo ${t.readToken}`,
      outputs: [{ path: 'gen' }],
    });
    expect(readFileSync(join(r.cwd, 'plan.json'), 'utf8')).toContain('App Opened');
    expect(existsSync(join(r.cwd, 'gen/index.ts'))).toBe(true);
  });

  it('without a terminal or --plan-id, several plans are refused with their ids (exit 2)', async () => {
    const r = await init(['--api-url', t.registry.url], { env: { PLATEN_TOKEN: t.readToken } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 tracking plans and no terminal to ask on: pass --plan-id');
    expect(r.stderr).toContain(`  ${ids[0]} (Web)\n  ${ids[1]} (Mobile)\n`);
    expect(r.config).toBeUndefined();
    expect(existsSync(join(r.cwd, 'plan.json'))).toBe(false);
  });

  it('without a terminal or --plan-id, the only plan is used, and said so', async () => {
    const one = await startTestRegistry();
    try {
      const plan = await one.client().createPlan({ name: 'Solo', type: 'LIVE' });
      await one.client().replaceRules(plan.id, [trackRule('Solo Event')]);
      const r = await init(['--api-url', one.registry.url, '--out', 'gen'], {
        env: { PLATEN_TOKEN: one.readToken },
      });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`platen: using the only tracking plan, ${plan.id} (Solo)\n`);
      expect(r.config).toMatchObject({ planId: plan.id, apiUrl: one.registry.url });
      expect(existsSync(join(r.cwd, 'gen/index.ts'))).toBe(true);
    } finally {
      await one.stop();
    }
  });

  it('Ctrl-C or Ctrl-D at the plan question: cancelled, exit 130, nothing written', async () => {
    const cwd = tempDir('init-cancel');
    let stdout = '';
    let stderr = '';
    const code = await runCliSource(['init', '--api-url', t.registry.url], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      cwd,
      env: { PLATEN_TOKEN: t.readToken },
      interactive: true,
      prompt: () => Promise.reject(new Cancelled()),
    });
    expect([code, stderr]).toEqual([130, 'platen: cancelled\n']);
    expect(stdout).toContain(`2) ${ids[1]} (Mobile)`);
    expect(existsSync(join(cwd, 'platen.config.json'))).toBe(false);
    expect(existsSync(join(cwd, 'plan.json'))).toBe(false);
  });

  it('without a token (even with --api-url), writes the config as before and pulls nothing', async () => {
    const r = await init(['--out', 'gen', '--api-url', t.registry.url]);
    expect(r.code).toBe(0);
    expect(r.config).toEqual({
      plan: 'plan.json',
      outputs: [{ path: 'gen', language: 'typescript', sdk: 'analytics-next', mode: 'dev' }],
    });
    expect(r.stdout).toBe(
      'platen: wrote platen.config.json (plan plan.json → gen); run platen build\n',
    );
    expect(existsSync(join(r.cwd, 'plan.json'))).toBe(false);
  });
});
