/**
 * Agreement, property-based: for generated schemas and instances, Platen's generated validator and
 * a fresh Ajv agree on validity, and the generated type accepts a literal exactly when the oracle
 * does on the schema's TypeScript-expressible part. Fixed seed; `PLATEN_FUZZ=1` runs the long mode.
 * A disagreement fails the test and is printed as a fixture to save under `fixtures/agreement/`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCounts } from '../../src/validators/index.js';
import { REPO } from '../support/helpers.js';
import { instancesFor, rng } from '../support/agreement-instances.js';
import {
  mergeInto,
  runBatch,
  type BatchResult,
  type Case,
  type Counterexample,
} from '../support/agreement.js';
import { genSchema } from '../support/agreement-schemas.js';

const FUZZ = process.env.PLATEN_FUZZ === '1';
const SEED = Number(process.env.PLATEN_SEED ?? 20261126);
// PLATEN_SCHEMAS overrides the count (a time-boxed long run, or a quick local one).
const SCHEMAS = Number(process.env.PLATEN_SCHEMAS ?? (FUZZ ? 50_000 : 2_000));
const INSTANCES_PER_SCHEMA = 10;
// Schemas per compile + bundle + tsc program. Validators now cost little to generate, and one tsc
// program has a large fixed cost, so the long mode batches more (PLATEN_BATCH overrides).
const BATCH = Number(process.env.PLATEN_BATCH ?? (FUZZ ? 2_500 : 500));

/**
 * Writes up to 20 disagreements in fixture format to `.tmp/agreement-counterexamples/` (gitignored):
 * give each a name and a description and move it to `fixtures/agreement/`.
 */
function saveCounterexamples(found: readonly Counterexample[]): void {
  if (found.length === 0) return;
  const dir = join(REPO, '.tmp', 'agreement-counterexamples');
  mkdirSync(dir, { recursive: true });
  found.slice(0, 20).forEach((d, i) => {
    const fixture = { description: '(new counterexample: describe it before moving it)', ...d };
    writeFileSync(join(dir, `${d.check}-${i}.json`), JSON.stringify(fixture, null, 2) + '\n');
  });
  console.log(`agreement: counterexamples written to ${dir}`);
}

describe('agreement: generated validator and types vs the Ajv oracle', () => {
  it(
    `${SCHEMAS} schemas × ${INSTANCES_PER_SCHEMA} instances (seed ${SEED})`,
    async () => {
      const total: BatchResult = {
        schemas: 0,
        instances: 0,
        valid: 0,
        exactType: 0,
        disagreements: [],
        refused: [],
        verdicts: [],
      };
      const random = rng(SEED);
      const started = Date.now();
      const counts = { ...compileCounts };
      for (let done = 0; done < SCHEMAS; done += BATCH) {
        const gens = fc.sample(genSchema, {
          seed: SEED + done,
          numRuns: Math.min(BATCH, SCHEMAS - done),
        });
        const cases: Case[] = gens.map((gen) => ({
          gen,
          instances: instancesFor(gen, INSTANCES_PER_SCHEMA, random),
        }));
        const before = total.disagreements.length;
        mergeInto(total, await runBatch(cases));
        // The long mode runs for a long time: show progress, and each disagreement as it is found.
        if (FUZZ) {
          console.log(
            `fuzz: ${done + cases.length} schemas, ${total.disagreements.length} disagreements`,
          );
          for (const d of total.disagreements.slice(before)) console.log(JSON.stringify(d));
          if (total.disagreements.length > before) saveCounterexamples(total.disagreements);
        }
      }
      const byCheck = (c: string) => total.disagreements.filter((d) => d.check === c).length;
      // Every generated schema is within the native generator's reach: none may need Ajv.
      const native = compileCounts.native - counts.native;
      const fallback = compileCounts.ajv - counts.ajv;
      console.log(
        `agreement: validators generated natively ${native}, through the Ajv fallback ${fallback}`,
      );
      console.log(
        `agreement: ${total.schemas} schemas, ${total.instances} instances (${total.valid} valid, ` +
          `${total.instances - total.valid} invalid; type verdict exact for ${total.exactType}), disagreements: validator ${byCheck('validator')}, ` +
          `type ${byCheck('type')}, refused schemas ${total.refused.length}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const d of [...total.disagreements.slice(0, 5), ...total.refused.slice(0, 3)])
        console.log(JSON.stringify(d));
      saveCounterexamples(total.disagreements);
      expect(total.schemas).toBeGreaterThanOrEqual(SCHEMAS);
      expect(total.instances).toBeGreaterThanOrEqual(SCHEMAS * INSTANCES_PER_SCHEMA);
      // Both kinds must be well represented, or the agreement says little.
      expect(total.valid / total.instances).toBeGreaterThan(0.2);
      expect(total.valid / total.instances).toBeLessThan(0.8);
      expect(total.refused).toEqual([]);
      expect(total.disagreements).toEqual([]);
      expect(native).toBeGreaterThan(0);
      expect(fallback).toBe(0);
    },
    // Generous: the shared 2-core CI machine can be loaded many times over.
    FUZZ ? 6 * 3600_000 : 600_000,
  );
});
