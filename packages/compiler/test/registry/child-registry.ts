/**
 * Entry point for the crash test's child process: runs the `platen registry` command's handler on the real
 * process (signals, stdout), without the rest of the CLI. Bundled by esbuild in the test.
 * Usage: node child-registry.mjs DB_FILE
 */
import { registryCommand } from '../../src/cli/commands/registry.js';
import { CliFailure } from '../../src/cli/io.js';
import { DEFAULT_MAX_BODY } from '../../src/registry/index.js';

const db = process.argv[2] ?? 'plans.db';
try {
  process.exitCode = await registryCommand.run(
    { db, host: '127.0.0.1', port: 0, maxBody: DEFAULT_MAX_BODY },
    {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      cwd: process.cwd(),
      env: process.env,
      interactive: false,
    },
  );
} catch (err) {
  process.stderr.write(`platen: ${err instanceof CliFailure ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
