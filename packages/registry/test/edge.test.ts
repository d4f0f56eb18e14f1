/**
 * Issue 16, item 8: edge replies. A full disk gave a plain 500 (now 507, a storage error), and
 * `platen registry --host 0.0.0.0` served plain HTTP on every interface without a word (now a warning).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createToken, openRegistryDb } from '../src/index.js';
import { RegistryStore } from '../src/store.js';
import { REPO, startTestRegistry, trackRule, type TestRegistry } from './support/helpers.js';

let t: TestRegistry | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await t?.stop();
  t = undefined;
});

async function putRules(id: string) {
  const res = await fetch(`${t!.registry.url}/tracking-plans/${id}/rules`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${t!.writeToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ rules: [trackRule('Order Completed')] }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('a full disk (item 8)', () => {
  it.each([
    ['SQLITE_FULL', () => new Database.SqliteError('database or disk is full', 'SQLITE_FULL')],
    [
      'ENOSPC',
      () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
    ],
  ])(
    'answers 507 with a storage error, not 500, when the write fails with %s',
    async (_, error) => {
      const lines: string[] = [];
      t = await startTestRegistry({ log: (line) => lines.push(line) });
      const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
      // The store's write fails as SQLite fails on a full disk.
      vi.spyOn(RegistryStore.prototype, 'replaceRules').mockImplementation(() => {
        throw error();
      });
      const r = await putRules(id);
      expect(r.status).toBe(507);
      expect(r.body.errors[0]).toMatchObject({ type: 'insufficient-storage', status: 507 });
      expect(r.body.errors[0].message).toMatch(/disk is full/);
      // The operator still hears of it.
      expect(lines.join('\n')).toMatch(/full|ENOSPC/);
    },
  );

  it('still answers 500 to any other unexpected error', async () => {
    t = await startTestRegistry();
    const { id } = await t.client().createPlan({ name: 'p', type: 'LIVE' });
    vi.spyOn(RegistryStore.prototype, 'replaceRules').mockImplementation(() => {
      throw new Error('boom');
    });
    expect((await putRules(id)).status).toBe(500);
  });
});

/** Starts `platen registry` with `args`; resolves with its port and stderr so far, and a stop function. */
async function startCli(dbPath: string, args: string[]) {
  const bin = join(REPO, 'packages/compiler/bin/platen.js');
  const child = spawn(process.execPath, [bin, 'registry', '--db', dbPath, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 20_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on http:\/\/\S+:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}${stderr}`)));
    });
    return { port, stderr: () => stderr, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

describe('platen registry --host beyond loopback (item 8)', () => {
  it('warns on stderr that --host 0.0.0.0 serves plain HTTP beyond this machine', async () => {
    t = await startTestRegistry();
    const dbPath = join(t.dir, 'all.db');
    const db = openRegistryDb(dbPath);
    const token = createToken(db, 'read');
    db.close();
    const cli = await startCli(dbPath, ['--host', '0.0.0.0']);
    try {
      // Bound on every interface; the test itself only ever connects over loopback.
      const res = await fetch(`http://127.0.0.1:${cli.port}/tracking-plans`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      expect(cli.stderr()).toMatch(
        /platen registry: warning: --host 0\.0\.0\.0 serves plain HTTP beyond this machine/,
      );
    } finally {
      await cli.stop();
    }
  });

  it('says nothing of the kind on the default loopback host', async () => {
    t = await startTestRegistry();
    const cli = await startCli(join(t.dir, 'lo.db'), []);
    await cli.stop();
    expect(cli.stderr()).not.toMatch(/warning/);
  });
});
