#!/usr/bin/env node
/**
 * `pnpm bench:anomaly`: Platen's detector against a rolling ±3σ window and a seasonal-naive rule on the
 * labelled synthetic suite (bench/anomaly/generate.mjs), then throughput on 10,000 hourly series × 90
 * days. Prints a Markdown report and writes it to bench/anomaly/RESULTS.md (or --out).
 *
 * Flags: --seed 1, --noise poisson|negbin (negative binomial, size 5), --count 600 (general series),
 * --goal-count 200, --runs 3 (throughput runs; the median is reported), --throughput-series 10000,
 * --no-throughput, --out FILE, --smoke (a few series, one run).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreSeries as platen } from '../../packages/registry/dist/anomaly/index.js';
import { seasonalNaive, sigma3 } from './baselines.mjs';
import { ANOMALY_KINDS, draw, HOUR, rng, START, suite } from './generate.mjs';
import { DETECT_WITHIN, scoreSeries } from './metrics.mjs';

const argv = process.argv.slice(2);
const value = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const smoke = argv.includes('--smoke');
const seed = Number(value('seed', 1));
const noiseName = value('noise', 'poisson');
const noise = noiseName === 'negbin' ? { kind: 'negbin', k: 5 } : { kind: 'poisson' };
const count = Number(value('count', smoke ? 40 : 600));
const goalCount = Number(value('goal-count', smoke ? 20 : 200));
const runs = Number(value('runs', smoke ? 1 : 3));
const throughputSeries = Number(value('throughput-series', smoke ? 200 : 10_000));
const out = value('out', join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.md'));

const detectors = {
  platen: (s) => platen(s.times, s.values, { intervalMs: s.intervalMs }).alert,
  sigma3: (s) => sigma3(s.values, s.intervalMs),
  seasonalNaive: (s) => seasonalNaive(s.values, s.intervalMs),
};

const all = suite({ seed, count, goalCount, noise });
const results = {};
for (const [name, detect] of Object.entries(detectors)) {
  const rows = all.map((s) => ({ s, r: scoreSeries(s, detect(s)) }));
  const general = rows.filter(({ s }) => s.group !== 'goal');
  const anomalous = general.filter(({ s }) => s.anomaly);
  const clean = general.filter(({ s }) => !s.anomaly);
  const sum = (list, key) => list.reduce((a, { r }) => a + r[key], 0);
  const detected = anomalous.filter(({ r }) => r.detected);
  const delays = detected.map(({ r }) => r.delay).sort((a, b) => a - b);
  const byKind = {};
  for (const kind of ANOMALY_KINDS) {
    const of = anomalous.filter(({ s }) => s.anomaly.kind === kind);
    byKind[kind] = of.length ? of.filter(({ r }) => r.detected).length / of.length : NaN;
  }
  const goal = rows.filter(({ s }) => s.group === 'goal');
  const zero = goal.filter(({ s }) => s.anomaly.kind === 'drop_zero');
  const half = goal.filter(({ s }) => s.anomaly.kind === 'drop_half');
  const trueEvents = sum(general, 'trueEvents');
  const falseEvents = sum(general, 'falseEvents');
  results[name] = {
    recall: detected.length / anomalous.length,
    precision: trueEvents / Math.max(1, trueEvents + falseEvents),
    medianDelay: delays.length ? delays[delays.length >> 1] : NaN,
    falsePerMonth: falseEvents / sum(general, 'months'),
    falsePerMonthClean: sum(clean, 'falseEvents') / sum(clean, 'months'),
    holidayEvents: sum(general, 'holidayEvents'),
    holidays: general.filter(({ s }) => s.holidays.length).length,
    byKind,
    zeroFirst: zero.filter(({ r }) => r.detected && r.delay === 0).length / zero.length,
    halfWithin3: half.filter(({ r }) => r.detected && r.delay <= 2).length / half.length,
  };
}

/** Points per second of Platen's detector on `throughputSeries` hourly series × 90 days (scoring only). */
function throughput() {
  const r = rng(seed + 1000);
  const n = 90 * 24;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = START + i * HOUR;
  const values = new Float64Array(n);
  let elapsed = 0n;
  let cpu = 0;
  for (let k = 0; k < throughputSeries; k++) {
    const level = Math.exp(Math.log(3000) * r());
    const amp = 0.6 * r();
    for (let i = 0; i < n; i++)
      values[i] = draw(r, level * (1 + amp * Math.sin((2 * Math.PI * i) / 24)), noise);
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    platen(times, values, { intervalMs: HOUR });
    elapsed += process.hrtime.bigint() - t0;
    const c = process.cpuUsage(c0);
    cpu += (c.user + c.system) / 1e6;
  }
  const seconds = Number(elapsed) / 1e9;
  // Wall time counts the time other processes held the CPU; CPU time is this process's own work.
  return {
    seconds,
    cpuSeconds: cpu,
    pointsPerSecond: (throughputSeries * n) / seconds,
    cpuPointsPerSecond: (throughputSeries * n) / cpu,
  };
}
const speed = [];
if (!argv.includes('--no-throughput')) for (let i = 0; i < runs; i++) speed.push(throughput());
speed.sort((a, b) => a.seconds - b.seconds);
const median = speed[speed.length >> 1];

