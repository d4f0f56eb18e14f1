/**
 * Typewriter 9.2.0, the peer: installed on demand with npm into `bench/.work/typewriter/` (never a
 * workspace dependency), run as `typewriter build -c DIR` on a local `plan.json`.
 *
 * Offline behaviour, read from its source (dist/base-command.js, telemetry/, hooks/postrun): it
 * has no telemetry opt-out; every command creates an analytics-node client and flushes it in a
 * postrun hook. Without a token it never calls the API for a plan that exists locally. Here there
 * is no DNS, so the telemetry request fails at once (ENOTFOUND) and is swallowed by its
 * `errorHandler`; the measured time includes that failed attempt, as a user offline would see.
 * Stdin must be closed, or it waits to read a piped token.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TYPEWRITER_DIR } from './paths.mjs';

/** Pinned peer versions: Typewriter and the TypeScript it needs beside it to start. */
export const TYPEWRITER_VERSION = '9.2.0';
export const PEER_TYPESCRIPT_VERSION = '5.9.3';

/** Path of Typewriter's CLI script (run with `node`, so the measured pid is the CLI itself). */
export const TYPEWRITER_BIN = join(TYPEWRITER_DIR, 'node_modules/typewriter/bin/run');

/** Installs Typewriter into the scratch folder unless the pinned version is already there. */
export async function ensureTypewriter(log = () => {}) {
  const pkg = join(TYPEWRITER_DIR, 'node_modules/typewriter/package.json');
  if (existsSync(pkg)) {
    const { version } = JSON.parse(await readFile(pkg, 'utf8'));
    if (version === TYPEWRITER_VERSION) return;
  }
  log(`installing typewriter@${TYPEWRITER_VERSION} into ${TYPEWRITER_DIR} (npm)…`);
  await mkdir(TYPEWRITER_DIR, { recursive: true });
  await writeFile(
    join(TYPEWRITER_DIR, 'package.json'),
    JSON.stringify({ name: 'platen-bench-typewriter', private: true }, null, 2) + '\n',
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await promisify(execFile)(
    npm,
    [
      'install',
      '--no-audit',
      '--no-fund',
      `typewriter@${TYPEWRITER_VERSION}`,
      `typescript@${PEER_TYPESCRIPT_VERSION}`,
    ],
    { cwd: TYPEWRITER_DIR, maxBuffer: 16 << 20 },
  );
}

/** Arguments for `runNode` that build the Typewriter project in `dir` in `mode`. */
export function typewriterArgs(dir, mode) {
  return [TYPEWRITER_BIN, 'build', '-c', dir, '-m', mode];
}

/**
 * The exported function that sends `key` in a Typewriter client (its names come from quicktype,
 * so they are read back from the generated code rather than guessed).
 */
export function typewriterFunctionFor(source, key) {
  const literal = `.track('${key.replace(/'/g, "\\'")}'`;
  for (const chunk of source.split('export function ').slice(1)) {
    const name = /^(\w+)\(/.exec(chunk)?.[1];
    const body = chunk.slice(0, chunk.indexOf('\n}\n') + 1 || undefined);
    if (name && body.includes(literal)) return name;
  }
  return undefined;
}
