/**
 * Faults: the registry runs as a child process (the real `platen registry` command, which loads this
 * package's build on demand), is killed with SIGKILL in the middle of concurrent writes,
 * and restarted on the same file. The database must pass `PRAGMA integrity_check` and hold every write
 * that was acknowledged (2xx) before the kill. Then SIGTERM must shut it down cleanly.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@platen/compiler/api';
import { createToken, openRegistryDb, REVISION_HEADER } from '../src/index.js';
import { REPO, tempDir, trackRule } from './support/helpers.js';

// The real CLI, which loads the built @platen/registry (so run `pnpm build` first).
const PLATEN = join(REPO, 'packages/compiler/bin/platen.js');
let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dir = tempDir('crash');
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the registry child on `db` and resolves with its URL once it prints `listening on`. */
function startChild(
  db: string,
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [PLATEN, 'registry', '--db', db], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)\n/.exec(out);
      if (m) resolve({ child, url: m[1]!, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`registry exited early (${code}): ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
}

describe('registry killed during writes', () => {
  it('restarts consistent, with every acknowledged write present', async () => {
    const db = join(dir, 'plans.db');
    const setup = openRegistryDb(db);
    const token = createToken(setup, 'write');
    setup.close();

    const first = await startChild(db);
    const client = new ApiClient({ baseUrl: first.url, token, retry: { retries: 0 } });
    const { id } = await client.createPlan({ name: 'Crash', type: 'LIVE' });
    const acked: { key: string; revision: number }[] = [];
    let stop = false;
    const writers = Array.from({ length: 20 }, async (_, w) => {
      for (let j = 0; !stop; j++) {
        const key = `K${w}-${j}`;
        try {
          const res = await fetch(`${first.url}/tracking-plans/${id}/rules`, {
            method: 'PATCH',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ rules: [trackRule(key)] }),
          });
          await res.text();
          if (res.ok) acked.push({ key, revision: Number(res.headers.get(REVISION_HEADER)) });
        } catch {
          return; // the server is gone
        }
      }
    });
    // Kill while writes are streaming in: after a batch has been acknowledged, not at a quiet moment.
    const deadline = Date.now() + 20_000;
    while (acked.length < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(acked.length, 'writes acknowledged before the kill').toBeGreaterThanOrEqual(60);
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(await exited(first.child)).toEqual({ code: null, signal: 'SIGKILL' });

    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    const second = await startChild(db);
    const reader = new ApiClient({ baseUrl: second.url, token });
    const keys = new Set((await reader.listAllRules(id)).map((r) => r.key));
    const missing = acked.filter((a) => !keys.has(a.key)).map((a) => a.key);
    expect(missing).toEqual([]);
    const { revisions } = await reader.listRuleHistory(id, { count: 1000 });
    const numbers = revisions.map((r) => r.revision);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    expect(numbers.length).toBeGreaterThanOrEqual(acked.length);
    for (const a of acked) expect(revisions[a.revision - 1]?.operation).toBe('UPSERT');
    // The current rules and the history agree: the last revision's rule count is what is stored.
    expect(revisions.at(-1)?.ruleCount).toBe(keys.size);
    console.log(
      `registry crash: SIGKILL after ${acked.length} acknowledged writes; ${numbers.length} revisions on restart, ` +
        `integrity_check ok, 0 acknowledged writes missing`,
    );

    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toEqual({ code: 0, signal: null });
    expect(second.stderr()).toMatch(
      /SIGTERM, finishing requests in flight\nplaten registry: stopped\n$/,
    );
  });
});
