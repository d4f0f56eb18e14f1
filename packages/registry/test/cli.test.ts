/** `platen plans | pull | push | registry token create` in-process against a real registry. */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRuleInput } from '@platen/compiler/api';
import { runCli } from '@platen/compiler';
import type { RegistryModule } from '../../compiler/src/cli/commands/registry.js';
import { createToken, openRegistryDb } from '../src/index.js';
import {
  REPO,
  startTestRegistry,
  tempDir,
  trackRule,
  type TestRegistry,
} from './support/helpers.js';

/** The CLI's streams, cwd and environment (the compiler exports `runCli` but not this type). */
type CliIo = Parameters<typeof runCli>[1];

let t: TestRegistry;
beforeAll(async () => {
  t = await startTestRegistry();
});
afterAll(() => t.stop());

/** Runs the CLI with the registry's URL and (unless overridden) the write token in PLATEN_TOKEN. */
async function cli(
  argv: string[],
  opts: { env?: Record<string, string>; answer?: string; apiUrl?: string | null } = {},
) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: t.dir,
    env: { PATH: process.env.PATH, PLATEN_TOKEN: t.writeToken, ...opts.env },
    interactive: opts.answer !== undefined,
    ...(opts.answer !== undefined ? { prompt: async () => opts.answer! } : {}),
  };
  const apiUrl = opts.apiUrl === undefined ? t.registry.url : opts.apiUrl;
  const code = await runCli(apiUrl === null ? argv : [...argv, '--api-url', apiUrl], io);
  return { code, stdout, stderr, lastLine: stdout.trimEnd().split('\n').pop() ?? '' };
}

async function newPlan(name: string, rules: ApiRuleInput[] = [trackRule('B'), trackRule('A')]) {
  const plan = await t.client().createPlan({ name, type: 'LIVE' });
  await t.client().replaceRules(plan.id, rules);
  return plan.id;
}

describe('platen plans', () => {
  it('creates, lists, gets, updates, lists rules of, and deletes a plan', async () => {
    const created = await cli(['plans', 'create', '--name', 'CLI Plan', '--description', 'd']);
    expect(created.code).toBe(0);
    const id = created.lastLine;
    expect(id).toMatch(/^tp_/);
    expect((await cli(['plans', 'list'])).stdout).toContain(`${id}\tLIVE\tCLI Plan`);
    expect(JSON.parse((await cli(['plans', 'get', id])).stdout)).toMatchObject({
      id,
      description: 'd',
    });
    expect((await cli(['plans', 'update', id, '--name', 'Renamed'])).code).toBe(0);
    expect(JSON.parse((await cli(['plans', 'get', id])).stdout)).toMatchObject({ name: 'Renamed' });
    await t
      .client()
      .replaceRules(id, [
        trackRule('Order "Done"'),
        { type: 'IDENTIFY', version: 1, jsonSchema: {} },
      ]);
    expect((await cli(['plans', 'rules', id])).stdout).toBe(
      'TRACK "Order \\"Done\\"" v1\nIDENTIFY v1\n',
    );
    expect((await cli(['plans', 'history', id])).stdout).toMatch(
      /^1\t\S+\tREPLACE\t\+2 ~0 -0\t2 rules\n$/,
    );
    expect((await cli(['plans', 'delete', id, '--yes'])).code).toBe(0);
    const gone = await cli(['plans', 'get', id]);
    expect(gone).toMatchObject({
      code: 1,
      stderr: `platen: 404 tracking plan "${id}" not found\n`,
    });
  });

  it.each([
    ['no token', ['plans', 'list'], { PLATEN_TOKEN: '' }, 1, /no API token/],
    [
      'read token writing',
      ['plans', 'create', '--name', 'x'],
      { PLATEN_TOKEN: 'READ' },
      1,
      /^platen: 403 /,
    ],
    [
      'wrong token',
      ['plans', 'list'],
      { PLATEN_TOKEN: 'plt_write_wrong' },
      1,
      /^platen: 401 invalid token\n$/,
    ],
    ['unknown action', ['plans', 'frob'], {}, 2, /Invalid values/],
    ['get without id', ['plans', 'get'], {}, 2, /needs a plan id/],
    [
      'failing token command',
      ['plans', 'list', '--token-command', 'echo SECRET; exit 3'],
      { PLATEN_TOKEN: '' },
      1,
      /^platen: token command failed with exit code 3; its output is not shown\n$/,
    ],
  ])('%s fails cleanly', async (_n, argv, env: Record<string, string>, code, message) => {
    const r = await cli(argv, {
      env: { ...env, ...(env.PLATEN_TOKEN === 'READ' ? { PLATEN_TOKEN: t.readToken } : {}) },
    });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('SECRET');
  });

  it('reads the token from --token-command', async () => {
    const r = await cli(['plans', 'list', '--token-command', `printf '%s\\n' ${t.readToken}`], {
      env: { PLATEN_TOKEN: '' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(t.readToken);
  });

  it('masks the token in a server message that echoes it', async () => {
    // A misbehaving proxy that repeats the Authorization header back in its error.
    const echo = createServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errors: [{ type: 'auth', message: `rejected ${req.headers.authorization}` }],
        }),
      );
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const secret = 'plt_write_SECRET_abcdefghijkl';
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    const r = await cli(['plans', 'list', '--token', secret], { apiUrl: url });
    echo.close();
    expect(r).toMatchObject({ code: 1, stderr: 'platen: 401 rejected Bearer ****\n' });
  });
});

