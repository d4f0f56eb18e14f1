#!/usr/bin/env node
/**
 * Prints a SHA-256 for every file Platen generates from every buildable fixture plan, in every
 * SDK × language/module × mode combination, one line per file (`plan combo path hash`), sorted.
 * Two commits' outputs are byte-identical when this prints the same lines at both:
 *   node scripts/output-hashes.mjs > a.txt   (at commit A, after pnpm build) … diff a.txt b.txt
 * Runs the CLI in-process (`runCli`), with --no-cache, into a temporary folder. `--compiler DIR` uses
 * the built compiler of another checkout (fixtures are always this one's); `--without-manifest-file`
 * hashes manifests without their rules' `file` fields.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
// `--compiler DIR`: build with the (built) checkout at DIR instead, e.g. a worktree of an older commit.
const compilerAt = args.includes('--compiler')
  ? resolve(args[args.indexOf('--compiler') + 1])
  : root;
// `--without-manifest-file`: hash each manifest with its rules' `file` fields left out, to show that
// a change altered nothing else.
const withoutFile = args.includes('--without-manifest-file');
const { runCli } = await import(join(compilerAt, 'packages/compiler/dist/index.js'));

const plans = [
  'fixtures/example/plan.json',
  'fixtures/calls/plan.json',
  'fixtures/e2e/plan.json',
  'fixtures/messy/plan.json',
  'fixtures/formats/rich/public-api.json',
  'fixtures/formats/rich/config-api.json',
  'fixtures/formats/rich/envelope.json',
  'fixtures/formats/rich/public-api.yaml',
  'fixtures/formats/track-only/public-api.json',
  'fixtures/formats/track-only/typewriter.json',
  'fixtures/formats/track-only/shop',
  'fixtures/typewriter/v7/analytics/plan.json',
  'fixtures/typewriter/v9/src/analytics/plan.json',
  ...readdirSync(join(root, 'fixtures/cases'))
    .sort()
    .map((c) => `fixtures/cases/${c}/plan.json`),
];
const sdks = [
  'analytics-next',
  'analytics-js',
  'analytics-node',
  'react-native',
  'rudderstack',
  'generic',
];
const shapes = [
  ['typescript', 'esm'],
  ['javascript', 'esm'],
  ['javascript', 'cjs'],
];
const modes = ['dev', 'prod'];

function walk(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) walk(abs, out);
    else out.push(abs);
  }
  return out;
}

const lines = [];
const work = mkdtempSync(join(tmpdir(), 'platen-hashes-'));
try {
  for (const plan of plans) {
    for (const sdk of sdks)
      for (const [language, module] of shapes)
        for (const mode of modes) {
          const out = join(work, 'out');
          rmSync(out, { recursive: true, force: true });
          let err = '';
          const argv = [
            'build',
            '--plan',
            join(root, plan),
            '--out',
            out,
            '--sdk',
            sdk,
            '--language',
            language,
            '--module',
            module,
            '--mode',
            mode,
            '--no-cache',
          ];
          const code = await runCli(argv, {
            stdout: () => {},
            stderr: (t) => (err += t),
            cwd: work,
            env: { ...process.env, PLATEN_CACHE_DIR: join(work, 'cache') },
            interactive: false,
          });
          const combo = `${sdk}/${language}-${module}/${mode}`;
          if (code !== 0) {
            lines.push(
              `${plan} ${combo} EXIT ${code} ${createHash('sha256').update(err).digest('hex').slice(0, 16)}`,
            );
            continue;
          }
          for (const file of walk(out)) {
            let bytes = readFileSync(file);
            if (withoutFile && file.endsWith('platen.manifest.json')) {
              const manifest = JSON.parse(bytes.toString('utf8'));
              for (const rule of manifest.rules) delete rule.file;
              bytes = Buffer.from(JSON.stringify(manifest));
            }
            const hash = createHash('sha256').update(bytes).digest('hex');
            lines.push(`${plan} ${combo} ${relative(out, file)} ${hash}`);
          }
        }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(lines.sort().join('\n') + '\n');
