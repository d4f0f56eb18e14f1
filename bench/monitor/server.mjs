#!/usr/bin/env node
/**
 * The server under test, a process of its own: `node server.mjs DB VALIDATE(on|off)`. Runs the built
 * `@platen/registry` (as `platen registry` does) with monitoring validating or not, prints
 * `listening on URL`, prints its CPU time (`cpu MS`) on SIGUSR2, and stops cleanly on SIGTERM. The parent reads its peak RSS (VmHWM) from /proc.
 */
import { startRegistry } from '../../packages/registry/dist/index.js';

const [db, validate] = process.argv.slice(2);
const registry = await startRegistry({ db, monitor: { validate: validate !== 'off' } });
// The CPU time spent while the load ran: the parent asks for it (SIGUSR2) before stopping us.
process.on('SIGUSR2', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`cpu ${(user + system) / 1000}\n`);
});
process.on('SIGTERM', () => {
  void registry.close().then(() => process.exit(0));
});
process.stdout.write(`listening on ${registry.url}\n`);