describe('platen pull', () => {
  it('writes a canonical, deterministic plan file', async () => {
    const id = await newPlan('Pull Me', [
      trackRule('Zed', 2),
      trackRule('Zed'),
      {
        type: 'IDENTIFY',
        version: 1,
        jsonSchema: { type: 'object', title: 't', description: 'd' },
      },
      trackRule('Alpha'),
    ]);
    const r = await cli(['pull', '--plan-id', id, '--out', 'pulled.json', '--page-size', '1']);
    expect(r).toMatchObject({ code: 0, stdout: `pulled ${id} (4 rules) into pulled.json\n` });
    const text = readFileSync(join(t.dir, 'pulled.json'), 'utf8');
    const plan = JSON.parse(text);
    expect(
      plan.rules.map((x: { key: string | null; version: number }) => `${x.key}@${x.version}`),
    ).toEqual(['Alpha@1', 'Zed@1', 'Zed@2', 'null@1']);
    expect(Object.keys(plan)).toEqual([...Object.keys(plan)].sort());
    expect(Object.keys(plan.rules[3].jsonSchema)).toEqual(['description', 'title', 'type']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain(t.writeToken);
    await cli(['pull', '--plan-id', id, '--out', 'again.json']);
    expect(readFileSync(join(t.dir, 'again.json'), 'utf8')).toBe(text);
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('restores an earlier revision: pull --revision, then push', async () => {
    const id = await newPlan('Restore', [trackRule('Original')]);
    await t.client().replaceRules(id, [trackRule('Replacement')]);
    const pulled = await cli(['pull', '--plan-id', id, '--revision', '1', '--out', 'old.json']);
    expect(pulled.stdout).toBe(`pulled ${id} at revision 1 (1 rule) into old.json\n`);
    const pushed = await cli(['push', 'old.json', '--plan-id', id, '--yes']);
    expect(pushed.stdout).toContain(
      '  » TRACK "Replacement" → "Original" v1: breaking for senders and consumers\n',
    );
    expect((await t.client().listAllRules(id)).map((r) => r.key)).toEqual(['Original']);
    const { revisions } = await t.client().listRuleHistory(id);
    expect(revisions.map((r) => r.operation)).toEqual(['REPLACE', 'REPLACE', 'REPLACE']);
  });

  it('leaves an existing file alone when the pull fails', async () => {
    writeFileSync(join(t.dir, 'keep.json'), 'old');
    const r = await cli(['pull', '--plan-id', 'tp_missing', '--out', 'keep.json']);
    expect(r).toMatchObject({
      code: 1,
      stderr: 'platen: 404 tracking plan "tp_missing" not found\n',
    });
    expect(readFileSync(join(t.dir, 'keep.json'), 'utf8')).toBe('old');
  });
});

describe('config keys planId, apiUrl, tokenCommand (issue 16 item 14)', () => {
  /** The CLI in `cwd`, with no PLATEN_TOKEN and no --api-url unless the test passes them. */
  async function inDir(cwd: string, argv: string[], env: Record<string, string> = {}) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      cwd,
      env: { PATH: process.env.PATH!, ...env },
      interactive: false,
    });
    return { code, stdout, stderr };
  }

  /** A project whose config names the plan, this registry and a token command reading token.txt. */
  function project(planId: string, extra: object = {}): string {
    const dir = tempDir('config-pull');
    writeFileSync(join(dir, 'token.txt'), t.writeToken);
    writeFileSync(
      join(dir, 'platen.config.json'),
      JSON.stringify({
        plan: 'plan.json',
        planId,
        apiUrl: t.registry.url,
        tokenCommand: 'cat token.txt',
        outputs: [{ path: 'gen' }],
        ...extra,
      }),
    );
    return dir;
  }

  it('platen pull needs no flags; the token command runs in the config folder', async () => {
    const id = await newPlan('Config Pull', [trackRule('From Config')]);
    const dir = project(id);
    const r = await inDir(dir, ['pull']);
    expect(r).toMatchObject({ code: 0, stdout: `pulled ${id} (1 rule) into plan.json\n` });
    expect(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')).rules[0].key).toBe(
      'From Config',
    );
    // From a subfolder with --config: the plan lands next to the config, and `cat token.txt`
    // still finds its file.
    mkdirSync(join(dir, 'sub'));
    const sub = await inDir(join(dir, 'sub'), ['pull', '--config', '../platen.config.json']);
    expect(sub).toMatchObject({ code: 0, stdout: `pulled ${id} (1 rule) into ../plan.json\n` });
  });

  it('flags override the config keys', async () => {
    const id = await newPlan('Config Override', [trackRule('Flag Wins')]);
    const dir = project('tp_not_this_one', { tokenCommand: 'exit 3' });
    const r = await inDir(dir, [
      'pull',
      '--plan-id',
      id,
      '--out',
      'other.json',
      '--token-command',
      'cat token.txt',
    ]);
    expect(r).toMatchObject({ code: 0, stdout: `pulled ${id} (1 rule) into other.json\n` });
    const wrongUrl = await inDir(
      dir,
      ['pull', '--plan-id', id, '--api-url', 'http://127.0.0.1:1', '--retries', '0'],
      { PLATEN_TOKEN: t.writeToken },
    );
    expect(wrongUrl.code).toBe(1);
    expect(wrongUrl.stderr).toContain('127.0.0.1:1');
  });

  it('platen build --pull needs no flags', async () => {
    const id = await newPlan('Config Build Pull', [trackRule('Built From Pull')]);
    const dir = project(id);
    const r = await inDir(dir, ['build', '--pull']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`platen: pulled ${id} (1 rule) into plan.json\n`);
    expect(readFileSync(join(dir, 'gen/index.ts'), 'utf8')).toContain('builtFromPull');
  });

  it('without planId anywhere, pull says where to set it', async () => {
    const dir = tempDir('config-pull-none');
    const r = await inDir(dir, ['pull']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Missing --plan-id: pass --plan-id tp_…, or set "planId"/);
  });

  it('migrate writes planId and tokenCommand, and the pull it prints works as printed', async () => {
    const id = await newPlan('Migrated', [trackRule('Migrated Event')]);
    const dir = tempDir('config-migrate');
    cpSync(join(REPO, 'fixtures/typewriter/v9'), dir, { recursive: true });
    const yml = join(dir, 'typewriter.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace(/id: tp_\w+/, `id: ${id}`));
    const env = { SEGMENT_PUBLIC_API_TOKEN: t.writeToken };
    const migrated = await inDir(dir, ['migrate', '--yes'], env);
    expect(migrated.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'platen.config.json'), 'utf8'))).toMatchObject({
      planId: id,
      tokenCommand: 'echo $SEGMENT_PUBLIC_API_TOKEN',
    });
    const printed = /to refresh it run (platen pull)\b/.exec(migrated.stdout)?.[1];
    expect(printed).toBe('platen pull');
    // Only the API's address differs from a Segment workspace: this registry is not Segment's.
    const argv = [...printed!.split(' ').slice(1), '--api-url', t.registry.url];
    const pulled = await inDir(dir, argv, env);
    expect(pulled.stderr).toBe('');
    expect(pulled).toMatchObject({
      code: 0,
      stdout: `pulled ${id} (1 rule) into src/analytics/plan.json\n`,
    });
    expect((await inDir(dir, ['build'])).code).toBe(0);
    expect(readFileSync(join(dir, 'src/analytics/client/index.ts'), 'utf8')).toContain(
      'migratedEvent',
    );
  });
});

