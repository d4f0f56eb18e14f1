/**
 * Platen installed in a new app, exactly as the README's "Use Platen in your app" section says: the
 * commands, app code, tsconfig and expected output are read from that section and run in a folder
 * outside the repository, with the packages installed by npm from `scripts/pack-all.mjs` tarballs
 * (the compiler's own dependencies come from the npm registry). `pnpm build` runs before the tests.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeWarning } from '../../src/output/runtime-check.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const SECTION = '## Use Platen in your app';
// npm may need a minute or more (the compiler's dependencies, from the cache or the registry).
const INSTALL_TIMEOUT = 15 * 60_000;
const STEP_TIMEOUT = 3 * 60_000;

/** The fenced code blocks of the README section, in order. */
function readmeBlocks(): { lang: string; body: string }[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', start + SECTION.length + 1);
  const text = readme.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1] ?? '',
    body: m[2] ?? '',
  }));
}

/** The command lines of a shell block, without comments. */
function commands(body: string): string[] {
  return body
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** The one block matching `test`, failing with what was looked for. */
function block(
  blocks: { lang: string; body: string }[],
  what: string,
  test: (b: { lang: string; body: string }) => boolean,
): string {
  const found = blocks.filter(test);
  if (found.length !== 1)
    throw new Error(`README "${SECTION}": expected one ${what} block, found ${found.length}`);
  return found[0]!.body;
}

const blocks = readmeBlocks();
const published = block(
  blocks,
  'npm install (published)',
  (b) => b.lang === 'sh' && /^npm i .*@platen\//m.test(b.body) && !b.body.includes('.tgz'),
);
const tarballs = block(
  blocks,
  'npm install (tarballs)',
  (b) => b.lang === 'sh' && b.body.includes('.tgz'),
);
const platen = block(blocks, 'npx platen', (b) => b.lang === 'sh' && b.body.includes('npx platen'));
const run = block(blocks, 'compile and run', (b) => b.lang === 'sh' && b.body.includes('npx tsc'));
const appCode = block(blocks, 'app code (ts)', (b) => b.lang === 'ts');
const tsconfig = block(blocks, 'tsconfig (json)', (b) => b.lang === 'json');
const printed = block(blocks, 'expected output (text)', (b) => b.lang === 'text');

// The plan of the README's "Plan in, code out" example.
const PLAN = {
  id: 'tp_1',
  name: 'Web',
  type: 'LIVE',
  rules: [
    {
      type: 'TRACK',
      key: 'Order Completed',
      version: 2,
      jsonSchema: {
        type: 'object',
        description: 'Checkout done.',
        properties: {
          properties: {
            type: 'object',
            additionalProperties: false,
            properties: {
              order_id: { type: 'string', format: 'uuid' },
              revenue: { type: 'number', description: 'Total in USD.' },
            },
            required: ['order_id', 'revenue'],
          },
        },
        required: ['properties'],
      },
    },
  ],
};

interface Packed {
  name: string;
  version: string;
  file: string;
  dependencies: Record<string, string>;
}

let work: string;
let app: string;
let packed: Packed[];

// The app must not see this workspace's npm/pnpm settings (pnpm passes npm_* variables to scripts).
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) =>
      !/^npm_/i.test(key) ||
      /^npm_config_(registry|cache|userconfig|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i.test(
        key,
      ),
  ),
);

