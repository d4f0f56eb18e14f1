/**
 * Prototype: the cost of each runtime format checker on the per-call payload's values, next to
 * the whole generated validator for that payload. ns per check, median of 5 rounds of 2e5.
 *
 * Usage: node bench/proto/format-cost.mjs <client dir of a dev build containing the call event>
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { CALL_EVENT, CALL_PAYLOAD_VALUE } from '../lib/plans.mjs';

const clientDir = resolve(process.argv[2]);
const manifest = JSON.parse(readFileSync(join(clientDir, 'platen.manifest.json'), 'utf8'));
const rule = manifest.rules.find((r) => r.key === CALL_EVENT);
const validatorFile = join(clientDir, rule.file.replace(/^events\//, 'validators/'));
const out = join(clientDir, '..', 'format-cost.mjs');
await build({
  stdin: {
    contents: `export { validate } from ${JSON.stringify(validatorFile)};\nexport * from '@platen/runtime/validation';`,
    resolveDir: clientDir,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: out,
  logLevel: 'silent',
});
const m = await import(pathToFileURL(out).href);
const cases = {
  'validate (whole payload)': () => m.validate(CALL_PAYLOAD_VALUE),
  'uri(url)': () => m.uri(CALL_PAYLOAD_VALUE.url),
  'email(email)': () => m.email(CALL_PAYLOAD_VALUE.email),
  'dateTime(placed_at)': () => m.dateTime(CALL_PAYLOAD_VALUE.placed_at),
};
const N = 200_000;
for (const [name, fn] of Object.entries(cases)) {
  if (fn() !== true) throw new Error(`${name} rejected the benchmark payload`);
  const xs = [];
  for (let r = 0; r < 6; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn();
    if (r > 0) xs.push(Number(process.hrtime.bigint() - t) / N);
  }
  xs.sort((a, b) => a - b);
  console.log(`${name.padEnd(26)} ${xs[2].toFixed(0).padStart(7)} ns`);
}
