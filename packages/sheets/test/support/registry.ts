/**
 * A real `platen registry` on 127.0.0.1, run as a child process (the UrlFetchApp fake blocks this
 * process while a request is in flight, so the server cannot share it), over a SQLite file in a temp
 * folder under the repository's `.tmp/`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
/** The CLI. */
export const PLATEN = join(REPO, 'packages/compiler/bin/platen.js');

/** A fresh temp folder under `.tmp/` (git-ignored). */
export function tempDir(prefix: string): string {
  const base = join(REPO, '.tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/** Runs the CLI to completion; returns stdout (throws with stderr on a non-zero exit). */
export function platen(args: string[], cwd = REPO): string {
  return execFileSync(process.execPath, [PLATEN, ...args], { cwd, encoding: 'utf8' });
}

/** A running registry. */
export interface ChildRegistry {
  url: string;
  writeToken: string;
  readToken: string;
  dir: string;
  /** Sends a request from this process (async fetch; the add-on uses UrlFetchApp). */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; json: unknown }>;
  stop(): Promise<void>;
}

function tokenFrom(stdout: string): string {
  const lines = stdout.trim().split('\n');
  return lines[lines.length - 1]!.trim();
}

/** Starts `platen registry --db <tmp>/plans.db --port 0` and waits for its "listening on" line. */
export async function startChildRegistry(): Promise<ChildRegistry> {
  const dir = tempDir('sheets-registry');
  const db = join(dir, 'plans.db');
  const writeToken = tokenFrom(
    platen(['registry', 'token', 'create', '--scope', 'write', '--db', db]),
  );
  const readToken = tokenFrom(
    platen(['registry', 'token', 'create', '--scope', 'read', '--db', db]),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [PLATEN, 'registry', '--db', db, '--port', '0'],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`platen registry exited (${code}): ${stderr}`)));
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return {
    url,
    writeToken,
    readToken,
    dir,
    // A new connection per request (agent: false): while the UrlFetchApp fake blocks this process,
    // the server closes idle keep-alive sockets, and a pooled one would fail the next request.
    api(method, path, body, headers = {}) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          url + path,
          {
            method,
            agent: false,
            headers: {
              authorization: `Bearer ${writeToken}`,
              ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                json: text === '' ? undefined : (JSON.parse(text) as unknown),
              });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Segment-like API (no revisions) in front of `registry`, as a child process; stop it after use. */
export async function startSegmentProxy(
  registry: ChildRegistry,
): Promise<{ url: string; stop(): Promise<void> }> {
  const script = fileURLToPath(new URL('./segment-proxy.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, registry.url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`segment proxy exited (${code})`)));
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
