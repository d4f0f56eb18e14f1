/**
 * Prototype: what a prod event call costs against a direct `analytics.track`, and how much of it
 * is the context stamp. Variants, each in this process after warm-up (ns per call, median of 7
 * rounds of 1e6 calls):
 *   direct          analytics.track(name, props)
 *   directStamped   analytics.track(name, props, { context: { platen, protocols } })  (fresh objects)
 *   hoisted         a generated-style function passing a per-event options object built once
 *   current         the generated prod function, through @platen/runtime's send (from a bundle)
 *
 * Usage: node bench/proto/prod-call.mjs <prod app.mjs bundle from the per-call measure>
 */
import { pathToFileURL } from 'node:url';
import { CALL_EVENT, CALL_PAYLOAD_VALUE } from '../lib/plans.mjs';

let sent = 0;
let last;
const analytics = {
  track(...args) {
    sent++;
    last = args;
  },
};
const client = await import(pathToFileURL(process.argv[2]).href);
client.configure({ analytics });
const platen = { language: 'typescript', version: '0.1.0' };
const HOISTED = Object.freeze({
  context: Object.freeze({ platen, protocols: { event_version: 1 } }),
});
const variants = {
  direct: (p) => analytics.track(CALL_EVENT, p),
  directStamped: (p) =>
    analytics.track(CALL_EVENT, p, { context: { platen, protocols: { event_version: 1 } } }),
  hoisted: (p, options, callback) => analytics.track(CALL_EVENT, p, options ?? HOISTED, callback),
  current: client.callEvent,
};
const payloads = Array.from({ length: 16 }, (_, i) => ({ ...CALL_PAYLOAD_VALUE, quantity: i + 1 }));
const N = 1_000_000;
const results = {};
for (let round = 0; round < 7; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn(payloads[i & 15]);
    const ns = Number(process.hrtime.bigint() - t) / N;
    if (round > 0) (results[name] ??= []).push(ns); // round 0 is warm-up
  }
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const base = median(results.direct);
for (const [name, xs] of Object.entries(results))
  console.log(
    `${name.padEnd(14)} ${median(xs).toFixed(1).padStart(8)} ns  ${(median(xs) / base).toFixed(2)}× direct`,
  );
if (!last || sent === 0) throw new Error('stub never called');
