/**
 * Issue 17: `platen diff` from the command line, in-process: plan files of every format, output
 * folders (the plan their manifest names, found in the file or its git history), the three output
 * shapes, `--fail-on`, and bad input. Registry revisions: packages/registry/test/diff.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { DiffDocument } from '../../src/cli/commands/diff.js';
import { REPO, tempDir } from '../support/helpers.js';

async function platen(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: { PATH: process.env.PATH },
    interactive: false,
  });
  return { code, stdout, stderr };
}

type Schema = Record<string, unknown>;

function trackRule(key: string, props: Schema, required: string[] = [], version = 1) {
  return {
    type: 'TRACK',
    key,
    version,
    jsonSchema: {
      type: 'object',
      properties: { properties: { type: 'object', properties: props, required } },
      required: ['properties'],
    },
  };
}

const OLD = {
  id: 'tp_1',
  name: 'Web',
  type: 'LIVE',
  rules: [
    trackRule('Order Completed', { order_id: { type: 'string' }, revenue: { type: 'integer' } }, [
      'order_id',
    ]),
    trackRule('Cart Viewed', { items: { type: 'integer' } }),
  ],
};

const NEW = {
  ...OLD,
  rules: [
    trackRule(
      'Order Completed',
      { order_id: { type: 'string' }, revenue: { type: 'number' }, currency: { type: 'string' } },
      ['order_id', 'currency'],
    ),
    trackRule('Cart Viewed', { items: { type: 'integer', description: 'How many.' } }),
  ],
};

/** A folder with `old.json` and `new.json`. */
function plans(name: string, before: object = OLD, after: object = NEW): string {
  const dir = tempDir(name);
  writeFileSync(join(dir, 'old.json'), JSON.stringify(before, null, 2));
  writeFileSync(join(dir, 'new.json'), JSON.stringify(after, null, 2));
  return dir;
}

