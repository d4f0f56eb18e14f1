/**
 * Issue 17: `platen diff` against a real registry on 127.0.0.1: a plan at a revision (`tp_x@N`),
 * its current rules (`tp_x`), a revision against a local file, and the errors for an unknown plan
 * or revision. Its file, output-folder and usage cases are in packages/compiler/test/diff/cli.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@platen/compiler';
import { startTestRegistry, trackRule, type TestRegistry } from './support/helpers.js';

type CliIo = Parameters<typeof runCli>[1];

let t: TestRegistry;
let id: string;
beforeAll(async () => {
  t = await startTestRegistry();
  const client = t.client();
  ({ id } = await client.createPlan({ name: 'Diff', type: 'LIVE' }));
  // Revision 1: two events. Revision 2: "Order Completed" gains a required property, "Gone" goes.
  await client.replaceRules(id, [trackRule('Order Completed'), trackRule('Gone', 1, 'x')]);
  await client.replaceRules(id, [
    {
      ...trackRule('Order Completed'),
      jsonSchema: {
        type: 'object',
        properties: {
          properties: {
            type: 'object',
            properties: { revenue: { type: 'number' }, currency: { type: 'string' } },
            required: ['revenue', 'currency'],
          },
        },
        required: ['properties'],
      },
    },
  ]);
});
afterAll(() => t.stop());

async function cli(argv: string[], token = t.readToken) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: t.dir,
    env: { PATH: process.env.PATH, PLATEN_TOKEN: token },
    interactive: false,
  };
  const code = await runCli([...argv, '--api-url', t.registry.url], io);
  return { code, stdout, stderr };
}

describe('platen diff against a registry', () => {
  it('compares two revisions of a plan (a read token is enough)', async () => {
    const r = await cli(['diff', '--from', `${id}@1`, '--to', `${id}@2`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `diff ${id}@1 → ${id}@2\n` +
        '  - TRACK "Gone" v1: breaking for senders\n' +
        '  ~ TRACK "Order Completed" v1: breaking for senders; version should be bumped (breaking change), but was not\n' +
        '      /currency  breaking-sender    new required property (string)\n' +
        '0 added, 1 removed, 1 changed, 0 renamed, 0 unchanged; changes: 2 breaking-sender; 1 version to bump\n',
    );
    expect(r.code).toBe(0);
    expect(
      (await cli(['diff', '--from', `${id}@1`, '--to', `${id}@2`, '--fail-on', 'breaking'])).code,
    ).toBe(1);
  });

  it('a plan id alone is its current rules; revision 0 is the empty plan', async () => {
    const same = await cli(['diff', '--from', `${id}@2`, '--to', id, '--fail-on', 'any']);
    expect(same.stdout).toBe(
      `diff ${id}@2 → ${id}\n0 added, 0 removed, 0 changed, 0 renamed, 1 unchanged\n`,
    );
    expect(same.code).toBe(0);
    const fromEmpty = JSON.parse(
      (await cli(['diff', '--from', `${id}@0`, '--to', id, '--json'])).stdout,
    );
    expect(fromEmpty.summary.events).toEqual({
      added: 1,
      removed: 0,
      changed: 0,
      renamed: 0,
      unchanged: 0,
    });
  });

  it('compares a revision with a local plan file', async () => {
    const file = join(t.dir, 'local.json');
    writeFileSync(
      file,
      JSON.stringify({
        id,
        name: 'Diff',
        type: 'LIVE',
        rules: [trackRule('Order Completed'), trackRule('Gone', 1, 'x')],
      }),
    );
    const r = await cli(['diff', '--from', `${id}@1`, '--to', 'local.json', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ from: `${id}@1`, to: 'local.json', events: [] });
    const back = await cli(['diff', '--from', 'local.json', '--to', id, '--markdown']);
    expect(back.stdout).toContain(
      '| `/currency` | breaking-sender | new required property (string) |',
    );
  });

  it('an unknown revision or plan is an API failure naming it (exit 1)', async () => {
    const late = await cli(['diff', '--from', `${id}@99`, '--to', id]);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(new RegExp(`revision 99 of tracking plan ${id} not found`));
    const unknown = await cli(['diff', '--from', 'tp_doesnotexist', '--to', id]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/404/);
    expect(unknown.stderr).toMatch(/tp_doesnotexist/);
    expect(unknown.stdout).toBe('');
  });

  it('an API that keeps no revisions behind another URL: @N is refused, not read as the current rules', async () => {
    const proxy = await revisionless(t.registry.url);
    try {
      let stderr = '';
      const code = await runCli(['diff', '--from', `${id}@1`, '--to', id, '--api-url', proxy.url], {
        stdout: () => {},
        stderr: (s) => (stderr += s),
        cwd: t.dir,
        env: { PATH: process.env.PATH, PLATEN_TOKEN: t.readToken },
        interactive: false,
      });
      expect(stderr).toMatch(
        /keeps no revisions of a plan \(its rules came back without revision 1\); @1 needs a Platen registry/,
      );
      expect(code).toBe(2);
    } finally {
      await proxy.close();
    }
  });
});

/**
 * A stand-in for an API without revisions (as Segment's): forwards to the registry and removes every
 * `revision` member from the answers, as a server that ignores `?revision=` would send none.
 */
async function revisionless(target: string) {
  const upstream = new URL(target);
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== 'revision')
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  const server = createServer((req, res) => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          res.writeHead(up.statusCode ?? 500, { 'content-type': 'application/json' });
          res.end(text === '' ? '' : JSON.stringify(strip(JSON.parse(text))));
        });
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
