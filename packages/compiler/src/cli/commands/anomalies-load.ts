/**
 * Loads the anomaly detector from `@platen/registry/anomaly` on demand: the compiler never imports the
 * registry statically (the detector needs no SQLite, but it lives with the monitoring service).
 */
import { CliFailure } from '../io.js';
import { REGISTRY_PACKAGE } from './registry.js';

/** The subpath export holding the pure detector. */
export const ANOMALY_MODULE = `${REGISTRY_PACKAGE}/anomaly`;

/** What `platen anomalies` uses of the detector; the registry's tests check its exports satisfy it. */
export interface AnomalyModule {
  scoreSeries(
    times: ArrayLike<number>,
    values: ArrayLike<number>,
    options?: { intervalMs?: number; sensitivity?: number },
  ): { score: Float64Array; alert: Uint8Array };
}

/** Loads {@link ANOMALY_MODULE}; a missing package becomes a CliFailure with the install hint. */
export async function loadAnomaly(): Promise<AnomalyModule> {
  try {
    // A specifier in a variable: TypeScript leaves the import untyped instead of resolving the package.
    const specifier = ANOMALY_MODULE;
    return (await import(specifier)) as AnomalyModule;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new CliFailure(
      `anomaly detection is in the package ${REGISTRY_PACKAGE}, which cannot be loaded (${message}).\n` +
        `Install it next to @platen/compiler: npm i -D ${REGISTRY_PACKAGE}`,
    );
  }
}