/** Runs one README command line in the app (split on spaces: the README's commands have no quoting). */
function sh(line: string): string {
  const [command, ...args] = line.split(/\s+/);
  if (command === undefined) throw new Error('empty command');
  let argv = args;
  if (command === 'npm' && (args[0] === 'i' || args[0] === 'install'))
    argv = [...args, '--no-audit', '--no-fund', '--prefer-offline'];
  const file = command === 'node' ? process.execPath : command;
  try {
    return execFileSync(file, argv, {
      cwd: app,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32' && command !== 'node',
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`\`${line}\` failed in ${app}:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'platen-fresh-app-'));
  app = join(work, 'app');
  mkdirSync(app);
  // Tarballs into the temp folder, so a developer's packs/ is left alone.
  const out = execFileSync(
    process.execPath,
    [join(repo, 'scripts/pack-all.mjs'), '--out', join(work, 'packs'), '--json'],
    { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  packed = JSON.parse(out) as Packed[];
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true, type: 'module' }, null, 2),
  );
  for (const line of commands(tarballs)) {
    // /path/to/platen/packs/x.tgz → the tarball pack-all just wrote.
    sh(line.replace(/\S*\/packs\/(\S+\.tgz)/g, (_, name: string) => join(work, 'packs', name)));
  }
}, INSTALL_TIMEOUT);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a fresh app, as the README says', () => {
  it('the README installs the same packages from tarballs as from npm, runtime first', () => {
    const byFile = new Map(packed.map((p) => [p.file.split(/[\\/]/).pop()!, p.name]));
    const asPublished = commands(tarballs).map((line) =>
      line.replace(/\S*\/packs\/(\S+\.tgz)/g, (_, file: string) => {
        const name = byFile.get(file);
        if (name === undefined) throw new Error(`pack-all wrote no ${file}`);
        return name;
      }),
    );
    expect(asPublished).toEqual(commands(published));
    expect(asPublished).toEqual(['npm i @platen/runtime', 'npm i -D @platen/compiler']);
  });

  it('every workspace package the compiler depends on is installed from a tarball', () => {
    // Not on npm yet: npm would fail to fetch it, so the README must install its tarball.
    const compiler = packed.find((p) => p.name === '@platen/compiler');
    expect(compiler).toBeDefined();
    const ours = new Set(packed.map((p) => p.name));
    for (const dep of Object.keys(compiler!.dependencies).filter((d) => ours.has(d)))
      expect(existsSync(join(app, 'node_modules', dep, 'package.json')), dep).toBe(true);
  });

  it('installs the compiler as a dev dependency and the runtime as a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).toContain('@platen/runtime');
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('@platen/compiler');
    expect(Object.keys(pkg.devDependencies ?? {})).toContain('@platen/compiler');
    expect(existsSync(join(app, 'node_modules/.bin/platen'))).toBe(true);
  });

  it('installs no tests, fixtures, bench or synth code, build info or source maps of ours', () => {
    const leaks: string[] = [];
    const walk = (dir: string, rel: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = `${rel}/${entry.name}`;
        // Only our files: a dependency npm nested under ours is not part of our tarball.
        if (entry.name === 'node_modules') continue;
        if (entry.isDirectory()) walk(join(dir, entry.name), path);
        else if (
          /\/(test|tests|fixtures|bench|synth)\/|\.(test|spec)\.[cm]?[jt]s$|\.tsbuildinfo$|\.map$/.test(
            path,
          )
        )
          leaks.push(path);
      }
    };
    for (const { name } of packed)
      if (existsSync(join(app, 'node_modules', name))) walk(join(app, 'node_modules', name), name);
    expect(leaks).toEqual([]);
    // The walk sees the installed files at all: the compiler's CLI and the runtime's entries.
    expect(existsSync(join(app, 'node_modules/@platen/compiler/dist/cli/main.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/@platen/runtime/dist/esm/index.js'))).toBe(true);
  });

  it('does not install better-sqlite3 (a native module the compiler must not depend on)', () => {
    expect(existsSync(join(app, 'node_modules/better-sqlite3'))).toBe(false);
  });

  it(
    'platen init and platen build write the client, which resolves @platen/runtime',
    () => {
      writeFileSync(join(app, 'plan.json'), JSON.stringify(PLAN, null, 2) + '\n');
      const [init, build, ...rest] = commands(platen);
      expect(rest).toEqual([]);
      expect(init).toMatch(/^npx platen init /);
      expect(build).toBe('npx platen build');
      expect(sh(init!)).toContain('wrote platen.config.json');
      expect(sh(build!)).toContain('src/analytics');
      expect(existsSync(join(app, 'src/analytics/index.ts'))).toBe(true);
      expect(runtimeWarning(join(app, 'src/analytics'), app)).toBeUndefined();
    },
    STEP_TIMEOUT,
  );

  it(
    'type-checks under strict settings, runs, and reports a bad payload',
    () => {
      writeFileSync(join(app, 'tsconfig.json'), tsconfig);
      const options = (JSON.parse(tsconfig) as { compilerOptions: Record<string, unknown> })
        .compilerOptions;
      expect(options).toMatchObject({
        module: 'nodenext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
      });
      const source = appCode.replace(/^\/\/ src\/app\.ts\n/, '');
      expect(source).not.toBe(appCode);
      mkdirSync(join(app, 'src'), { recursive: true });
      writeFileSync(join(app, 'src/app.ts'), source);
      const lines = commands(run);
      expect(lines[0]).toBe('npm i -D -E typescript@5.9.3');
      expect(lines.slice(1)).toEqual(['npx tsc', 'node dist/app.js']);
      let output = '';
      for (const line of lines) output = sh(line);
      expect(output).toBe(printed);
      // The same, parsed: the recorded call and the violation the dev validator raised.
      const [call, violation, detail] = output.split('\n');
      expect(call).toBe(
        'Order Completed {"order_id":"0b7e5f5c-3d4a-4c1e-9f2b-8a6d1c2e3f40","revenue":12.5}',
      );
      expect(violation).toMatch(/^PlatenViolationError: .*"Order Completed" \(track v2\)/);
      expect(detail).toMatch(/\/order_id: .*uuid.*"not-a-uuid" \(format\)/);
    },
    STEP_TIMEOUT,
  );
});
