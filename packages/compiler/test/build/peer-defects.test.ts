/**
 * Defects seen in other tracking-plan generators that the build stage must not repeat: validators
 * compiled at build time, small bundles, large plans, pinned dependencies, offline CI, per-file
 * formatting. Each describe names its decision in docs/decisions.md by slug.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { compile } from '../../src/compile.js';
import { clearFormatCache, formatFiles, formatStats } from '../../src/format/index.js';
import { loadPlan } from '../../src/plan/index.js';
import type { LoadedPlan } from '../../src/plan/types.js';
import { synthPlan } from '../support/synth.js';
import { bundle, importBundled, REPO, tempDir, writeFiles } from '../support/helpers.js';

const synthLoaded = (events: number, properties: [number, number]): LoadedPlan => {
  const plan = synthPlan({ events, properties });
  return {
    plan,
    format: 'public-api',
    file: 'synth.json',
    ruleSources: plan.rules.map((_, i) => ({
      file: 'synth.json',
      pointer: `/rules/${i}/jsonSchema`,
    })),
  };
};

// docs/decisions.md#precompiled-validators
describe('precompiled validators, formats work, labels accepted', () => {
  it('validates with code compiled at build time: no Ajv at run time, fast calls, formats and labels fine', async () => {
    const { loaded } = await loadPlan(join(REPO, 'fixtures/example/plan.json'));
    const result = await compile(loaded!, {
      language: 'typescript',
      sdk: 'analytics-next',
      mode: 'dev',
    });
    expect(result.diagnostics.filter((d) => /label|keyword|format/.test(d.message))).toEqual([]);
    const dir = tempDir('precompiled');
    writeFiles(dir, result.files);
    writeFileSync(join(dir, 'entry.ts'), "export * from './index.js';\n");
    const built = await bundle(join(dir, 'entry.ts'), { metafile: true });
    expect(
      Object.keys(built.metafile!.inputs).filter((p) =>
        /node_modules\/(ajv|ajv-formats)\//.test(p),
      ),
    ).toEqual([]);
    expect(built.outputFiles![0]!.text).not.toMatch(/new Function|\beval\(/);
    const client = await importBundled<Record<string, (...a: unknown[]) => void>>(
      join(dir, 'entry.ts'),
    );
    const violations: unknown[] = [];
    client.configure!({
      analytics: { track: () => undefined },
      onViolation: (v: unknown) => violations.push(v),
    });
    const started = performance.now();
    for (let i = 0; i < 1000; i++)
      client.productViewed!({ product_id: 'p', price: i, currency: 'EUR' });
    const perCall = (performance.now() - started) / 1000;
    expect(violations).toEqual([]);
    // The peers spent 4–8 ms per call compiling; a precompiled validator takes microseconds.
    expect(perCall).toBeLessThan(0.5);
  });
});

// docs/decisions.md#small-bundles
describe('dev bundles carry only the validators they use, prod bundles none', () => {
  it('a 500-event plan calling 3 events bundles exactly 3 validators and no Ajv compiler', async () => {
    // Small events keep the test quick: tree-shaking does not depend on how big each event is.
    const loaded = synthLoaded(500, [2, 4]);
    const sizes: string[] = [];
    for (const mode of ['dev', 'prod'] as const) {
      const result = await compile(loaded, {
        language: 'typescript',
        sdk: 'analytics-next',
        mode,
        prettier: false,
      });
      const dir = tempDir(`bundle-${mode}`);
      writeFiles(dir, result.files);
      const fns = result.manifest.rules
        .filter((r) => r.type === 'TRACK')
        .slice(0, 3)
        .map((r) => r.function);
      writeFileSync(
        join(dir, 'entry.ts'),
        `import { configure, ${fns.join(', ')} } from './index.js';\nconfigure({ analytics: (globalThis as any).analytics });\n` +
          fns.map((f) => `${f}({} as any);`).join('\n'),
      );
      const built = await bundle(join(dir, 'entry.ts'), {
        metafile: true,
        minify: true,
        treeShaking: true,
        platform: 'browser',
      });
      // Files that contributed bytes to the bundle (the metafile's top-level inputs lists every file read).
      const output = Object.values(built.metafile!.outputs)[0]!;
      const inputs = Object.entries(output.inputs)
        .filter(([, i]) => i.bytesInOutput > 0)
        .map(([p]) => p);
      const validators = inputs.filter((p) => p.includes('/validators/'));
      expect(validators).toHaveLength(mode === 'dev' ? 3 : 0);
      expect(inputs.filter((p) => /node_modules\/ajv/.test(p))).toEqual([]);
      if (mode === 'prod')
        expect(inputs.filter((p) => p.includes('runtime/src/validation'))).toEqual([]);
      const text = built.outputFiles![0]!.text;
      if (process.env.PLATEN_BUNDLE_REPORT)
        console.log(
          Object.entries(output.inputs)
            .filter(([, i]) => i.bytesInOutput > 0)
            .map(([p, i]) => `${i.bytesInOutput} ${p}`)
            .join('\n'),
        );
      sizes.push(`${mode}: ${text.length} B min, ${gzipSync(text).length} B gzip`);
    }
    console.log(`dev/prod bundles (500 events, 3 called): ${sizes.join('; ')}`);
  });
});

// docs/decisions.md#large-plans
describe('a 2,000-event plan generates in seconds and its files stay small', () => {
  // Peer tools took 40–96 s on such a plan and wrote 6–8 MB files. Speed is the benchmarks' job
  // (`pnpm bench`: seconds, not a minute), not timed here. Size is a property of the output, bounded
  // by the plan it comes from (compact JSON: every schema and description once): validators are data
  // no larger than the schemas they check (Ajv's standalone code, which Platen used to ship, was 3×
  // the plan), `types.ts` restates each schema once with its docs, and the whole client stays within a
  // small multiple of the plan.
  it('builds a 2,000-event plan, dev and prod, into files proportionate to the plan', async () => {
    const loaded = synthLoaded(2000, [5, 30]);
    const planBytes = Buffer.byteLength(JSON.stringify(loaded.plan));
    const sizes: string[] = [];
    for (const mode of ['dev', 'prod'] as const) {
      const started = performance.now();
      const result = await compile(loaded, { language: 'typescript', sdk: 'analytics-next', mode });
      const ms = performance.now() - started;
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.manifest.rules.filter((r) => r.type === 'TRACK')).toHaveLength(2000);
      const size = (f: { contents: string }): number => Buffer.byteLength(f.contents);
      const sum = (test: (path: string) => boolean): number =>
        result.files.filter((f) => test(f.path)).reduce((n, f) => n + size(f), 0);
      const total = sum(() => true);
      const validators = sum((p) => p.startsWith('validators/'));
      const types = sum((p) => p === 'types.ts');
      expect(validators).toBeLessThan(planBytes);
      expect(types).toBeLessThan(planBytes);
      expect(total).toBeLessThan((mode === 'dev' ? 2.5 : 2) * planBytes);
      if (mode === 'prod') expect(validators).toBe(0);
      const mb = (n: number): string => (n / 1e6).toFixed(1) + ' MB';
      sizes.push(
        `${mode}: ${mb(total)} in ${result.files.length} files (types.ts ${mb(types)}, validators ${mb(validators)}), ${(ms / 1000).toFixed(1)} s in-process`,
      );
    }
    console.log(
      `large plan (2,000 events, plan ${(planBytes / 1e6).toFixed(1)} MB): ${sizes.join('; ')}`,
    );
  }, 180_000);
});

// docs/decisions.md#pinned-dependencies
describe('every dependency pinned', () => {
  const manifests = [
    'package.json',
    ...readdirSync(join(REPO, 'packages')).map((p) => `packages/${p}/package.json`),
  ];
  it.each(manifests)('%s', (path) => {
    const pkg = JSON.parse(readFileSync(join(REPO, path), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const loose: string[] = [];
    for (const field of [
      'dependencies',
      'devDependencies',
      'peerDependencies',
      'optionalDependencies',
    ]) {
      for (const [name, range] of Object.entries(pkg[field] ?? {})) {
        // An exact version, or this workspace's own package.
        if (!/^(\d+\.\d+\.\d+(-[\w.]+)?|workspace:\*)$/.test(range))
          loose.push(`${field}.${name}: ${range}`);
      }
    }
    expect(loose).toEqual([]);
  });
});

// docs/decisions.md#offline-ci
describe('offline, no TTY, no telemetry', () => {
  const connect = net.Socket.prototype.connect;
  const fetchBefore = globalThis.fetch;
  afterEach(() => {
    net.Socket.prototype.connect = connect;
    globalThis.fetch = fetchBefore;
  });

  it('init and build run with the network cut off, no terminal and an empty environment', async () => {
    const attempts: string[] = [];
    net.Socket.prototype.connect = function (...args: unknown[]) {
      attempts.push(JSON.stringify(args[0]));
      throw new Error('network is off in this test');
    } as typeof connect;
    globalThis.fetch = (async (input: unknown) => {
      attempts.push(String(input));
      throw new Error('network is off in this test');
    }) as typeof fetch;
    const cwd = tempDir('offline');
    writeFileSync(join(cwd, 'plan.json'), readFileSync(join(REPO, 'fixtures/example/plan.json')));
    let out = '';
    // No `prompt`: a command that tried to ask would crash; `interactive: false` is CI without a TTY.
    const io = {
      stdout: (t: string) => (out += t),
      stderr: (t: string) => (out += t),
      cwd,
      env: {},
      interactive: false,
    };
    expect(await runCli(['init', '--plan', 'plan.json', '--out', 'gen'], io)).toBe(0);
    expect(await runCli(['build'], io)).toBe(0);
    expect(out).toMatch(/gen: \d+ files/);
    expect(attempts).toEqual([]);
  });
});

// docs/decisions.md#linear-build
describe('formatting is per file', () => {
  it('is a no-op on emitted files, so builds skip it by default', async () => {
    const changed: string[] = [];
    for (const name of readdirSync(join(REPO, 'fixtures/cases'))) {
      const { loaded } = await loadPlan(join(REPO, 'fixtures/cases', name, 'plan.json'));
      const result = await compile(loaded!, {
        language: 'typescript',
        sdk: 'analytics-next',
        mode: 'dev',
      });
      const formatted = await formatFiles(result.files);
      formatted.forEach(
        (f, i) => f.contents !== result.files[i]!.contents && changed.push(`${name}/${f.path}`),
      );
    }
    expect(changed).toEqual([]);
  });

  it('formats each file on its own and re-formats only the file that changed', async () => {
    const files = Array.from({ length: 40 }, (_, i) => ({
      path: `events/e${i}.ts`,
      contents: `export const e${i}={a:${i}}`,
    }));
    clearFormatCache();
    const first = await formatFiles(files);
    expect(formatStats()).toEqual({ formatted: 40, cached: 0 });
    expect(first[7]!.contents).toBe('export const e7 = { a: 7 };\n');
    await formatFiles(
      files.map((f, i) => (i === 7 ? { ...f, contents: 'export const changed=1' } : f)),
    );
    expect(formatStats()).toEqual({ formatted: 41, cached: 39 });
  });

  it('names the file a formatter failure came from, and never formats validators', async () => {
    const files = [
      { path: 'ok.ts', contents: 'export {}' },
      { path: 'broken.ts', contents: 'export const = ;' },
    ];
    await expect(formatFiles(files)).rejects.toThrow(/^formatting broken\.ts failed/);
    const validator = { path: 'validators/x.ts', contents: 'const   a=1' };
    expect(await formatFiles([validator])).toEqual([validator]);
  });
});
