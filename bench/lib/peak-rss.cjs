// Preloaded into measured children (`node --require`): on exit, write the process's peak resident
// set size in kB (getrusage ru_maxrss) where the harness asked, so the figure is exact rather than
// sampled.
'use strict';
const file = process.env.PLATEN_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // Measuring must never change the measured program's outcome.
    }
  });
}