const pct = (x) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const num = (x, d = 2) => (Number.isNaN(x) ? '–' : x.toFixed(d));
const names = Object.keys(results);
const line = (label, f) => `| ${label} | ${names.map((n) => f(results[n])).join(' | ')} |`;
const p = results.platen;
const s3 = results.sigma3;
const generalCount = all.filter((s) => s.group !== 'goal').length;
const report = [
  `# Anomaly bench (seed ${seed}, ${noiseName} noise)`,
  '',
  `${generalCount} general series (half clean; 3/4 hourly × 90 days, 1/4 five-minute × 28 days) and ` +
    `${all.length - generalCount} goal series (≥ 50 per interval at the drop). Detected = an alert within ` +
    `[start, max(end, start + ${DETECT_WITHIN})). Node ${process.version}, ${cpus().length} CPUs.`,
  '',
  `| measure | ${names.join(' | ')} |`,
  `| --- | ${names.map(() => '---').join(' | ')} |`,
  line('recall (all injected anomalies)', (r) => pct(r.recall)),
  ...ANOMALY_KINDS.map((k) => line(`  recall: ${k}`, (r) => pct(r.byKind[k]))),
  line('precision (alert events)', (r) => pct(r.precision)),
  line('median detection delay (intervals)', (r) => num(r.medianDelay, 0)),
  line('false alerts per series-month (all)', (r) => num(r.falsePerMonth, 3)),
  line('false alerts per series-month (clean)', (r) => num(r.falsePerMonthClean, 3)),
  line('alert events on holidays (not counted)', (r) => `${r.holidayEvents} (${r.holidays} series)`),
  line('goal 1: drop to zero (≥50) in first interval', (r) => pct(r.zeroFirst)),
  line('goal 2: 50% drop (≥50) within 3 intervals', (r) => pct(r.halfWithin3)),
  '',
  '| goal | target | Platen | met |',
  '| --- | --- | --- | --- |',
  `| drop to zero detected in first interval | ≥ 99% | ${pct(p.zeroFirst)} | ${p.zeroFirst >= 0.99 ? 'yes' : 'no'} |`,
  `| 50% drop detected within 3 intervals | ≥ 95% | ${pct(p.halfWithin3)} | ${p.halfWithin3 >= 0.95 ? 'yes' : 'no'} |`,
  `| false alerts per series per 30 days (clean) | ≤ 1 | ${num(p.falsePerMonthClean, 3)} | ${p.falsePerMonthClean <= 1 ? 'yes' : 'no'} |`,
  `| fewer false alerts than ±3σ (clean), at ≥ its recall | ≥ 2× | ${num(s3.falsePerMonthClean / Math.max(1e-9, p.falsePerMonthClean), 1)}× (recall ${pct(p.recall)} vs ${pct(s3.recall)}) | ${s3.falsePerMonthClean >= 2 * p.falsePerMonthClean && p.recall >= s3.recall ? 'yes' : 'no'} |`,
  median
    ? `| throughput, ${throughputSeries} series × 90 days hourly (median of ${speed.length}) | ≥ 1M points/s, ≤ 25 s | wall: ${(median.pointsPerSecond / 1e6).toFixed(2)}M points/s, ${median.seconds.toFixed(1)} s; CPU time: ${(median.cpuPointsPerSecond / 1e6).toFixed(2)}M points/s, ${median.cpuSeconds.toFixed(1)} s (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs) | ${median.pointsPerSecond >= 1e6 ? 'yes' : median.cpuPointsPerSecond >= 1e6 ? 'CPU time only' : 'no'} |`
    : '| throughput | not run | | |',
  '',
].join('\n');
process.stdout.write(report);
writeFileSync(out, report);
