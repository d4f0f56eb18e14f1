/**
 * No silent overwrite (issue 13): every plan and rules response names the revision (`ETag` and body), a
 * write whose `If-Match` names another revision gets 412 and changes nothing, `pull` records what it
 * read in the plan file, and `push` refuses to overwrite remote changes made since (unless `--force`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesSha256, type ApiRuleInput } from '@platen/compiler/api';
import { runCli } from '@platen/compiler';
import { startTestRegistry, trackRule, type TestRegistry } from './support/helpers.js';

type CliIo = Parameters<typeof runCli>[1];

let t: TestRegistry;
beforeAll(async () => {
  t = await startTestRegistry();
});
afterAll(() => t.stop());

async function newPlan(rules: ApiRuleInput[] = [trackRule('A')]): Promise<string> {
  const plan = await t.client().createPlan({ name: 'Overwrite', type: 'LIVE' });
  await t.client().replaceRules(plan.id, rules);
  return plan.id;
}

/** A raw request to the registry with the write token. */
async function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
) {
  const res = await fetch(t.registry.url + path, {
    method,
    headers: {
      authorization: `Bearer ${t.writeToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, etag: res.headers.get('etag'), json: (await res.json()) as any };
}

/** Runs the CLI against `apiUrl` (the registry by default) with the write token. */
async function cli(argv: string[], opts: { apiUrl?: string; answer?: () => Promise<string> } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: t.dir,
    env: { PATH: process.env.PATH, PLATEN_TOKEN: t.writeToken },
    interactive: opts.answer !== undefined,
    ...(opts.answer ? { prompt: opts.answer } : {}),
  };
  const code = await runCli([...argv, '--api-url', opts.apiUrl ?? t.registry.url], io);
  return { code, stdout, stderr };
}

const keys = async (id: string) => (await t.client().listAllRules(id)).map((r) => r.key).sort();

describe('ETag and revision on every plan and rules response', () => {
  it('GET plan, GET rules (current and ?revision=N) and each write name the revision', async () => {
    const id = await newPlan();
    const plan = await call('GET', `/tracking-plans/${id}`);
    expect(plan.etag).toBe('"1"');
    expect(plan.json.data.trackingPlan.revision).toBe(1);
    const rules = await call('GET', `/tracking-plans/${id}/rules`);
    expect(rules.etag).toBe('"1"');
    expect(rules.json.data.revision).toBe(1);
    const put = await call('PUT', `/tracking-plans/${id}/rules`, {}, { rules: [trackRule('B')] });
    expect(put).toMatchObject({ status: 200, etag: '"2"', json: { data: { revision: 2 } } });
    const old = await call('GET', `/tracking-plans/${id}/rules?revision=1`);
    expect(old.etag).toBe('"1"');
    expect(old.json.data.revision).toBe(1);
    expect(old.json.data.rules.map((r: { key: string }) => r.key)).toEqual(['A']);
  });
});

describe('If-Match', () => {
  it('a stale If-Match gets 412 with the current revision, and nothing changes', async () => {
    const id = await newPlan();
    await t.client().replaceRules(id, [trackRule('A'), trackRule('B')]); // revision 2
    const before = await t.client().listRuleHistory(id);
    for (const [method, path, body] of [
      ['PUT', `/tracking-plans/${id}/rules`, { rules: [trackRule('X')] }],
      ['PATCH', `/tracking-plans/${id}/rules`, { rules: [trackRule('X')] }],
      [
        'DELETE',
        `/tracking-plans/${id}/rules?rules=${encodeURIComponent('[{"type":"TRACK","key":"A","version":1}]')}`,
        undefined,
      ],
      ['PATCH', `/tracking-plans/${id}`, { name: 'Renamed' }],
      ['DELETE', `/tracking-plans/${id}`, undefined],
    ] as const) {
      const r = await call(method, path, { 'if-match': '"1"' }, body);
      expect({ method, path, status: r.status, etag: r.etag }).toEqual({
        method,
        path,
        status: 412,
        etag: '"2"',
      });
      expect(r.json.errors[0]).toMatchObject({
        type: 'precondition-failed',
        data: { revision: 2 },
      });
      expect(r.json.errors[0].message).toContain('is at revision 2');
    }
    expect(await keys(id)).toEqual(['A', 'B']);
    expect((await t.client().getPlan(id)).name).toBe('Overwrite');
    expect((await t.client().listRuleHistory(id)).revisions).toEqual(before.revisions);
  });

  it('the current revision, a list holding it, or * is accepted; weak and foreign tags never match', async () => {
    const id = await newPlan(); // revision 1
    const put = (ifMatch: string, key: string) =>
      call(
        'PUT',
        `/tracking-plans/${id}/rules`,
        { 'if-match': ifMatch },
        { rules: [trackRule(key)] },
      );
    expect((await put('"1"', 'B')).status).toBe(200); // → 2
    expect((await put('"7", "2"', 'C')).status).toBe(200); // → 3
    expect((await put('*', 'D')).status).toBe(200); // → 4
    expect((await put('W/"4"', 'E')).status).toBe(412);
    expect((await put('"abc"', 'E')).status).toBe(412);
    expect((await put('4', 'E')).status).toBe(412); // not a quoted entity tag
    expect(await keys(id)).toEqual(['D']);
  });

  it('history records each write and the revision a conditional write was based on', async () => {
    const id = await newPlan(); // unconditional: revision 1
    await call(
      'PUT',
      `/tracking-plans/${id}/rules`,
      { 'if-match': '"1"' },
      { rules: [trackRule('B')] },
    );
    const { revisions } = await t.client().listRuleHistory(id);
    expect(revisions.map((r) => [r.revision, r.baseRevision])).toEqual([
      [1, null],
      [2, 1],
    ]);
  });

  it('100 concurrent read-modify-write clients retrying on 412 lose no change', async () => {
    const id = await newPlan([]);
    // A hundred requests queue behind one another: on a loaded machine one can wait past 5 s.
    const client = t.client(undefined, { timeoutMs: 60_000 });
    let conflicts = 0;
    const writer = async (n: number) => {
      for (;;) {
        const { rules, revision } = await client.readRules(id);
        // A retried write whose first attempt landed (then answered 412) is done.
        if (rules.some((r) => r.key === `Writer ${n}`)) return;
        const next = [
          ...rules.map(({ type, key, version, jsonSchema }) => ({
            type,
            key: key!,
            version,
            jsonSchema,
          })),
          trackRule(`Writer ${n}`),
        ];
        try {
          await client.replaceRules(id, next, { ifMatch: revision });
          return;
        } catch (err) {
          if ((err as { status?: number }).status !== 412) throw err;
          conflicts++;
          // As a real client would: wait a moment, so a hundred retries do not all collide again.
          await new Promise((r) => setTimeout(r, Math.random() * 10));
        }
      }
    };
    await Promise.all(Array.from({ length: 100 }, (_, n) => writer(n)));
    const final = await keys(id);
    expect(final).toHaveLength(100);
    expect(final).toEqual(Array.from({ length: 100 }, (_, n) => `Writer ${n}`).sort());
    // Every write is in the history, each based on the revision just before it.
    const history = await client.listRuleHistory(id, { count: 1000 });
    const writes = history.revisions.filter((r) => r.revision > 1);
    expect(writes).toHaveLength(100);
    for (const w of writes)
      expect(w).toMatchObject({ added: 1, removed: 0, baseRevision: w.revision - 1 });
    // With 100 writers at once, some must have raced: the 412s are what kept their changes.
    expect(conflicts).toBeGreaterThan(0);
  });
});

describe('pull records the base; push refuses a stale one', () => {
  const planFile = () => JSON.parse(readFileSync(join(t.dir, 'plan.json'), 'utf8'));
  /** Adds a rule to the pulled file, as a person editing it would. */
  function editLocal(key: string) {
    const plan = planFile();
    plan.rules.push(trackRule(key));
    writeFileSync(join(t.dir, 'plan.json'), JSON.stringify(plan, null, 2) + '\n');
  }

  it('pull writes the revision and the rules digest', async () => {
    const id = await newPlan([trackRule('A'), trackRule('B')]);
    await t.client().replaceRules(id, [trackRule('A')]); // revision 2
    expect((await cli(['pull', '--plan-id', id, '--out', 'plan.json'])).code).toBe(0);
    const { rules } = await t.client().readRules(id);
    expect(planFile().pulled).toEqual({
      revision: 2,
      rulesSha256: rulesSha256(rules.map((r) => ({ ...r, key: r.key ?? null }))),
    });
  });

  it('refuses, showing what changed remotely, and --force overwrites; the record then moves on', async () => {
    const id = await newPlan([trackRule('A')]);
    expect((await cli(['pull', '--plan-id', id, '--out', 'plan.json'])).code).toBe(0);
    editLocal('Mine');
    await t.client().upsertRules(id, [trackRule('Theirs')]); // someone else, revision 2
    const refused = await cli(['push', 'plan.json', '--plan-id', id, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      `${id} changed remotely since plan.json was pulled (revision 1 → 2):`,
    );
    expect(refused.stdout).toContain('  + TRACK "Theirs" v1');
    expect(refused.stderr).toContain('refusing to push plan.json');
    expect(refused.stderr).toContain('--force');
    expect(await keys(id)).toEqual(['A', 'Theirs']);

    const forced = await cli(['push', 'plan.json', '--plan-id', id, '--yes', '--force']);
    expect(forced.code).toBe(0);
    expect(await keys(id)).toEqual(['A', 'Mine']);
    // The file's record now names the pushed state, and the rest of the file is as the person left it.
    const file = planFile();
    expect(file.pulled.revision).toBe(3);
    expect(file.rules.map((r: { key: string }) => r.key)).toEqual(['A', 'Mine']);
    editLocal('Mine too');
    const again = await cli(['push', 'plan.json', '--plan-id', id, '--yes']);
    expect(again.code).toBe(0);
    expect(await keys(id)).toEqual(['A', 'Mine', 'Mine too']);
  });

  it('pushes when nothing changed remotely, sending If-Match with the revision it read', async () => {
    const id = await newPlan([trackRule('A')]);
    await cli(['pull', '--plan-id', id, '--out', 'plan.json']);
    editLocal('Mine');
    expect((await cli(['push', 'plan.json', '--plan-id', id, '--yes'])).code).toBe(0);
    const { revisions } = await t.client().listRuleHistory(id);
    expect(revisions.at(-1)).toMatchObject({ revision: 2, baseRevision: 1, added: 1 });
  });

  it('a write landing between the diff and the push gets 412: nothing is pushed, and it is shown', async () => {
    const id = await newPlan([trackRule('A')]);
    await cli(['pull', '--plan-id', id, '--out', 'plan.json']);
    editLocal('Mine');
    const pushed = await cli(['push', 'plan.json', '--plan-id', id], {
      // While the person reads the diff, someone else writes.
      answer: async () => {
        await t.client().upsertRules(id, [trackRule('Meanwhile')]);
        return 'y';
      },
    });
    expect(pushed.code).toBe(1);
    expect(pushed.stdout).toContain(`${id} changed while this push waited (revision 1 → 2):`);
    expect(pushed.stdout).toContain('  + TRACK "Meanwhile" v1');
    expect(pushed.stderr).toContain('nothing was pushed');
    expect(await keys(id)).toEqual(['A', 'Meanwhile']);
  });

  it("without revisions (Segment's API), push compares the remote rules with those pulled", async () => {
    const id = await newPlan([trackRule('A')]);
    const segment = await revisionlessProxy(t.registry.url);
    try {
      const pulled = await cli(['pull', '--plan-id', id, '--out', 'plan.json'], {
        apiUrl: segment.url,
      });
      expect(pulled.code).toBe(0);
      expect(planFile().pulled.revision).toBeUndefined();
      expect(planFile().pulled.rulesSha256).toMatch(/^[0-9a-f]{64}$/);
      editLocal('Mine');
      await t.client().upsertRules(id, [trackRule('Theirs')]);
      const refused = await cli(['push', 'plan.json', '--plan-id', id, '--yes'], {
        apiUrl: segment.url,
      });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain(`${id}'s rules changed remotely since plan.json was pulled`);
      expect(await keys(id)).toEqual(['A', 'Theirs']);
      expect(segment.ifMatchSeen).toBe(0);
      const forced = await cli(['push', 'plan.json', '--plan-id', id, '--yes', '--force'], {
        apiUrl: segment.url,
      });
      expect(forced.code).toBe(0);
      expect(await keys(id)).toEqual(['A', 'Mine']);
      // The digest moved on with the push, so the next push from the file goes through.
      editLocal('Mine too');
      const again = await cli(['push', 'plan.json', '--plan-id', id, '--yes'], {
        apiUrl: segment.url,
      });
      expect(again.code).toBe(0);
    } finally {
      await segment.close();
    }
  });

  it('a plan file that was never pulled is pushed as before', async () => {
    const id = await newPlan([trackRule('A')]);
    await t.client().upsertRules(id, [trackRule('Theirs')]);
    writeFileSync(
      join(t.dir, 'hand.json'),
      JSON.stringify({ id, name: 'x', type: 'LIVE', rules: [trackRule('Hand')] }),
    );
    expect((await cli(['push', 'hand.json', '--plan-id', id, '--yes'])).code).toBe(0);
    expect(await keys(id)).toEqual(['Hand']);
  });
});

/**
 * The registry as Segment's Public API answers: the same paths and bodies, but no revisions (no
 * `ETag`, no `revision` fields) and `If-Match` unknown (dropped, and counted, on the way in).
 */
async function revisionlessProxy(target: string) {
  const upstream = new URL(target);
  const state = { ifMatchSeen: 0 };
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers };
    if (headers['if-match'] !== undefined) state.ifMatchSeen++;
    delete headers['if-match'];
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const body = text === '' ? '' : JSON.stringify(stripRevisions(JSON.parse(text)));
          res.writeHead(up.statusCode ?? 500, { 'content-type': 'application/json' });
          res.end(body);
        });
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get ifMatchSeen() {
      return state.ifMatchSeen;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The body without `revision` members (the test plans have no property of that name). */
function stripRevisions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripRevisions);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'revision') out[k] = stripRevisions(v);
  return out;
}
