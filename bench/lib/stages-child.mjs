/**
 * Per-stage timing, run as its own Node process (cold, like the CLI): calls each pipeline stage
 * of the compiled compiler in order and prints one JSON line with milliseconds per stage, the
 * formatting time split by file group, file counts and output bytes.
 *
 * Usage: node stages-child.mjs <plan.json> <dev|prod> <outDir>
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPILER_DIST } from './paths.mjs';

const [planPath, mode, outDir] = process.argv.slice(2);
const load = (p) => import(join(COMPILER_DIST, p));

const started = performance.now();
const plan = await load('plan/index.js');
const { normalizePlan } = await load('ir/index.js');
const { assignNames } = await load('naming/index.js');
const { emitClient, GENERATED_BANNER } = await load('emit/index.js');
const { compileValidators } = await load('validators/index.js');
const { formatContents, clearFormatCache } = await load('format/index.js');
const { writeOutput, manifestOf, serializeManifest, MANIFEST_FILE } = await load('output/index.js');
const { resolveOptions } = await load('config/index.js');
const { PLATEN_VERSION } = await load('version.js');
const importMs = performance.now() - started;

const ms = {};
const cpu = {};
const lap = async (name, fn) => {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  ms[name] = performance.now() - t;
  const used = process.cpuUsage(c);
  cpu[name] = (used.user + used.system) / 1000;
  return value;
};

const { outputs, prettier } = resolveOptions({
  plan: planPath,
  outputs: [{ path: outDir, mode }],
});
const { language, sdk } = outputs[0];
const { loaded } = await lap('load', () => plan.loadPlan(planPath));
if (!loaded) throw new Error(`plan ${planPath} did not load`);
await lap('validate', () => plan.validatePlan(loaded));
const ir = await lap('ir', () => normalizePlan(loaded));
const named = await lap('naming', () => assignNames(ir));
let files = await lap('emit', () =>
  emitClient(named, { mode, sdk, language, platenVersion: PLATEN_VERSION }),
);
if (mode === 'dev') {
  const v = await lap('validators', () =>
    compileValidators(named, { banner: GENERATED_BANNER, language }),
  );
  files = files.concat(v.files);
} else ms.validators = cpu.validators = 0;

// Formatting as compile() does it when the `prettier` option is on (one file at a time,
// validators skipped), timed per file group.
clearFormatCache();
const formatGroups = {};
const group = (path) =>
  path.startsWith('events/') ? 'events/*' : path.startsWith('validators/') ? 'validators/*' : path;
files = await lap('format', async () => {
  // Only when the CLI would format (its default is the compiler's `prettier` option).
  if (!prettier) return files;
  const out = [];
  for (const file of files) {
    const g = group(file.path);
    if (g === 'validators/*') {
      out.push(file);
      continue;
    }
    const t = performance.now();
    out.push({ path: file.path, contents: await formatContents(file.path, file.contents) });
    formatGroups[g] = (formatGroups[g] ?? 0) + performance.now() - t;
  }
  return out;
});
files.push({ path: MANIFEST_FILE, contents: serializeManifest(manifestOf(named, language)) });

await rm(outDir, { recursive: true, force: true });
await lap('write', () => writeOutput(outDir, files));

const bytes = {};
for (const f of files) {
  const g = group(f.path);
  bytes[g] = (bytes[g] ?? 0) + Buffer.byteLength(f.contents);
}
const total = Object.values(ms).reduce((a, b) => a + b, 0);
process.stdout.write(
  JSON.stringify({
    ms: { ...ms, total },
    cpuMs: { ...cpu, total: Object.values(cpu).reduce((a, b) => a + b, 0) },
    importMs,
    formatGroups,
    bytes,
    files: files.length,
    rules: named.rules.length,
  }) + '\n',
);
