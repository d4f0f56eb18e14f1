#!/usr/bin/env node
/**
 * `pnpm bench:monitor`: the monitoring ingest and read benchmark (issue 14). Writes
 * bench/monitor/RESULTS.md and prints it.
 *
 * Ingest: the registry (server.mjs, its own process) takes real HTTP `/v1/batch` requests of 100
 * messages (12 properties each, 10% invalid) from a load generator (load.mjs, another process:
 * pre-serialised bodies, keep-alive sockets) for `--seconds` (60); messages/s, batch latency p50/p99,
 * the server's peak RSS, and lost messages (the stored count, read back through the API, against the
 * acknowledged count). Each run is done with validation on and off (`monitor.validate: false`), in
 * turn, `--runs` (3) times; figures are medians.
 *
 * Reads: a database seeded directly with 90 days of hourly rollups for 1,000 events; the time of
 * `GET /v1/monitor/volumes` for one event's 90 days (2,160 points), for every event's 90 days by day
 * (the dashboard's 90-day view, 90,000 points), and for every event's last 24 hours (24,000 points):
 * median over up to `--read-runs` (15) requests each, within `--read-budget` (30) seconds (at least 3).
 *
 * Flags: --seconds 60, --runs 3, --concurrency 8, --read-runs 15, --read-budget 30, --skip-ingest,
 * --skip-reads, --read-timeout 120 (seconds).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSource,
  createToken,
  openRegistryDb,
  RegistryStore,
} from '../../packages/registry/dist/index.js';
import { BATCH, EVENT, INVALID_PER_BATCH, RULES } from './payload.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WORK = join(HERE, '..', '.work', 'monitor');
const argv = process.argv.slice(2);
const value = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const SECONDS = Number(value('seconds', 60));
const RUNS = Number(value('runs', 3));
const CONCURRENCY = Number(value('concurrency', 8));
const READ_RUNS = Number(value('read-runs', 15));
const READ_BUDGET_MS = Number(value('read-budget', 30)) * 1000;
const log = (line) => process.stderr.write(`${line}\n`);

/** Median of numbers. */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** A fresh database with the bench plan, one source tied to it and a read token. */
function seedDb(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'registry.db');
  const db = openRegistryDb(file);
  const readToken = createToken(db, 'read');
  const store = new RegistryStore(db);
  const plan = store.createPlan({ name: 'Bench', type: 'LIVE', description: '' });
  store.replaceRules(plan.id, RULES);
  const source = createSource(db, { name: 'bench', planId: plan.id });
  db.close();
  return { file, readToken, writeKey: source.write_key, source: source.slug };
}

