/**
 * Issue 16, item 4: the registry shares `platen check`'s one depth limit. A `const` 4,109 arrays deep
 * used to be stored (then `platen pull` overflowed the stack), and 5,000–100,000 levels got 500.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '@platen/compiler';
import { MAX_JSON_DEPTH } from '@platen/compiler/api';
import { openRegistryDb } from '../src/index.js';
import { RegistryStore } from '../src/store.js';
import { startTestRegistry, trackRule, type TestRegistry } from './support/helpers.js';

/** The CLI's streams, cwd and environment (the compiler exports `runCli` but not this type). */
type CliIo = Parameters<typeof runCli>[1];

let t: TestRegistry | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/**
 * A `PUT /rules` body, as text (JSON.stringify overflows on the deepest), whose one rule's schema
 * nests exactly `depth` objects/arrays, the deepest being property `x`'s `const` (arrays) or
 * `default` (objects).
 */
function deepBody(depth: number, kind: 'array' | 'object' = 'array'): string {
  const levels = depth - 5; // jsonSchema, properties, properties, properties, x
  const [open, close] = kind === 'array' ? ['[', ']'] : ['{"a":', '}'];
  const keyword = kind === 'array' ? 'const' : 'default';
  const value = open.repeat(levels) + '1' + close.repeat(levels);
  const schema = `{"properties":{"properties":{"type":"object","properties":{"x":{"${keyword}":${value}}}}}}`;
  return `{"rules":[{"type":"TRACK","key":"Deep","version":1,"jsonSchema":${schema}}]}`;
}

async function put(id: string, body: string) {
  const res = await fetch(`${t!.registry.url}/tracking-plans/${id}/rules`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${t!.writeToken}`, 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: t!.dir,
    env: { PLATEN_TOKEN: t!.writeToken },
    interactive: false,
  };
  // Only pull and push speak to the API; check and build refuse the flag.
  const api = argv[0] === 'pull' || argv[0] === 'push' ? ['--api-url', t!.registry.url] : [];
  const code = await runCli([...argv, ...api], io);
  return { code, stdout, stderr };
}

describe('one depth limit in the registry (item 4)', () => {
  it.each([MAX_JSON_DEPTH + 1, 4_109, 5_000, 100_000])(
    'answers 422 naming the rule and the pointer to a schema %i levels deep, and stores nothing',
    async (depth) => {
      t = await startTestRegistry();
      const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
      const r = await put(id, deepBody(depth));
      expect(r.status).toBe(422);
      expect(r.body.errors).toHaveLength(1);
      const [e] = r.body.errors;
      expect(e).toMatchObject({
        type: 'validation-error',
        field: 'rules[0].jsonSchema',
        data: { index: 0, code: 'schema-too-deep' },
      });
      expect(e.data.pointer).toMatch(
        /^\/rules\/0\/jsonSchema\/properties\/properties\/properties\/x\/const\/0\//,
      );
      expect(e.message).toContain('TRACK "Deep" version 1');
      expect(e.message).toContain(`past the limit of ${MAX_JSON_DEPTH} levels`);
      expect((await t.client().listRules(id)).rules).toEqual([]);
    },
  );

  it('answers 400, not 500, to a body nested 100,000 levels deep that is not a rules list', async () => {
    t = await startTestRegistry();
    const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
    const r = await put(id, '['.repeat(100_000) + ']'.repeat(100_000));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });

  it('stores a schema at the limit, and it round-trips through pull, check, build and push', async () => {
    t = await startTestRegistry();
    const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
    expect((await put(id, deepBody(MAX_JSON_DEPTH, 'array'))).status).toBe(200);
    const pulled = await cli(['pull', '--plan-id', id, '--out', 'plan.json']);
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(readFileSync(join(t.dir, 'plan.json'), 'utf8')).toContain('"const"');
    const checked = await cli(['check', '--plan', 'plan.json']);
    expect(checked.code).toBe(0);
    const built = await cli(['build', '--plan', 'plan.json', '--out', 'gen', '--no-prettier']);
    expect(built.stderr).not.toMatch(/internal error/);
    expect(built.code).toBe(0);
    const pushed = await cli(['push', 'plan.json', '--plan-id', id, '--yes']);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain('0 added, 0 removed, 0 changed, 0 renamed, 1 unchanged');
    // And objects at the limit, in `default`.
    expect((await put(id, deepBody(MAX_JSON_DEPTH, 'object'))).status).toBe(200);
    expect((await cli(['pull', '--plan-id', id, '--out', 'plan.json'])).code).toBe(0);
    expect((await cli(['check', '--plan', 'plan.json'])).code).toBe(0);
  });

  it('pull and push refuse, naming the rule, a too-deep rule stored before the limit, instead of overflowing', async () => {
    t = await startTestRegistry();
    const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
    // As an older registry stored it: written straight into the database, past the request checks. The
    // schema text goes in as text: JSON.stringify of 4,104 nested arrays is itself at the stack's edge.
    const body = deepBody(4_109);
    const schemaText = body.slice(body.indexOf('"jsonSchema":') + '"jsonSchema":'.length, -3);
    const db = openRegistryDb(t.dbPath);
    new RegistryStore(db).replaceRules(id, [
      { type: 'TRACK', key: 'Deep', version: 1, jsonSchema: {} },
    ]);
    db.prepare(`UPDATE rules SET json_schema = ? WHERE key = 'Deep'`).run(schemaText);
    db.close();
    const pulled = await cli(['pull', '--plan-id', id, '--out', 'plan.json']);
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).not.toMatch(/internal error|Maximum call stack/);
    expect(pulled.stderr).toContain(
      `TRACK "Deep" v1 has a schema nesting objects and arrays past the limit of ${MAX_JSON_DEPTH} levels`,
    );
    const plan = { id, name: 'p', type: 'LIVE', rules: [trackRule('Fine')] };
    writeFileSync(join(t.dir, 'local.json'), JSON.stringify(plan));
    const pushed = await cli(['push', 'local.json', '--plan-id', id, '--yes']);
    expect(pushed.code).toBe(1);
    expect(pushed.stderr).not.toMatch(/internal error|Maximum call stack/);
    expect(pushed.stderr).toContain('TRACK "Deep" v1 has a schema nesting');
  });
});
