/**
 * Measure 3, per call, in its own Node process: ns per call of the 12-property event function of a
 * bundled client (`client` mode), of a direct `analytics.track` (`direct` mode), or of a direct
 * `analytics.track` given the same stamped context a Platen call sends (`direct-stamped` mode: fresh
 * options and context objects, shared `platen` and `protocols` leaves — the work Issue 3's context
 * stamp requires of any caller), with a stub SDK that only counts. Warm-up first; then `rounds` rounds of `calls` calls each. A client that costs
 * milliseconds per call gets fewer calls per round (so a round stays under ~5 s), and the
 * count is reported.
 *
 * Usage: node percall-child.mjs <direct|direct-stamped|client> <bundle.mjs|-> <calls> <rounds>
 * Prints one JSON line: { ns: number[] (wall), cpuNs: number[] (CPU time), calls, threw, sent }.
 */
import { pathToFileURL } from 'node:url';
import { CALL_EVENT, CALL_PAYLOAD_VALUE } from './plans.mjs';

const [kind, bundle, callsArg, roundsArg] = process.argv.slice(2);
let sent = 0;
let last;
// A stub SDK: keeps the last arguments so the calls cannot be optimized away.
const analytics = {
  track(...args) {
    sent++;
    last = args;
  },
};

let call;
if (kind === 'direct') {
  call = (payload) => analytics.track(CALL_EVENT, payload);
} else if (kind === 'direct-stamped') {
  const platen = { language: 'typescript', version: '0.0.0' };
  const protocols = { event_version: 1 };
  call = (payload) => analytics.track(CALL_EVENT, payload, { context: { platen, protocols } });
} else {
  const client = await import(pathToFileURL(bundle).href);
  const violations = [];
  client.configure({ analytics, onViolation: (v) => violations.push(v) });
  try {
    client.callEvent({ ...CALL_PAYLOAD_VALUE });
  } catch {
    // A client that throws on every call (Typewriter's dev client on `format`) is still timed;
    // the throws are counted and reported.
  }
  if (violations.length > 0)
    throw new Error(`the benchmark payload is invalid: ${JSON.stringify(violations[0])}`);
  call = client.callEvent;
}

// Payloads built once: the measure is the call, not the caller's object allocation.
const payloads = Array.from({ length: 16 }, (_, i) => ({ ...CALL_PAYLOAD_VALUE, quantity: 1 + i }));
let threw = 0;
let error = '';
function loop(n) {
  for (let i = 0; i < n; i++) {
    try {
      call(payloads[i & 15]);
    } catch (err) {
      threw++;
      error ||= String(err?.message ?? err).split('\n')[0];
    }
  }
}

// Warm-up first (up to 20,000 calls or ~300 ms, whichever comes first), so the JIT has optimized
// the path; then pick the call count from the warm per-call time: `calls` (1e5+) unless a call
// is so slow that a round would take over ~1 s.
let warmCalls = 0;
const warmStart = performance.now();
while (warmCalls < 20_000 && performance.now() - warmStart < 300) {
  loop(100);
  warmCalls += 100;
}
const probe = performance.now();
loop(100);
const perCallMs = (performance.now() - probe) / 100;
const wanted = Number(callsArg);
const calls =
  perCallMs * wanted > 5000 ? Math.max(50, Math.min(wanted, Math.round(5000 / perCallMs))) : wanted;
// Wall time and this process's CPU time per round: on a loaded machine the wall clock also
// counts time the process waited for a core; CPU time does not.
const ns = [];
const cpuNs = [];
for (let r = 0; r < Number(roundsArg); r++) {
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  loop(calls);
  ns.push(Number(process.hrtime.bigint() - t) / calls);
  const used = process.cpuUsage(c);
  cpuNs.push(((used.user + used.system) * 1000) / calls);
}
if (last === undefined && sent === 0 && threw === 0)
  throw new Error('the SDK stub was never called');
process.stdout.write(JSON.stringify({ ns, cpuNs, calls, threw, error, sent }) + '\n');
