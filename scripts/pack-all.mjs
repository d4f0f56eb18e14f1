// Packs every publishable workspace package (each packages/* whose package.json is not private) into
// one tarball with a stable name, e.g. packs/platen-compiler.tgz, and checks what each tarball holds.
//
//   node scripts/pack-all.mjs [--out DIR] [--json]
//
// Uses `pnpm pack`, which replaces `workspace:` ranges by the real versions (npm pack would not).
// Run `pnpm build` first (`pnpm pack:all` does). Exits 1, listing every problem, when a tarball
// lacks a file its package.json points at, lacks LICENSE or README.md, holds tests, fixtures, bench
// or synth code, build info or source maps, or still has a `workspace:` range.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? resolve(args[outIndex + 1] ?? '') : join(root, 'packs');
if (outIndex >= 0 && !args[outIndex + 1]) usage('--out needs a folder');
for (const [i, a] of args.entries()) {
  if (a !== '--json' && a !== '--out' && args[i - 1] !== '--out') usage(`unknown argument ${a}`);
}

function usage(message) {
  console.error(`pack-all: ${message}\nusage: node scripts/pack-all.mjs [--out DIR] [--json]`);
  process.exit(2);
}

/** Paths no published tarball may hold (relative to the package folder). */
const FORBIDDEN = [
  [/(^|\/)(test|tests|__tests__|__snapshots__)\//, 'a test folder'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'a test file'],
  [/(^|\/)fixtures?\//, 'fixtures'],
  [/(^|\/)bench\//, 'bench code'],
  [/(^|\/)synth\//, 'synth code'],
  [/\.tsbuildinfo$/, 'TypeScript build info'],
  [/\.map$/, 'a source map (its sources are not shipped)'],
  [/(^|\/)node_modules\//, 'node_modules'],
];

/** The file names in a .tgz and the bytes of its package.json (a tar reader, so no `tar` binary is needed). */
function readTarball(file) {
  const data = gunzipSync(readFileSync(file));
  const files = [];
  let manifest;
  let longName;
  for (let at = 0; at + 512 <= data.length;) {
    const header = data.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from, to) => header.subarray(from, to).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = field(156, 157);
    const prefix = field(345, 500);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const body = data.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    // GNU long names and pax headers describe the next entry.
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    if (type !== '0' && type !== '' && type !== '\0') continue;
    name = name.replace(/^package\//, '');
    files.push(name);
    if (name === 'package.json') manifest = JSON.parse(body.toString('utf8'));
  }
  return { files, manifest };
}

/** Every file path a package.json points at: main, module, types, bin and each export target. */
function entryPoints(pkg) {
  const paths = [];
  for (const key of ['main', 'module', 'types', 'typings'])
    if (typeof pkg[key] === 'string') paths.push(pkg[key]);
  if (typeof pkg.bin === 'string') paths.push(pkg.bin);
  else for (const target of Object.values(pkg.bin ?? {})) paths.push(target);
  const walk = (value) => {
    if (typeof value === 'string') {
      if (!value.includes('*')) paths.push(value);
    } else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  walk(pkg.exports);
  return [...new Set(paths.map((p) => p.replace(/^\.\//, '')))];
}

/** Problems with one packed tarball, as sentences. */
function check(dir, { files, manifest }) {
  const problems = [];
  const has = new Set(files);
  for (const file of files) {
    for (const [pattern, what] of FORBIDDEN)
      if (pattern.test(file)) problems.push(`holds ${what}: ${file}`);
  }
  if (!manifest) return [...problems, 'has no package.json'];
  if (!files.some((f) => /^licen[cs]e(\.\w+)?$/i.test(f)))
    problems.push(`has no LICENSE (copy the repository's LICENSE into ${dir})`);
  if (!has.has('README.md')) problems.push(`has no README.md (write ${dir}/README.md)`);
  for (const entry of entryPoints(manifest))
    if (!has.has(entry))
      problems.push(`lacks ${entry}, which package.json points at (run pnpm build?)`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {}))
      if (String(range).startsWith('workspace:'))
        problems.push(`${field}.${name} is still "${range}"`);
  }
  return problems;
}

// pnpm as the workspace pins it (packageManager), through npx, so no global pnpm is needed.
const packageManager = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
// Under `pnpm pack:all` the running pnpm is reused when it is that version (saves an npx start per package).
const running = process.env.npm_execpath ?? '';
const pinned = (process.env.npm_config_user_agent ?? '').startsWith(
  `${packageManager.replace('@', '/')} `,
);
const pnpm =
  pinned && /pnpm\.c?js$/.test(running)
    ? [process.execPath, [running]]
    : [process.platform === 'win32' ? 'npx.cmd' : 'npx', ['-y', packageManager]];

const packagesDir = join(root, 'packages');
const packages = readdirSync(packagesDir)
  .filter((name) => existsSync(join(packagesDir, name, 'package.json')))
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  .map((name) => {
    const dir = join(packagesDir, name);
    return { dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
  })
  .filter(({ pkg }) => pkg.private !== true);

mkdirSync(outDir, { recursive: true });
// The default folder holds only this script's tarballs: clear it so a removed package leaves none behind.
if (outIndex < 0)
  for (const f of readdirSync(outDir)) if (f.endsWith('.tgz')) rmSync(join(outDir, f));

// Staged beside the output, so the rename to the stable name stays on one file system.
const staging = mkdtempSync(join(outDir, '.pack-'));
const results = [];
const problems = [];
try {
  for (const { dir, pkg } of packages) {
    const rel = relative(root, dir);
    const stable = `${pkg.name.replace(/^@/, '').replace('/', '-')}.tgz`;
    const out = execFileSync(
      pnpm[0],
      [...pnpm[1], 'pack', '--json', '--pack-destination', staging],
      {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    // pnpm prints the tarball's path in its JSON (name-version.tgz); rename to the stable name.
    const packed = JSON.parse(out.slice(out.indexOf('{')));
    const file = join(outDir, stable);
    renameSync(resolve(staging, packed.filename), file);
    const contents = readTarball(file);
    for (const p of check(rel, contents))
      problems.push(`${relative(root, file)} (${pkg.name}): ${p}`);
    results.push({
      name: pkg.name,
      version: pkg.version,
      dir: rel,
      file,
      files: contents.files.length,
      dependencies: contents.manifest?.dependencies ?? {},
    });
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}

if (json) console.log(JSON.stringify(results, null, 2));
else
  for (const r of results)
    console.log(`${relative(process.cwd(), r.file)}  ${r.name}@${r.version}  (${r.files} files)`);
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`pack-all: ${problems.length} problem(s)`);
  process.exit(1);
}
