// Preloaded into measured children (`node --require`): on exit, write the process's peak resident
// set size in kB (getrusage ru_maxrss) where the harness asked, so the figure is exact rather than
// sampled, and its CPU time.
'use strict';
const file = process.env.PLATEN_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      require('node:fs').writeFileSync(file, String(usage.maxRSS));
      // CPU time (user + system, ms) beside it: on a shared machine wall time measures the load
      // of others too, CPU time much less so.
      require('node:fs').writeFileSync(
        file + '.cpu',
        String((usage.userCPUTime + usage.systemCPUTime) / 1000),
      );
    } catch {
      // Measuring must never change the measured program's outcome.
    }
  });
}
