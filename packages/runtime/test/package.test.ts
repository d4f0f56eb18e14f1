import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These tests exercise the built package (dist/) the way consumers resolve it, through the
// workspace link node_modules/@platen/runtime; `pnpm build` produces dist/ before `pnpm test`.
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = join(repo, 'packages/runtime');
const work = join(repo, '.tmp', `runtime-consumers-${process.pid}`);

beforeAll(() => {
  const built = ['dist/esm/index.js', 'dist/cjs/index.js', 'dist/cjs/package.json'];
  const missing = built.filter((f) => !existsSync(join(pkg, f)));
  if (missing.length)
    throw new Error(`packages/runtime/${missing[0]} is missing: run \`pnpm build\` first`);
  mkdirSync(work, { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Each consumer sends one valid and one invalid event through a fake SDK and prints what it saw.
const BODY = `
const calls = [];
const state = { analytics: { track: (...a) => calls.push(a) }, language: 'js', version: '9', onViolation: 'skip' };
const validate = (d) => { validate.errors = typeof d.n === 'number' ? null : [{ instancePath: '/n', schemaPath: '', keyword: 'type', params: { type: 'number' } }]; return !validate.errors; };
const event = { type: 'track', name: 'E', version: 1 };
console.warn = () => {};
r.send(state, event, ['E', { n: 1 }], 1, 2, validate);
r.send(state, event, ['E', { n: 'x' }], 1, 2, validate);
let error;
try { r.send({ ...state, onViolation: 'throw' }, event, ['E', {}], 1, 2, validate); } catch (e) { error = e; }
console.log(JSON.stringify({ calls, thrown: error instanceof r.PlatenViolationError, date: v.formats['date']('2024-02-29'), len: v.ucs2length('😀') }));
`;
const WANT = {
  calls: [
    [
      'E',
      { n: 1 },
      { context: { platen: { language: 'js', version: '9' }, protocols: { event_version: 1 } } },
    ],
  ],
  thrown: true,
  date: true,
  len: 1,
};

describe('consumers in real node processes', () => {
  it.each([
    [
      'ESM import',
      'consumer.mjs',
      `import * as r from '@platen/runtime';\nimport * as v from '@platen/runtime/validation';\n`,
    ],
    [
      'CommonJS require',
      'consumer.cjs',
      `const r = require('@platen/runtime');\nconst v = require('@platen/runtime/validation');\n`,
    ],
  ])('%s', (_, file, head) => {
    // Written under the repo so Node resolves the package through node_modules/@platen/runtime.
    writeFileSync(join(work, file), head + BODY);
    const out = execFileSync(process.execPath, [join(work, file)], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(WANT);
  });

  // The prod entry as a prod client uses it: one stamped call, straight to the SDK method.
  const PROD_BODY = `
const calls = [];
const state = { analytics: { track: (...a) => calls.push(a) }, language: 'js', version: '9' };
const event = { type: 'track', name: 'E', version: 1 };
p.sdk(state, event)?.track('E', { n: 1 }, p.stamp(state, event, undefined), undefined);
console.log(JSON.stringify({ calls: calls.map((c) => c.slice(0, 3)) }));
`;
  it.each([
    ['ESM import of /prod', 'prod.mjs', `import * as p from '@platen/runtime/prod';\n`],
    ['CommonJS require of /prod', 'prod.cjs', `const p = require('@platen/runtime/prod');\n`],
  ])('%s', (_, file, head) => {
    writeFileSync(join(work, file), head + PROD_BODY);
    const out = execFileSync(process.execPath, [join(work, file)], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ calls: [WANT.calls[0]] });
  });

  it('types resolve for both import and require consumers', () => {
    writeFileSync(
      join(work, 'types.mts'),
      `import { send, type PlatenState } from '@platen/runtime';\nimport { dateTime } from '@platen/runtime/validation';\nimport { sdk, stamp } from '@platen/runtime/prod';\nconst s: PlatenState = { language: 'ts', version: '1' };\nsend(s, { type: 'track', name: 'A', version: 0 }, ['A'], 1, 2);\nconst e = { type: 'track', name: 'A', version: 0 } as const;\nsdk(s, e)?.track('A', {}, stamp(s, e, undefined));\nexport const ok: boolean = dateTime('x');\n`,
    );
    writeFileSync(
      join(work, 'types.cts'),
      `import r = require('@platen/runtime');\nimport v = require('@platen/runtime/validation');\nimport p = require('@platen/runtime/prod');\nconst s: r.PlatenState = { language: 'ts', version: '1' };\np.sdk(s, { type: 'track', name: 'A', version: 0 })?.track('A');\nr.send(s, { type: 'track', name: 'A', version: 0 }, ['A'], 1, 2);\nexport const ok: boolean = v.equal(1, 1);\n`,
    );
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const args = [
      '--noEmit',
      '--strict',
      '--module',
      'node16',
      '--moduleResolution',
      'node16',
      '--types',
      'node',
      '--skipLibCheck',
    ];
    const run = () =>
      execFileSync(
        process.execPath,
        [tsc, ...args, join(work, 'types.mts'), join(work, 'types.cts')],
        { encoding: 'utf8' },
      );
    // On failure execFileSync throws with tsc's diagnostics in the message.
    expect(run).not.toThrow();
  });
});

/** Bundles a snippet the way an app would (esbuild, minified) and measures it. */
async function measure(code: string): Promise<{ text: string; min: number; gzip: number }> {
  const out = await build({
    stdin: { contents: code, resolveDir: repo },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    logLevel: 'silent',
  });
  const text = out.outputFiles[0]!.text;
  return { text, min: Buffer.byteLength(text), gzip: gzipSync(text).length };
}

describe('size', () => {
  it('the prod entry is under 700 B minified + gzipped, with no violation code', async () => {
    const prod = await measure(`import * as p from '@platen/runtime/prod'; console.log(p);`);
    expect(prod.text).not.toMatch(/does not match|PlatenViolationError/);
    expect(prod.gzip).toBeLessThan(700);
  });

  it('the main entry is under 1.5 KB minified + gzipped', async () => {
    const main = await measure(`import * as r from '@platen/runtime'; console.log(r);`);
    const validation = await measure(
      `import * as v from '@platen/runtime/validation'; console.log(v);`,
    );
    console.log(
      `@platen/runtime: ${main.min} B min, ${main.gzip} B gzip; ` +
        `@platen/runtime/validation: ${validation.min} B min, ${validation.gzip} B gzip`,
    );
    expect(main.gzip).toBeLessThan(1536);
  });

  it.each([
    ['dateTime', ['uuid', 'urn:', '[0-9a-f]{1,4}'], 800],
    ['equal', ['\\\\d', 'urn:', 'RegExp("^'], 800],
    ['uuid', ['hasOwn', '[0-9a-f]{1,4}', '\\\\d\\\\d'], 300],
    ['email', ['[0-9a-f]{1,4}', 'urn:', '25[0-5]'], 300],
    ['uri', ['x00-', '[+#./;?&=,!@|]', 'urn:uuid'], 1000],
  ])('importing %s alone tree-shakes the other checkers', async (name, absent, maxMin) => {
    const { text, min } = await measure(
      `import { ${name} } from '@platen/runtime/validation'; console.log(${name});`,
    );
    for (const marker of absent) expect(text).not.toContain(marker);
    expect(min).toBeLessThan(maxMin);
  });
});
