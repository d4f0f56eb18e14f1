#!/usr/bin/env node
/**
 * The load generator, a process of its own: `node load.mjs URL WRITE_KEY SECONDS CONCURRENCY WORKER`.
 * CONCURRENCY loops each send a batch over a keep-alive agent, wait for the answer, and send the next,
 * for SECONDS. Prints one JSON line: batches and messages acknowledged (200), failed requests by
 * status, and every batch latency in ms (for percentiles). A failed batch is not counted as sent.
 */
import http from 'node:http';
import { BATCH, makeBatch, stamp } from './payload.mjs';

const [url, writeKey, seconds, concurrency, worker] = process.argv.slice(2);
const target = new URL('/v1/batch', url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
const loops = Number(concurrency);
const deadline = performance.now() + Number(seconds) * 1000;
const latencies = [];
const failures = {};
let acked = 0;
let counter = 0;

function send(body) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': body.bytes.length,
          authorization: auth,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
      },
    );
    req.on('error', (err) => resolve({ status: err.code ?? 'error', ms: 0 }));
    req.end(body.bytes);
  });
}

async function loop(index) {
  // Each loop owns its body: it is re-stamped only after the previous send was answered.
  const body = makeBatch(`${worker}${String(index).padStart(2, '0')}`, index);
  while (performance.now() < deadline) {
    stamp(body, counter++);
    const { status, ms } = await send(body);
    if (status === 200) {
      acked++;
      latencies.push(ms);
    } else failures[status] = (failures[status] ?? 0) + 1;
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: loops }, (_, i) => loop(i)));
const elapsed = (performance.now() - t0) / 1000;
agent.destroy();
process.stdout.write(
  JSON.stringify({ batches: acked, messages: acked * BATCH, failures, elapsed, latencies }) + '\n',
);
