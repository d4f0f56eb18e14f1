/**
 * Prototype: shapes of a prod event function against a direct `analytics.track`, each variant in
 * its own Node process (as the per-call measure runs them, so the stub SDK stays monomorphic),
 * alternating variants over several passes; CPU ns per call, median over every round.
 *
 *   direct        analytics.track(name, props)
 *   current       args array + stamp (platen, protocols, context, options) + apply (today's send)
 *   fresh         track(name, props, { context: { platen: {…}, protocols: {…} } }) fresh objects
 *   sharedLeaves  fresh options and context; `platen` and `protocols` objects shared per event
 *   constant      one constant options object per event (unsafe: analytics-next writes
 *                 `context.page` into it; shown for the bound)
 *
 * Measured 2026-11-26 (2 cores, load ~4, median CPU ns): direct 37–40, current 100–110 (2.5–3.0×),
 * fresh 78–81 (2.0–2.15×), sharedLeaves 60–62 (1.5–1.7×), constant 36–45 (0.9–1.2×). The
 * generated prod code now does sharedLeaves: the rest of the gap is the two fresh objects
 * (options, context) that analytics-next and analytics.js write into.
 *
 * Usage: node bench/proto/prod-variants.mjs [passes=3]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CALL_EVENT, CALL_PAYLOAD_VALUE } from '../lib/plans.mjs';

const VARIANTS = (
  process.env.VARIANTS ?? 'direct,current,fresh,sharedLeaves,threeArgs,accessor,constant'
).split(',');

if (process.argv[2] === 'child') {
  const kind = process.argv[3];
  let sent = 0;
  let last;
  const analytics = {
    track(...args) {
      sent++;
      last = args;
    },
  };
  const state = { language: 'typescript', version: '0.1.0', analytics };
  const EVENT = { type: 'track', name: CALL_EVENT, version: 1 };
  const PLATEN = { language: 'typescript', version: '0.1.0' };
  const PROTOCOLS = { event_version: 1 };
  const CONSTANT = { context: { platen: PLATEN, protocols: PROTOCOLS } };
  const ACCESSOR = {
    get context() {
      return { platen: PLATEN, protocols: PROTOCOLS };
    },
  };
  const instance = () => state.analytics;
  const stamp = (event, given) => {
    const platen = { language: state.language, version: state.version };
    const version = event.version;
    if (!given) return { context: { platen, protocols: { event_version: version } } };
    return { ...given, context: { ...given.context, platen } };
  };
  const send = (event, args, optionsIndex) => {
    args[optionsIndex] = stamp(event, args[optionsIndex]);
    const i = instance();
    const m = i?.[event.type];
    if (typeof m === 'function') m.apply(i, args);
  };
  const calls = {
    direct: (p) => analytics.track(CALL_EVENT, p),
    current: (p, o, cb) => send(EVENT, [CALL_EVENT, p, o, cb], 2),
    fresh: (p, o, cb) => {
      const i = instance();
      i.track(
        CALL_EVENT,
        p,
        o ?? {
          context: {
            platen: { language: state.language, version: state.version },
            protocols: { event_version: 1 },
          },
        },
        cb,
      );
    },
    sharedLeaves: (p, o, cb) => {
      const i = instance();
      i.track(CALL_EVENT, p, o ?? { context: { platen: PLATEN, protocols: PROTOCOLS } }, cb);
    },
    threeArgs: (p, o, cb) => {
      const i = instance();
      const opts = o ?? { context: { platen: PLATEN, protocols: PROTOCOLS } };
      if (cb === undefined) i.track(CALL_EVENT, p, opts);
      else i.track(CALL_EVENT, p, opts, cb);
    },
    accessor: (p, o, cb) => instance().track(CALL_EVENT, p, o ?? ACCESSOR, cb),
    constant: (p, o, cb) => instance().track(CALL_EVENT, p, o ?? CONSTANT, cb),
  };
  const call = calls[kind];
  const payloads = Array.from({ length: 16 }, (_, i) => ({
    ...CALL_PAYLOAD_VALUE,
    quantity: i + 1,
  }));
  const loop = (n) => {
    for (let i = 0; i < n; i++) call(payloads[i & 15]);
  };
  loop(20_000);
  const cpu = [];
  for (let r = 0; r < 5; r++) {
    const c = process.cpuUsage();
    loop(200_000);
    const u = process.cpuUsage(c);
    cpu.push(((u.user + u.system) * 1000) / 200_000);
  }
  if (!last || sent === 0) throw new Error('stub never called');
  process.stdout.write(JSON.stringify(cpu));
} else {
  const passes = Number(process.argv[2] ?? 3);
  const self = fileURLToPath(import.meta.url);
  const pooled = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let pass = 0; pass < passes; pass++)
    for (const v of VARIANTS)
      pooled[v].push(...JSON.parse(execFileSync(process.execPath, [self, 'child', v]).toString()));
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const base = median(pooled.direct);
  for (const v of VARIANTS)
    console.log(
      `${v.padEnd(13)} ${median(pooled[v]).toFixed(1).padStart(7)} ns CPU  ${(median(pooled[v]) / base).toFixed(2)}× direct`,
    );
}
