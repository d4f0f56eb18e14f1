/**
 * A real PostgreSQL for the warehouse tests: Debian's server binaries, a fresh cluster (`initdb`) in a
 * temp folder, started with `pg_ctl` on a free loopback port and stopped after. As root, PostgreSQL must
 * run as another user: the `postgres` account Debian's package creates. `.ci/run` installs the package.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running cluster: its connection URL, and stop. */
export interface TestPostgres {
  url: string;
  stop(): void;
}

/** The folder of Debian's server binaries (the newest version), or the PATH's. */
function binDir(): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], 'bin');
  }
  return '';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether PostgreSQL's server binaries are installed here. */
export function postgresInstalled(): boolean {
  return binDir() !== '';
}

/** Starts a fresh cluster with trust auth on 127.0.0.1 and a database `warehouse`. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  if (!bin)
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql (.ci/run does)',
    );
  const dir = mkdtempSync(join(tmpdir(), 'platen-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  const uid = root ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : -1;
  const gid = root ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : -1;
  if (root) chownSync(dir, uid, gid);
  const as = (file: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, file), ...args], {
          stdio: 'pipe',
        })
      : execFileSync(join(bin, file), args, { stdio: 'pipe' });
  as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => {
    try {
      as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    as('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'warehouse']);
  } catch (err) {
    stop();
    throw err;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/warehouse`, stop };
}
