/** Test helpers: a real registry on 127.0.0.1 over a real SQLite file in a temp folder under `.tmp/`. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '@platen/compiler/api';
import {
  createToken,
  openRegistryDb,
  startRegistry,
  type RunningRegistry,
} from '../../src/index.js';
import type { RegistryOptions } from '../../src/server.js';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** A fresh temp folder under the repository's `.tmp/` (git-ignored). */
export function tempDir(prefix: string): string {
  const base = join(REPO, '.tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/** A running registry with a read and a write token. */
export interface TestRegistry {
  registry: RunningRegistry;
  dir: string;
  dbPath: string;
  writeToken: string;
  readToken: string;
  /** A client with fast retries, so fault tests take milliseconds. */
  client(token?: string, extra?: Partial<ConstructorParameters<typeof ApiClient>[0]>): ApiClient;
  stop(): Promise<void>;
}

/** Starts a registry on a random loopback port with fresh tokens. */
export async function startTestRegistry(
  options: Partial<RegistryOptions> = {},
): Promise<TestRegistry> {
  const dir = tempDir('registry');
  const dbPath = join(dir, 'plans.db');
  const db = openRegistryDb(dbPath);
  const writeToken = createToken(db, 'write');
  const readToken = createToken(db, 'read');
  db.close();
  const registry = await startRegistry({ db: dbPath, faultWaitMs: 5, ...options });
  return {
    registry,
    dir,
    dbPath,
    writeToken,
    readToken,
    client: (token = writeToken, extra = {}) =>
      new ApiClient({
        baseUrl: registry.url,
        token,
        timeoutMs: 5000,
        retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 50 },
        ...extra,
      }),
    stop: async () => {
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TRACK rule with one required number property, as the Public API nests it. */
export function trackRule(key: string, version = 1, property = 'revenue') {
  return {
    type: 'TRACK' as const,
    key,
    version,
    jsonSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        properties: {
          type: 'object',
          properties: { [property]: { type: 'number' } },
          required: [property],
        },
      },
      required: ['properties'],
    },
  };
}

/** `n` distinct TRACK rules named `Event 000`, `Event 001`, …. */
export function manyRules(n: number) {
  return Array.from({ length: n }, (_, i) => trackRule(`Event ${String(i).padStart(3, '0')}`));
}

/** A loopback URL nothing listens on (fetch refuses some low ports outright, so use a real free one). */
export async function closedPortUrl(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
