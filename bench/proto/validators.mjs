/**
 * Prototype: where the dev validators' build time and bundle bytes go, and what Ajv-level changes
 * would buy. Compiles every rule of a synthetic plan with variants of the compiler's own Ajv
 * setup (options and helpers imported from the compiled compiler, so only the varied knob
 * differs) and reports ms per rule and the minified + gzipped size of the three bundle-test
 * events' modules.
 *
 * Variants:
 *   current      addSchema(whole rule) + getSchema(rule#/payload pointer): what the compiler does
 *   payloadOnly  compile the payload sub-schema alone (valid when it holds no $ref)
 *   noOptimize   current, with Ajv `code.optimize: false`
 *   both         payloadOnly + noOptimize
 *   firstError   both + `allErrors: false` (stop at the first error)
 *
 * Usage: node bench/proto/validators.mjs [events=200]
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { COMPILER_DIST, ROOT, WORK_DIR } from '../lib/paths.mjs';
import { benchPlan, CALL_EVENT, writeCanonical } from '../lib/plans.mjs';

const events = Number(process.argv[2] ?? 200);
const load = (p) => import(join(COMPILER_DIST, p));
const requireFromCompiler = createRequire(join(ROOT, 'packages/compiler/package.json'));
const { Ajv } = requireFromCompiler('ajv');
const standaloneCode = requireFromCompiler('ajv/dist/standalone/index.js').default;
const { AJV_OPTIONS, ANNOTATION_KEYWORDS } = await load('validators/ajv.js');
const { FORMAT_EXPORTS, NUMBER_FORMAT_EXPORTS, UNCHECKED_FORMATS } =
  await load('validators/formats.js');
const { prepareSchema } = await load('validators/prepare.js');
const { rewriteStandalone } = await load('validators/standalone.js');
const { normalizePlan } = await load('ir/index.js');
const { assignNames } = await load('naming/index.js');

function makeAjv(overrides) {
  const ajv = new Ajv({
    ...AJV_OPTIONS,
    ...overrides,
    code: { ...AJV_OPTIONS.code, ...overrides.code },
  });
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword });
  const yes = () => true;
  for (const name of Object.keys(FORMAT_EXPORTS)) ajv.addFormat(name, yes);
  for (const name of Object.keys(NUMBER_FORMAT_EXPORTS))
    ajv.addFormat(name, { type: 'number', validate: yes });
  for (const name of UNCHECKED_FORMATS) ajv.addFormat(name, true);
  return ajv;
}

const at = (root, pointer) =>
  pointer
    .split('/')
    .slice(1)
    .reduce((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], root);

function compileOne(ajv, prepared, payloadOnly) {
  if (prepared.payload === undefined) return standaloneCode(ajv, ajv.compile({}));
  if (payloadOnly && !JSON.stringify(at(prepared.root, prepared.payload)).includes('"$ref"')) {
    const validate = ajv.compile(at(prepared.root, prepared.payload));
    const code = standaloneCode(ajv, validate);
    ajv.removeSchema(validate.schema);
    return code;
  }
  const id = 'platen:rule';
  try {
    ajv.addSchema(prepared.root, id);
    return standaloneCode(ajv, ajv.getSchema(`${id}#${prepared.payload}`));
  } finally {
    ajv.removeSchema(`${id}#${prepared.payload}`);
    ajv.removeSchema(id);
  }
}

const plan = await benchPlan(events, { withCallEvent: true });
const { loadPlan } = await load('plan/index.js');
const { loaded } = await loadPlan(await writeCanonical(join(WORK_DIR, 'proto'), plan));
const named = assignNames(normalizePlan(loaded));
const prepared = named.rules.map(({ rule }) => ({
  key: rule.key,
  ...prepareSchema(rule.schema, rule.type, 'platen:rule'),
}));
const tracks = named.rules.filter((r) => r.rule.type === 'TRACK').map((r) => r.rule.key);
const bundleKeys = [
  CALL_EVENT,
  ...plan.rules
    .filter((r) => r.type === 'TRACK' && r.key !== CALL_EVENT)
    .slice(0, 2)
    .map((r) => r.key),
];

const variants = {
  current: [{}, false],
  payloadOnly: [{}, true],
  noOptimize: [{ code: { optimize: false } }, false],
  both: [{ code: { optimize: false } }, true],
  firstError: [{ code: { optimize: false }, allErrors: false }, true],
};
console.log(
  `${prepared.length} rules (${tracks.length} TRACK); bytes for: ${bundleKeys.join(', ')}`,
);
console.log('variant       ms/rule  total KB  3-event min B  3-event gz B');
for (const [name, [overrides, payloadOnly]] of Object.entries(variants)) {
  const ajv = makeAjv(overrides);
  const t = performance.now();
  const modules = prepared.map((p) => ({
    key: p.key,
    code: rewriteStandalone(compileOne(ajv, p, payloadOnly)).code,
  }));
  const ms = performance.now() - t;
  const total = modules.reduce((a, m) => a + m.code.length, 0);
  const three = modules
    .filter((m) => bundleKeys.includes(m.key))
    .map((m) => transformSync(m.code, { minify: true, format: 'esm' }).code)
    .join('\n');
  console.log(
    `${name.padEnd(12)} ${(ms / prepared.length).toFixed(2).padStart(8)} ${(total / 1024).toFixed(0).padStart(9)} ${String(three.length).padStart(14)} ${String(gzipSync(three, { level: 9 }).length).padStart(13)}`,
  );
}
