// Module-resolution hooks for hide-packages.mjs: a hidden package (or any subpath of it) fails to
// resolve with the error Node gives for a package that is not installed.
import { appendFileSync } from 'node:fs';

let hidden = [];
let log = '';

/** Receives the hidden package names and the log file from hide-packages.mjs. */
export function initialize(data) {
  hidden = data.hidden;
  log = data.log;
}

/** Throws ERR_MODULE_NOT_FOUND for a hidden package, after logging the attempt; resolves anything else. */
export async function resolve(specifier, context, nextResolve) {
  if (hidden.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
    if (log) appendFileSync(log, `${specifier}\n`);
    const error = new Error(
      `Cannot find package '${specifier}' imported from ${context.parentURL ?? 'the command line'}`,
    );
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return nextResolve(specifier, context);
}
