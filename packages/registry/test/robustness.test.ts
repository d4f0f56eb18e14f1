/** The registry under abuse: internal errors, streamed oversize bodies, shutdown with requests in flight, schema versions. */
import Database from 'better-sqlite3';
import { chmodSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRegistryDb, SCHEMA_VERSION } from '../src/index.js';
import { startTestRegistry, tempDir, trackRule, type TestRegistry } from './support/helpers.js';

let t: TestRegistry | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/**
 * Sends a request with a body written in chunks, `gapMs` apart; resolves with status and body text.
 * With `onServerReading`, the request asks `Expect: 100-continue` and writes no body before the server's
 * `100 Continue`: that reply proves the server has parsed the headers and is handling the request, so
 * `onServerReading` runs with the request certainly in flight, however loaded the machine is.
 */
function slowRequest(
  url: string,
  token: string,
  chunks: string[],
  gapMs: number,
  onServerReading?: () => void,
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${url}/tracking-plans`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(onServerReading ? { expect: '100-continue' } : {}),
      },
    });
    let answer: { status: number; body: string } | undefined;
    req.on('response', (res) => {
      answer = { status: res.statusCode ?? 0, body: '' };
      res.on('data', (d) => (answer!.body += d));
      res.on('end', () => resolve(answer!));
    });
    // Once it has answered (a 413, say), the server closes the upload's connection on purpose: a
    // write still under way then fails with EPIPE or ECONNRESET, which is not the request failing.
    req.on('error', (err) => (answer === undefined ? reject(err) : resolve(answer)));
    let i = 0;
    const next = () => {
      if (answer !== undefined) return;
      if (i === chunks.length) return void req.end();
      req.write(chunks[i++]);
      setTimeout(next, gapMs);
    };
    if (!onServerReading) return next();
    // Without the handshake, "the second chunk is written" was taken to mean "the server is reading the
    // body"; under load the server had not yet parsed the headers, so close() dropped the connection as
    // idle and the request failed with ECONNRESET (issue 16 item 9).
    req.flushHeaders();
    req.once('continue', () => {
      onServerReading();
      next();
    });
  });
}

describe('registry robustness', () => {
  it('answers an internal error with 500 JSON and keeps serving', async () => {
    const lines: string[] = [];
    t = await startTestRegistry({ log: (l) => lines.push(l) });
    const { id } = await t.client().createPlan({ name: 'x', type: 'LIVE' });
    // Break the database behind the server's back: the next rule write fails inside SQLite.
    const other = new Database(t.dbPath);
    other.exec('DROP TABLE revisions');
    other.close();
    const res = await fetch(`${t.registry.url}/tracking-plans/${id}/rules`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.writeToken}` },
      body: JSON.stringify({ rules: [trackRule('A')] }),
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      errors: [{ type: 'internal-error', message: 'internal server error', status: 500 }],
    });
    expect(lines.join('\n')).toMatch(/no such table: revisions/);
    // The failed write rolled back, and reads still work.
    expect((await t.client().listRules(id)).rules).toEqual([]);
  });

  it('rejects a streamed body over the limit with 413 and keeps the connection usable', async () => {
    t = await startTestRegistry({ maxBody: 1000 });
    const chunks = ['{"name":"', 'x'.repeat(600), 'y'.repeat(600), '","type":"LIVE"}'];
    const r = await slowRequest(t.registry.url, t.writeToken, chunks, 1);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0].type).toBe('payload-too-large');
    await expect(t.client().listPlans()).resolves.toHaveProperty('trackingPlans');
  });

  // The close starts once the server has the request (100 Continue), and the body follows it.
  it('finishes a request in flight when closing, then refuses new connections', async () => {
    t = await startTestRegistry();
    const registry = t.registry;
    let closed: Promise<void> | undefined;
    const inFlight = slowRequest(
      registry.url,
      t.writeToken,
      ['{"name":', '"Late",', '"type":"LIVE"}'],
      30,
      () => {
        closed = registry.close();
      },
    );
    const r = await inFlight;
    expect(r.status).toBe(200);
    // The kept-alive connection is closed once its reply is out, not after a keep-alive timeout.
    const replied = Date.now();
    await closed;
    expect(Date.now() - replied).toBeLessThan(2000);
    await expect(fetch(`${registry.url}/tracking-plans`)).rejects.toThrow();
    // The plan written during shutdown is in the database.
    const db = new Database(t.dbPath, { readonly: true });
    expect(db.prepare('SELECT name FROM plans').all()).toEqual([{ name: 'Late' }]);
    db.close();
  });
});

describe('registry database', () => {
  it('migrates a new file to the current schema version, in WAL mode', () => {
    const dir = tempDir('db');
    const file = join(dir, 'new.db');
    const db = openRegistryDb(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // Re-opening does not re-run migrations (they would fail on existing tables).
    openRegistryDb(file).close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database and its -wal/-shm files 0600 (owner only), whatever the umask', () => {
    const dir = tempDir('db');
    const file = join(dir, 'private.db');
    const old = process.umask(0o022);
    try {
      const db = openRegistryDb(file);
      // A write makes SQLite create the -wal and -shm files next to the database.
      db.prepare('INSERT INTO tokens (hash, scope, created_at) VALUES (?, ?, ?)').run(
        'h',
        'read',
        'now',
      );
      for (const path of [file, `${file}-wal`, `${file}-shm`])
        expect({ path, mode: (statSync(path).mode & 0o777).toString(8) }).toEqual({
          path,
          mode: '600',
        });
      db.close();
    } finally {
      process.umask(old);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('narrows an existing world-readable database to 0600 when opening it', () => {
    const dir = tempDir('db');
    const file = join(dir, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    openRegistryDb(file).close();
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a database written by a newer Platen', () => {
    const dir = tempDir('db');
    const file = join(dir, 'future.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openRegistryDb(file)).toThrow(/newer than this Platen supports/);
    rmSync(dir, { recursive: true, force: true });
  });
});