describe('platen diff: plan files', () => {
  it('prints each event and property with its class, and exits 0 without --fail-on', async () => {
    const dir = plans('diff-text');
    const r = await platen(['diff', '--from', 'old.json', '--to', 'new.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'diff old.json → new.json\n' +
        '  ~ TRACK "Cart Viewed" v1: safe\n' +
        '      /items  safe               description added: "How many."\n' +
        '  ~ TRACK "Order Completed" v1: breaking for senders and consumers; version should be bumped (breaking change), but was not\n' +
        '      /currency  breaking-sender    new required property (string)\n' +
        '      /revenue   breaking-consumer  type widened: integer → number\n' +
        '0 added, 0 removed, 2 changed, 0 renamed, 0 unchanged; changes: 1 breaking-sender, 1 breaking-consumer, 1 safe; 1 version to bump\n',
    );
  });

  it('--json prints the documented, stable shape', async () => {
    const dir = plans('diff-json');
    const r = await platen(['diff', '--from', 'old.json', '--to', 'new.json', '--json'], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as DiffDocument;
    expect(Object.keys(doc)).toEqual(['diffVersion', 'from', 'to', 'events', 'summary']);
    expect(doc).toMatchObject({ diffVersion: 1, from: 'old.json', to: 'new.json' });
    expect(doc.summary).toEqual({
      events: { added: 0, removed: 0, changed: 2, renamed: 0, unchanged: 0 },
      changes: { 'breaking-both': 0, 'breaking-sender': 1, 'breaking-consumer': 1, safe: 1 },
      breaking: true,
      unbumped: 1,
    });
    const order = doc.events.find((e) => e.key === 'Order Completed')!;
    // Keys in the documented order.
    expect(Object.keys(order)).toEqual([
      'type',
      'key',
      'status',
      'fromVersion',
      'toVersion',
      'class',
      'version',
      'changes',
    ]);
    expect(order).toMatchObject({
      type: 'TRACK',
      status: 'changed',
      fromVersion: 1,
      toVersion: 1,
      class: 'breaking-both',
      version: { shouldBump: true, bumped: false },
    });
    expect(order.changes[0]).toEqual({
      kind: 'property-added',
      class: 'breaking-sender',
      pointer: '/currency',
      path: [{ property: 'currency' }],
      keyword: 'properties',
      message: 'new required property (string)',
    });
  });

  it('--markdown prints a pull-request comment, with names escaped', async () => {
    const hostile = { ...NEW, rules: [...NEW.rules, trackRule('Pipe | <b>`tick`</b>', {})] };
    const dir = plans('diff-md', OLD, hostile);
    const r = await platen(['diff', '--from', 'old.json', '--to', 'new.json', '--markdown'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('### Tracking plan changes: `old.json` → `new.json`\n');
    expect(r.stdout).toContain(
      '**2 breaking changes** (1 for senders, 1 for consumers, 0 for both), 2 safe.',
    );
    expect(r.stdout).toContain(
      '| `/currency` | breaking-sender | new required property (string) |',
    );
    expect(r.stdout).toContain('_version should be bumped (breaking change), but was not_');
    // The name sits in a code span longer than its backtick run; its pipe cannot split the table.
    expect(r.stdout).toContain('#### Added: ``TRACK "Pipe \\| <b>`tick`</b>" v1`` (safe)');
    expect(r.stdout).not.toMatch(/^<b>/m);
  });

  it('--fail-on breaking exits 1 on a breaking change only; --fail-on any on any change', async () => {
    const dir = plans('diff-fail');
    writeFileSync(
      join(dir, 'docs.json'),
      JSON.stringify({ ...OLD, rules: [OLD.rules[0], NEW.rules[1]] }),
    );
    const run = (to: string, failOn: string) =>
      platen(['diff', '--from', 'old.json', '--to', to, '--fail-on', failOn], dir).then(
        (r) => r.code,
      );
    expect(await run('new.json', 'breaking')).toBe(1);
    expect(await run('docs.json', 'breaking')).toBe(0);
    expect(await run('docs.json', 'any')).toBe(1);
    expect(await run('old.json', 'any')).toBe(0);
    expect(
      (await platen(['diff', '--from', 'old.json', '--to', 'new.json', '--fail-on', 'some'], dir))
        .code,
    ).toBe(2);
  });

  it.each([
    ['track-only', 'config-api.json'],
    ['track-only', 'typewriter.json'],
    ['track-only', 'public-api.yaml'],
    ['track-only', 'envelope.json'],
    ['track-only', 'shop'],
    ['rich', 'config-api.json'],
    ['rich', 'envelope.json'],
  ])(
    'the same plan in another format is no change: %s/public-api.json → %s',
    async (folder, other) => {
      const dir = join(REPO, 'fixtures/formats', folder);
      const same = await platen(
        ['diff', '--from', 'public-api.json', '--to', other, '--fail-on', 'any'],
        dir,
      );
      expect(same.stderr).toBe('');
      expect(same.stdout).toMatch(
        /\n0 added, 0 removed, 0 changed, 0 renamed, [1-9]\d* unchanged\n$/,
      );
      expect(same.code).toBe(0);
    },
  );

  it('a change made in one format shows against another format', async () => {
    const dir = tempDir('diff-cross');
    cpSync(join(REPO, 'fixtures/formats/track-only/shop'), join(dir, 'shop'), { recursive: true });
    cpSync(join(REPO, 'fixtures/formats/track-only/typewriter.json'), join(dir, 'typewriter.json'));
    writeFileSync(
      join(dir, 'shop/zz-signed-up.json'),
      JSON.stringify({
        title: 'Signed Up #2 "Beta"',
        type: 'object',
        properties: { plan: { type: 'string' } },
        required: ['plan'],
      }),
    );
    const r = await platen(['diff', '--from', 'typewriter.json', '--to', 'shop', '--json'], dir);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as DiffDocument;
    expect(doc.events.map((e) => [e.key, e.status])).toEqual([['Signed Up #2 "Beta"', 'changed']]);
    // The folder's loader makes `properties` required once a property is: both are told.
    expect(doc.events[0]!.changes.map((c) => [c.pointer, c.kind, c.class])).toEqual([
      ['', 'payload-required', 'breaking-sender'],
      ['/plan', 'property-added', 'breaking-sender'],
    ]);
  });

  it('a runtime-only keyword changed inside a Typewriter 8/9 (hoisted) rule is found', async () => {
    const dir = tempDir('diff-hoisted');
    const text = readFileSync(join(REPO, 'fixtures/formats/track-only/typewriter.json'), 'utf8');
    const withNot = (value: string) => {
      const plan = JSON.parse(text);
      plan.rules[0].jsonSchema.properties.cart_id.not = { const: value };
      return JSON.stringify(plan);
    };
    writeFileSync(join(dir, 'a.json'), withNot('x'));
    writeFileSync(join(dir, 'b.json'), withNot('y'));
    writeFileSync(join(dir, 'c.json'), withNot('x'));
    const changed = JSON.parse(
      (await platen(['diff', '--from', 'a.json', '--to', 'b.json', '--json'], dir)).stdout,
    ) as DiffDocument;
    expect(
      changed.events.flatMap((e) => e.changes.map((c) => [e.key, c.pointer, c.kind, c.keyword])),
    ).toEqual([['Checkout Started', '/cart_id', 'runtime-keyword-changed', 'not']]);
    expect(
      (await platen(['diff', '--from', 'a.json', '--to', 'c.json', '--fail-on', 'any'], dir)).code,
    ).toBe(0);
  });

  it('a plan file written with $ref and allOf diffs as the same plan inline', async () => {
    const inline = {
      ...OLD,
      rules: [
        trackRule('E', { a: { type: 'string', format: 'email' }, b: { type: 'number' } }, ['a']),
      ],
    };
    const refs = {
      ...OLD,
      rules: [
        {
          type: 'TRACK',
          key: 'E',
          version: 1,
          jsonSchema: {
            type: 'object',
            definitions: { Email: { type: 'string', format: 'email' } },
            properties: {
              properties: {
                allOf: [
                  {
                    type: 'object',
                    properties: { a: { $ref: '#/definitions/Email' } },
                    required: ['a'],
                  },
                  { type: 'object', properties: { b: { type: 'number' } } },
                ],
              },
            },
            required: ['properties'],
          },
        },
      ],
    };
    const dir = plans('diff-refs', inline, refs);
    const r = await platen(
      ['diff', '--from', 'old.json', '--to', 'new.json', '--fail-on', 'any'],
      dir,
    );
    expect(r.stdout).toContain('0 added, 0 removed, 0 changed, 0 renamed, 1 unchanged\n');
    expect(r.code).toBe(0);
  });
});

describe('platen diff: output folders', () => {
  /** A git repository with a config, the plan committed, and the client built from it. */
  function project(name: string): string {
    const dir = tempDir(name);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(OLD, null, 2));
    writeFileSync(
      join(dir, 'platen.config.json'),
      JSON.stringify({ plan: 'plan.json', outputs: [{ path: 'gen' }] }),
    );
    return dir;
  }
  const git = (dir: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: dir,
      stdio: 'pipe',
    });

  it('reads the plan an output folder was built from: the plan file while it is unchanged', async () => {
    const dir = project('diff-out');
    expect((await platen(['build'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'new.json'), JSON.stringify(NEW));
    const r = await platen(['diff', '--from', 'gen', '--to', 'new.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^diff gen \(built from plan\.json\) → new\.json\n/);
    expect(r.stdout).toContain('/currency  breaking-sender    new required property (string)');
  });

  it('after the plan changed, finds the version it was built from in git history', async () => {
    const dir = project('diff-out-git');
    git(dir, 'init', '-q');
    git(dir, 'add', 'plan.json');
    git(dir, 'commit', '-qm', 'plan v1');
    expect((await platen(['build'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(NEW, null, 2));
    git(dir, 'commit', '-qam', 'plan v2');
    // "What will the next build change in the client?"
    const r = await platen(['diff', '--from', 'gen', '--to', 'plan.json', '--json'], dir);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as DiffDocument;
    expect(doc.from).toMatch(/^gen \(built from plan\.json at commit [0-9a-f]{12}\)$/);
    expect(doc.summary.events.changed).toBe(2);
  });

  it('says why when the plan it was built from cannot be found', async () => {
    const dir = project('diff-out-lost');
    expect((await platen(['build'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(NEW, null, 2));
    const r = await platen(['diff', '--from', 'gen', '--to', 'plan.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^platen: gen was built from a plan that is no longer anywhere Platen can read it: plan\.json has changed since the build/,
    );
    expect(r.stdout).toBe('');
  });

  it('an output folder no config lists is refused with the reason', async () => {
    const dir = project('diff-out-noconfig');
    expect((await platen(['build'], dir)).code).toBe(0);
    mkdirSync(join(dir, 'elsewhere'));
    const r = await platen(
      ['diff', '--from', '../gen', '--to', '../plan.json'],
      join(dir, 'elsewhere'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.\.\/gen: no platen\.config\.json here lists this output folder/);
  });
});

describe('platen diff: bad input', () => {
  it('a missing file is named, with check exit code 1', async () => {
    const dir = plans('diff-missing');
    const r = await platen(['diff', '--from', 'nope.json', '--to', 'new.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.json');
    expect(r.stderr).toMatch(/cannot diff nope\.json: it fails platen check/);
    expect(r.stdout).toBe('');
  });

  it('a plan with errors prints its diagnostics (file and pointer) and exits 1', async () => {
    const dir = plans('diff-broken', OLD, {
      ...OLD,
      rules: [{ type: 'TRACK', key: 'E', version: 0, jsonSchema: {} }],
    });
    const r = await platen(['diff', '--from', 'old.json', '--to', 'new.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/new\.json:\d+:\d+/);
    expect(r.stderr).toMatch(/\/rules\/0\/version/);
  });

  it.each([
    [['diff', '--from', 'old.json'], /diff needs --from A and --to B/],
    [
      ['diff', '--from', 'tp_x@twelve', '--to', 'new.json'],
      /--from "tp_x@twelve": the revision after @ must be a whole number \(e\.g\. tp_x@12\), got "twelve"/,
    ],
    [
      ['diff', '--from', 'tp_x@-1', '--to', 'new.json'],
      /the revision after @ must be a whole number/,
    ],
    [
      ['diff', '--from', 'old.json', '--to', 'new.json', '--json', '--markdown'],
      /either --json or --markdown/,
    ],
    [
      ['diff', '--from', 'tp_x@3', '--to', 'new.json', '--token', 't'],
      /Segment's Public API \(https:\/\/api\.segmentapis\.com\) keeps no revisions of a plan; @3 needs a Platen registry/,
    ],
    [
      [
        'diff',
        '--from',
        'tp_x@3',
        '--to',
        'new.json',
        '--token',
        't',
        '--api-url',
        'https://eu1.api.segmentapis.com',
      ],
      /keeps no revisions/,
    ],
  ])('usage error (exit 2): %j', async (argv, message) => {
    const dir = plans('diff-usage');
    const r = await platen(argv, dir);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });

  it('a plan id without a token says how to give one', async () => {
    const dir = plans('diff-token');
    const r = await platen(['diff', '--from', 'tp_x', '--to', 'new.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no API token: pass --token, set PLATEN_TOKEN/);
  });
});
