/** The `yaml` package, loaded on first use: JSON plans (the common case) never pay for it. */
import { createRequire } from 'node:module';

const requireYaml = createRequire(import.meta.url);
let loaded: typeof import('yaml') | undefined;

/** The `yaml` module (its CommonJS build, loaded synchronously the first time). */
export function yaml(): typeof import('yaml') {
  return (loaded ??= requireYaml('yaml') as typeof import('yaml'));
}
