/**
 * Child process of the atomicity test (bundled by esbuild, run with node): rewrites an output
 * directory forever, alternating between two generations, until it is killed.
 */
import { writeOutput } from '../../src/output/write.js';
import { generation } from '../support/atomic-generations.js';

const dir = process.argv[2]!;
let n = 0;
process.stdout.write('ready\n');
for (;;) {
  // One line per write started, so the test can aim its kills at writes in progress.
  process.stdout.write('w\n');
  await writeOutput(dir, generation(n++ % 2));
}
