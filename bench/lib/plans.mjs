/**
 * Benchmark plans: the repository's seeded `synthPlan` (N TRACK events of 5–30 mixed properties),
 * plus one hand-written 12-property event used by the per-call and bundle measures, written both
 * in Platen's canonical format (Public API plan with rules merged) and in Typewriter 9's
 * `plan.json` layout (sanitized: TRACK only, payload hoisted, `eventMetadata`, no labels, keys
 * deep-sorted) beside a `typewriter.yml`.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, WORK_DIR } from './paths.mjs';

/** Wire name of the 12-property event every per-call and bundle measure calls. */
export const CALL_EVENT = 'Bench Checkout Completed';

/** The payload schema of {@link CALL_EVENT}: 12 properties over every kind the generator mixes. */
const CALL_PAYLOAD = {
  type: 'object',
  additionalProperties: false,
  required: ['order_id', 'revenue', 'currency', 'quantity', 'placed_at', 'items'],
  properties: {
    order_id: { type: 'string', pattern: '^[A-Z]{2}-[0-9]{3,6}$', description: 'Order id.' },
    revenue: { type: 'number', minimum: 0 },
    currency: { type: 'string', enum: ['USD', 'EUR', 'GBP'] },
    quantity: { type: 'integer', minimum: 1, maximum: 100 },
    coupon: { type: ['string', 'null'], maxLength: 40 },
    email: { type: 'string', format: 'email' },
    placed_at: { type: 'string', format: 'date-time' },
    gift: { type: 'boolean' },
    url: { type: 'string', format: 'uri' },
    items: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sku', 'price'],
        properties: { sku: { type: 'string', minLength: 1 }, price: { type: 'number' } },
      },
    },
    shipping: {
      type: 'object',
      additionalProperties: false,
      properties: {
        method: { type: 'string', enum: ['ground', 'air'] },
        address: {
          type: 'object',
          additionalProperties: false,
          properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
        },
      },
    },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

/** A payload {@link CALL_EVENT}'s validator accepts (12 properties, nested objects, an array). */
export const CALL_PAYLOAD_VALUE = {
  order_id: 'AB-12345',
  revenue: 42.5,
  currency: 'EUR',
  quantity: 3,
  coupon: null,
  email: 'ada@example.com',
  placed_at: '2026-11-26T14:00:00Z',
  gift: false,
  url: 'https://example.com/orders/AB-12345',
  items: [
    { sku: 'sku-1', price: 10 },
    { sku: 'sku-2', price: 32.5 },
  ],
  shipping: { method: 'air', address: { city: 'Lyon', zip: '69001' } },
  tags: ['a', 'b'],
};

function callRule() {
  return {
    type: 'TRACK',
    key: CALL_EVENT,
    version: 1,
    jsonSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      description: 'The per-call benchmark event.',
      properties: { context: {}, traits: {}, properties: CALL_PAYLOAD },
      required: ['properties'],
    },
  };
}

/** The generator's TypeScript source: test support, so it never ships in the compiler's dist. */
const SYNTH_SOURCE = join(ROOT, 'packages/compiler/test/support/synth.ts');

let synth;
/**
 * The repository's generator, transpiled on first use with esbuild (it imports only types, so the
 * bundle is self-contained). Each process writes, imports and deletes its own file, so parallel
 * bench children never race.
 */
async function synthPlan(options) {
  synth ??= await loadSynth();
  return synth(options);
}

async function loadSynth() {
  const { build } = await import('esbuild');
  const outfile = join(WORK_DIR, 'synth', `synth-${process.pid}.mjs`);
  await build({
    entryPoints: [SYNTH_SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
  });
  try {
    return (await import(pathToFileURL(outfile).href)).synthPlan;
  } finally {
    await rm(outfile, { force: true });
  }
}

/**
 * A synthetic plan of `events` TRACK events (seed 1); `withCallEvent` replaces the last synthetic
 * event by {@link CALL_EVENT} so the count stays `events`.
 */
export async function benchPlan(events, { withCallEvent = false } = {}) {
  const plan = await synthPlan({ events, seed: 1 });
  if (!withCallEvent) return plan;
  const tracks = plan.rules.filter((r) => r.type === 'TRACK');
  const others = plan.rules.filter((r) => r.type !== 'TRACK');
  return { ...plan, rules: [...tracks.slice(0, events - 1), callRule(), ...others] };
}

/** A copy of a value with object keys sorted at every depth (Typewriter's `sort-keys --deep`). */
function sortDeep(value) {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const key of Object.keys(value).sort()) out[key] = sortDeep(value[key]);
  return out;
}

/** Typewriter 9's `$id` for a rule key: whitespace to `_`, then URI-encoded. */
const schemaId = (key) => encodeURIComponent(key.replace(/\s/g, '_'));

/**
 * The plan as Typewriter 9 stores it in `plan.json`: TRACK rules, newest version per key, the
 * payload hoisted to the rule's root with `eventMetadata`, labels dropped, keys deep-sorted.
 */
export function toTypewriterPlan(plan) {
  const newest = new Map();
  for (const rule of plan.rules) {
    if (rule.type !== 'TRACK') continue;
    const seen = newest.get(rule.key);
    if (!seen || seen.version < rule.version) newest.set(rule.key, rule);
  }
  const rules = [...newest.values()].map((rule) => {
    const { labels: _labels, properties: envelope, required: _required, ...root } = rule.jsonSchema;
    const payload = envelope?.properties ?? {};
    const id = schemaId(rule.key);
    return {
      ...rule,
      key: rule.key.replace('#', ''),
      jsonSchema: {
        ...root,
        ...payload,
        properties: payload.properties ?? {},
        $id: id,
        eventMetadata: { name: rule.key, type: 'TRACK' },
      },
    };
  });
  return sortDeep({ ...plan, rules });
}

/** Writes `plan.json` (canonical) into `dir`; returns its path. */
export async function writeCanonical(dir, plan) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'plan.json');
  await writeFile(path, JSON.stringify(plan, null, 2) + '\n');
  return path;
}

/**
 * Writes a Typewriter 9 project into `dir`: `typewriter.yml` (TypeScript for analytics.js, output
 * in `client/`) and `client/plan.json`. Returns the config directory for `typewriter build -c`.
 */
export async function writeTypewriterProject(dir, plan) {
  await mkdir(join(dir, 'client'), { recursive: true });
  const config = [
    'client:',
    '  language: typescript',
    '  sdk: analytics-js',
    'trackingPlans:',
    `  - id: ${plan.id}`,
    '    workspaceSlug: bench',
    '    path: ./client',
    '',
  ].join('\n');
  await writeFile(join(dir, 'typewriter.yml'), config);
  await writeFile(
    join(dir, 'client', 'plan.json'),
    JSON.stringify(toTypewriterPlan(plan), null, '\t'),
  );
  return dir;
}