describe('platen push', () => {
  const file = (name: string, rules: unknown[]) => {
    writeFileSync(
      join(t.dir, name),
      JSON.stringify({ id: 'tp_local', name: 'Local', type: 'LIVE', rules }),
    );
    return name;
  };

  it('shows the diff, refuses without a TTY or --yes, and pushes with --yes', async () => {
    const id = await newPlan('Push', [trackRule('Keep'), trackRule('Gone'), trackRule('Change')]);
    const f = file('push.json', [
      trackRule('Keep'),
      trackRule('Change', 1, 'tax'),
      trackRule('New'),
    ]);
    const refused = await cli(['push', f, '--plan-id', id]);
    expect(refused.code).toBe(1);
    // Property-level changes with whom they break (issue 17); "Gone" → "New" keep one schema: a likely rename.
    expect(refused.stdout).toBe(
      `push push.json → ${id}\n` +
        '  ~ TRACK "Change" v1: breaking for senders and consumers; version should be bumped (breaking change), but was not\n' +
        '      /revenue  breaking-both      property removed from a closed object: senders still sending it are rejected, readers lose it\n' +
        '      /tax      breaking-sender    new required property (number)\n' +
        '  » TRACK "Gone" → "New" v1: breaking for senders and consumers\n' +
        '      (event)  breaking-both      likely renamed from "Gone" (removed, and added with the same schema): senders of the old name are unplanned, readers of it get nothing\n' +
        '0 added, 0 removed, 1 changed, 1 renamed, 1 unchanged; changes: 2 breaking-both, 1 breaking-sender; 1 version to bump\n',
    );
    expect(refused.stderr).toMatch(/no terminal to ask on; pass --yes/);
    expect((await t.client().listAllRules(id)).map((r) => r.key)).toEqual([
      'Change',
      'Gone',
      'Keep',
    ]);
    expect((await cli(['push', f, '--plan-id', id, '--yes'])).code).toBe(0);
    expect((await t.client().listAllRules(id)).map((r) => r.key)).toEqual([
      'Change',
      'Keep',
      'New',
    ]);
    const again = await cli(['push', f, '--plan-id', id]);
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('nothing to push');
  });

  it.each([
    ['y', 0, ['New']],
    ['n', 1, ['Old']],
  ])('asks on a terminal; answer %s exits %i', async (answer, code, keys) => {
    const id = await newPlan(`Ask ${answer}`, [trackRule('Old')]);
    const r = await cli(['push', file(`ask-${answer}.json`, [trackRule('New')]), '--plan-id', id], {
      answer,
    });
    expect(r.code).toBe(code);
    expect((await t.client().listAllRules(id)).map((x) => x.key)).toEqual(keys);
  });

  it('creates a plan with --create --name', async () => {
    const r = await cli([
      'push',
      file('create.json', [trackRule('First')]),
      '--create',
      '--name',
      'Fresh',
      '--yes',
    ]);
    expect(r.code).toBe(0);
    const id = /created tracking plan (tp_\w+)/.exec(r.stdout)?.[1];
    expect(id).toBeDefined();
    expect((await t.client().getPlan(id!)).name).toBe('Fresh');
    expect((await t.client().listAllRules(id!)).map((x) => x.key)).toEqual(['First']);
  });

  it.each([
    [
      'a plan failing check',
      ['push', 'bad.json', '--plan-id', 'tp_x', '--yes'],
      1,
      /refusing to push bad.json: it fails platen check/,
    ],
    [
      'neither --plan-id nor --create',
      ['push', 'bad.json'],
      2,
      /exactly one of --plan-id ID or --create/,
    ],
    ['--create without --name', ['push', 'bad.json', '--create'], 2, /--create needs --name/],
  ])('refuses %s', async (_n, argv, code, message) => {
    writeFileSync(
      join(t.dir, 'bad.json'),
      JSON.stringify({
        id: 'x',
        type: 'LIVE',
        rules: [{ type: 'TRACK', key: 'E', version: 0, jsonSchema: { type: 5 } }],
      }),
    );
    const r = await cli(argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });
});

describe('platen registry token create', () => {
  it.each(['read', 'write'])('prints a working %s token as the last line', async (scope) => {
    const r = await cli(['registry', 'token', 'create', '--scope', scope, '--db', t.dbPath], {
      apiUrl: null,
    });
    expect(r.code).toBe(0);
    expect(r.lastLine).toMatch(new RegExp(`^plt_${scope}_[\\w-]{32}$`));
    await expect(t.client(r.lastLine).listPlans()).resolves.toHaveProperty('trackingPlans');
    expect(readFileSync(t.dbPath).includes(Buffer.from(r.lastLine))).toBe(false);
  });

  it('needs a scope', async () => {
    const r = await cli(['registry', 'token', 'create', '--db', t.dbPath], { apiUrl: null });
    expect(r).toMatchObject({ code: 2 });
    expect(existsSync(t.dbPath)).toBe(true);
  });
});

describe('platen registry --rate', () => {
  it('refuses a negative rate as a usage error', async () => {
    const r = await cli(['registry', '--db', join(t.dir, 'rate.db'), '--rate', '-1'], {
      apiUrl: null,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rate must be a whole number/);
  });

  it('serves at most N requests per minute per token, then 429 with Retry-After', async () => {
    const dbPath = join(t.dir, 'rate.db');
    const db = openRegistryDb(dbPath);
    const token = createToken(db, 'read');
    db.close();
    const bin = join(REPO, 'packages/compiler/bin/platen.js');
    const child = spawn(process.execPath, [bin, 'registry', '--db', dbPath, '--rate', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const get = () =>
        fetch(`${url}/tracking-plans`, { headers: { authorization: `Bearer ${token}` } });
      expect((await get()).status).toBe(200);
      const limited = await get();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('what platen registry loads', () => {
  it('@platen/registry exports what the command types it as', async () => {
    // The annotation is the check: tsc fails here when the exports drift from the compiler's interface.
    const loaded: RegistryModule = await import('@platen/registry');
    expect(loaded.DEFAULT_MAX_BODY).toBeGreaterThan(0);
    expect(loaded.FAULTS_ENV).toBe('PLATEN_REGISTRY_FAULTS');
    for (const name of ['openRegistryDb', 'createToken', 'startRegistry'] as const)
      expect(typeof loaded[name], name).toBe('function');
  });
});

describe('platen plans delete asks first', () => {
  it('refuses without a terminal unless --yes, keeps the plan on "no", deletes on "yes"', async () => {
    const id = await newPlan('Delete me');
    const unasked = await cli(['plans', 'delete', id]);
    expect(unasked).toMatchObject({
      code: 1,
      stderr:
        'platen: refusing to delete without confirmation: no terminal to ask on; pass --yes to delete anyway\n',
    });
    const no = await cli(['plans', 'delete', id], { answer: 'n' });
    expect(no).toMatchObject({ code: 1, stderr: `platen: delete cancelled: ${id} was kept\n` });
    const kept = await cli(['plans', 'get', id]);
    expect(kept.code, kept.stderr).toBe(0);
    expect((await cli(['plans', 'delete', id], { answer: 'y' })).code).toBe(0);
    expect((await cli(['plans', 'get', id])).code).toBe(1);
  });
});