/** Spawns `node script args`; resolves with the child once `ready` matches its stdout (or at once). */
function child(script, args, ready) {
  const proc = spawn(process.execPath, [join(HERE, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  const done = new Promise((resolve) => proc.on('exit', (code) => resolve({ code, out })));
  if (!ready) return Promise.resolve({ proc, done, out: () => out });
  return new Promise((resolve, reject) => {
    proc.stdout.on('data', () => {
      const m = ready.exec(out);
      if (m) resolve({ proc, done, match: m, out: () => out });
    });
    proc.on('exit', (code) => reject(new Error(`${script} exited ${code} before it was ready`)));
  });
}

/** The server's CPU time so far, in ms (it prints it on SIGUSR2). */
async function cpuOf(server) {
  const seen = server.out().length;
  server.proc.kill('SIGUSR2');
  for (;;) {
    if (server.proc.exitCode !== null) throw new Error('the server exited');
    const m = /cpu ([\d.]+)\n/.exec(server.out().slice(seen));
    if (m) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Peak resident memory of a live process (VmHWM), in MB. */
function peakRssMb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function storedCounts(url, token, source) {
  const res = await fetch(`${url}/v1/monitor/volumes?source=${source}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const rows = (await res.json()).data.rows;
  return {
    received: rows.reduce((n, r) => n + r.received, 0),
    invalid: rows.reduce((n, r) => n + r.invalid, 0),
  };
}

/** One ingest run: fresh database, server, load for SECONDS; the figures. */
async function ingestRun(validate, index) {
  const seeded = seedDb(join(WORK, `ingest-${validate}-${index}`));
  const server = await child('server.mjs', [seeded.file, validate], /listening on (\S+)\n/);
  const url = server.match[1];
  const cpuBefore = await cpuOf(server);
  const load = await child('load.mjs', [
    url,
    seeded.writeKey,
    String(SECONDS),
    String(CONCURRENCY),
    `r${index}`,
  ]);
  const { code, out } = await load.done;
  if (code !== 0) throw new Error(`load generator exited ${code}`);
  const result = JSON.parse(out);
  const cpuMs = (await cpuOf(server)) - cpuBefore;
  const stored = await storedCounts(url, seeded.readToken, seeded.source);
  const rss = peakRssMb(server.proc.pid);
  server.proc.kill('SIGTERM');
  await server.done;
  const lat = result.latencies.sort((a, b) => a - b);
  const figures = {
    validate,
    messagesPerSecond: result.messages / result.elapsed,
    p50: percentile(lat, 0.5),
    p99: percentile(lat, 0.99),
    rssMb: rss,
    // Throughput per second of the server's own CPU time: what one core would do unshared.
    perCpuSecond: result.messages / (cpuMs / 1000),
    sent: result.messages,
    stored: stored.received,
    lost: result.messages - stored.received,
    invalidStored: stored.invalid,
    invalidExpected: validate === 'on' ? result.batches * INVALID_PER_BATCH : 0,
    failures: result.failures,
  };
  rmSync(join(WORK, `ingest-${validate}-${index}`), { recursive: true, force: true });
  return figures;
}

const HOUR = 3_600_000;
const DAYS = 90;
const EVENTS = 1000;

/** Seeds 90 days of hourly rollups for 1,000 events straight into the table (as ingest would). */
function seedReads(dir) {
  const seeded = seedDb(dir);
  const db = openRegistryDb(seeded.file);
  const { pk } = db.prepare('SELECT pk FROM sources').get();
  const end = Math.floor(Date.now() / HOUR) * HOUR;
  const start = end - DAYS * 24 * HOUR;
  const insert = db.prepare(
    `INSERT INTO monitor_rollups (source_pk, event, type, version, bucket, interval_ms, planned,
       received, valid, invalid, unplanned_properties, v_unplanned_event, v_unplanned_property,
       v_missing_required, v_wrong_type, v_other) VALUES (?, ?, 'track', 1, ?, ?, 1, ?, ?, ?, 0, 0, 0, ?, ?, 0)`,
  );
  db.transaction(() => {
    for (let e = 0; e < EVENTS; e++) {
      const event = `Event ${String(e).padStart(4, '0')}`;
      for (let t = start; t < end; t += HOUR) {
        const received = 50 + ((e * 7 + t / HOUR) % 40);
        const invalid = (e + t / HOUR) % 5;
        insert.run(
          pk,
          event,
          t,
          HOUR,
          received,
          received - invalid,
          invalid,
          invalid >> 1,
          invalid - (invalid >> 1),
        );
      }
    }
  })();
  db.close();
  return { ...seeded, start, end };
}

/** Longest a read may take before it counts as timed out, in ms. */
const READ_TIMEOUT_MS = Number(value('read-timeout', 120)) * 1000;

/** GETs `url` (no client-side limit but READ_TIMEOUT_MS); its time, size and row count, or a timeout. */
function timed(url, token) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) return reject(new Error(`${url}: HTTP ${res.statusCode}`));
        const body = Buffer.concat(chunks);
        resolve({ ms, bytes: body.length, rows: JSON.parse(body.toString()).data.rows.length });
      });
    });
    req.setTimeout(READ_TIMEOUT_MS, () => {
      req.destroy();
      resolve({ ms: Infinity, bytes: 0, rows: NaN, timedOut: true });
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
  });
}

async function readBench() {
  const dir = join(WORK, 'reads');
  log(`reads: seeding ${EVENTS} events x ${DAYS} days of hourly rollups…`);
  const t0 = performance.now();
  const seeded = seedReads(dir);
  log(
    `reads: seeded ${EVENTS * DAYS * 24} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  let server = await child('server.mjs', [seeded.file, 'on'], /listening on (\S+)\n/);
  let url = server.match[1];
  const range = `from=${seeded.start}&to=${seeded.end}`;
  const cases = [
    [
      'one event, 90 days hourly',
      (i) =>
        `volumes?${range}&event=${encodeURIComponent(`Event ${String((i * 37) % EVENTS).padStart(4, '0')}`)}`,
    ],
    [
      "1,000 events, 90 days by day (the dashboard's 90-day view)",
      () => `volumes?${range}&interval=1d`,
    ],
    [
      '1,000 events, last 24 hours hourly',
      () => `volumes?from=${seeded.end - 24 * HOUR}&to=${seeded.end}`,
    ],
  ];
  const results = [];
  for (const [name, path] of cases) {
    const warm = await timed(`${url}/v1/monitor/${path(0)}`, seeded.readToken);
    if (warm.timedOut) {
      // The server is still busy with it: restart it so the next read starts clean.
      results.push({ name, runs: 0, timedOut: true });
      log(`reads: ${name}: no answer within ${READ_TIMEOUT_MS / 1000} s`);
      server.proc.kill('SIGKILL');
      await server.done;
      server = await child('server.mjs', [seeded.file, 'on'], /listening on (\S+)\n/);
      url = server.match[1];
      continue;
    }
    const runs = [];
    // Up to READ_RUNS requests, but at most READ_BUDGET_MS of them (at least 3): a slow read still ends.
    const budgetEnd = performance.now() + READ_BUDGET_MS;
    // The server's CPU time per request (its reader thread included): robust to a shared machine.
    const cpus = [];
    for (let i = 0; i < READ_RUNS && (i < 3 || performance.now() < budgetEnd); i++) {
      const cpu0 = await cpuOf(server);
      runs.push(await timed(`${url}/v1/monitor/${path(i + 1)}`, seeded.readToken));
      cpus.push((await cpuOf(server)) - cpu0);
    }
    results.push({
      name,
      cpuMs: median(cpus),
      runs: runs.length,
      ms: median(runs.map((r) => r.ms)),
      min: Math.min(...runs.map((r) => r.ms)),
      max: Math.max(...runs.map((r) => r.ms)),
      rows: runs[0].rows,
      bytes: runs[0].bytes,
    });
    log(
      `reads: ${name}: median ${median(runs.map((r) => r.ms)).toFixed(1)} ms, server CPU ${median(cpus).toFixed(1)} ms (${runs[0].rows} rows)`,
    );
  }
  server.proc.kill('SIGTERM');
  await server.done;
  rmSync(dir, { recursive: true, force: true });
  return results;
}

const fmt = (n, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  mkdirSync(WORK, { recursive: true });
  const ingest = [];
  if (!argv.includes('--skip-ingest')) {
    for (let r = 0; r < RUNS; r++) {
      for (const validate of ['on', 'off']) {
        log(
          `ingest: run ${r + 1}/${RUNS}, validation ${validate}, ${SECONDS} s, ${CONCURRENCY} connections…`,
        );
        const f = await ingestRun(validate, r);
        log(
          `  ${fmt(f.messagesPerSecond)} msg/s, p50 ${fmt(f.p50, 1)} ms, p99 ${fmt(f.p99, 1)} ms, RSS ${fmt(f.rssMb)} MB, lost ${f.lost}, failures ${JSON.stringify(f.failures)}`,
        );
        ingest.push(f);
      }
    }
  }
  const reads = argv.includes('--skip-reads') ? [] : await readBench();
  const lines = [
    '# Monitoring benchmark (`pnpm bench:monitor`)',
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}; load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.`,
    `Ingest: ${RUNS} runs × ${SECONDS} s per mode, ${CONCURRENCY} keep-alive connections, batches of ${BATCH} messages (12 properties, ${INVALID_PER_BATCH} invalid) of "${EVENT}". Figures are medians (min–max).`,
    '',
  ];
  if (ingest.length > 0) {
    const by = (v) => ingest.filter((f) => f.validate === v);
    const cell = (list, key, d = 0) => {
      const xs = list.map((f) => f[key]);
      return `${fmt(median(xs), d)} (${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)})`;
    };
    lines.push(
      '| validation | messages/s | messages per server CPU-second | p50 batch ms | p99 batch ms | peak RSS MB | lost messages | invalid stored = sent |',
    );
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const v of ['on', 'off']) {
      const list = by(v);
      lines.push(
        `| ${v} | ${cell(list, 'messagesPerSecond')} | ${cell(list, 'perCpuSecond')} | ${cell(list, 'p50', 1)} | ${cell(list, 'p99', 1)} | ${cell(list, 'rssMb')} | ${list.map((f) => f.lost).join(', ')} | ${list.every((f) => f.invalidStored === f.invalidExpected) ? 'yes' : 'NO'} |`,
      );
    }
    const on = median(by('on').map((f) => f.messagesPerSecond));
    const off = median(by('off').map((f) => f.messagesPerSecond));
    lines.push('', `Validation on / off throughput: ${(on / off).toFixed(2)}.`);
    lines.push(
      `Goals: ≥ 50,000 msg/s ${on >= 50_000 ? 'met' : 'MISSED'}; p99 ≤ 100 ms ${median(by('on').map((f) => f.p99)) <= 100 ? 'met' : 'MISSED'}; RSS ≤ 500 MB ${median(by('on').map((f) => f.rssMb)) <= 500 ? 'met' : 'MISSED'}; 0 lost ${ingest.every((f) => f.lost === 0) ? 'met' : 'MISSED'}.`,
    );
    lines.push('');
  }
  if (reads.length > 0) {
    lines.push(
      `Reads: ${fmt(EVENTS)} events × ${DAYS} days of hourly rollups (${fmt(EVENTS * DAYS * 24)} rows), \`GET /v1/monitor/volumes\` over loopback, median (min–max) of up to ${READ_RUNS} requests within ${READ_BUDGET_MS / 1000} s (at least 3), after one warm-up, and the server's CPU time per request (median; the machine is shared); goal ≤ 200 ms:`,
      '',
    );
    lines.push(
      '| read | rows | bytes | requests | ms | server CPU ms |',
      '|---|---|---|---|---|---|',
    );
    for (const r of reads)
      lines.push(
        r.timedOut
          ? `| ${r.name} | – | – | 0 | no answer within ${READ_TIMEOUT_MS / 1000} s | – |`
          : `| ${r.name} | ${fmt(r.rows)} | ${fmt(r.bytes)} | ${r.runs} | ${fmt(r.ms, 1)} (${fmt(r.min, 1)}–${fmt(r.max, 1)}) | ${fmt(r.cpuMs, 1)} |`,
      );
    lines.push('');
  }
  const text = lines.join('\n');
  writeFileSync(join(HERE, 'RESULTS.md'), text + '\n');
  process.stdout.write(text + '\n');
}

await main();
