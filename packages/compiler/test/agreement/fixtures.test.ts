/**
 * Replays every counterexample kept in `fixtures/agreement/<name>.json`: the generated validator and
 * type must agree with the oracle (or with the fixture's own `want` where the oracle cannot see the
 * product rule). A fixture with `knownBug` is a defect in an area still being written: it runs as
 * `it.fails` until fixed, and its `knownBug` text says what is wrong.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/plan/types.js';
import { REPO } from '../support/helpers.js';
import { runBatch } from '../support/agreement.js';
import { createOracle, oracleFor } from '../support/agreement-oracle.js';
import type { GenSchema } from '../support/agreement-schemas.js';

/** The shape of a fixture file. */
interface Fixture {
  description: string;
  /** Which side disagreed when the case was found. */
  check: 'validator' | 'type';
  schema: GenSchema;
  instance: Json;
  /** Expected validity when it is not the oracle's verdict (a $ref used two ways, see the file). */
  want?: boolean;
  /** Expected type verdict where TypeScript cannot express the schema (defaults to `want`). */
  wantType?: boolean;
  /** Set while the defect is open; the text names the area and the fix. */
  knownBug?: string;
}

const DIR = join(REPO, 'fixtures/agreement');
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map(
    (f) =>
      [
        f.replace(/\.json$/, ''),
        JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture,
      ] as const,
  );

async function replay(fixture: Fixture): Promise<void> {
  const result = await runBatch([{ gen: fixture.schema, instances: [fixture.instance] }]);
  expect(result.refused).toEqual([]);
  const verdict = result.verdicts[0]!;
  const want = fixture.want ?? verdict.oracle;
  expect({ validator: verdict.validator, type: verdict.type }).toEqual({
    validator: want,
    type: fixture.wantType ?? want,
  });
  // A type verdict TypeScript cannot make exact must be what the oracle's TS-expressible form says,
  // or the property suite would report the same case again.
  if (fixture.wantType !== undefined && fixture.wantType !== want)
    expect(oracleFor(createOracle(), fixture.schema).relaxed(fixture.instance)).toBe(
      fixture.wantType,
    );
}

describe('agreement counterexamples (fixtures/agreement)', () => {
  it('has fixtures to replay', () => expect(fixtures.length).toBeGreaterThan(0));
  for (const [name, fixture] of fixtures) {
    // known bug: see the fixture's `knownBug` field (the area is still being written by its owner).
    if (fixture.knownBug !== undefined)
      it.fails(`${name} (known bug)`, () => replay(fixture), 60_000);
    else it(name, () => replay(fixture), 60_000);
  }
});
