/**
 * One client per SDK call form, as file snapshots: `fixtures/calls/plan.json` (every rule type, several
 * versions) built for each SDK in dev and prod, under `snapshots/sdk-<sdk>[-prod]/`. The snapshots
 * are type-checked with the others (`typecheck.test.ts`); the calls they make are checked against the
 * real SDKs by the target matrix and the e2e tests.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mode } from '../../src/compile-types.js';
import { compile, type CompileResult } from '../../src/compile.js';
import { SDK_PROFILES } from '../../src/emit/index.js';
import { loadPlan } from '../../src/plan/index.js';
import type { LoadedPlan } from '../../src/plan/types.js';
import { REPO } from '../support/helpers.js';

// analytics.js's client is analytics-next's byte for byte (same call forms and options; checked
// below), so it has no snapshots of its own.
const BUILDS = SDK_PROFILES.filter((p) => p.sdk !== 'analytics-js').flatMap((p) =>
  (['dev', 'prod'] as const).map(
    (mode: Mode) => [`sdk-${p.sdk}${mode === 'prod' ? '-prod' : ''}`, p.sdk, mode] as const,
  ),
);

let loaded: LoadedPlan;
beforeAll(async () => {
  const result = await loadPlan(join(REPO, 'fixtures/calls/plan.json'));
  loaded = result.loaded!;
});

describe.each(BUILDS)('snapshots/%s', (dir, sdk, mode) => {
  let result: CompileResult;
  beforeAll(async () => {
    result = await compile(loaded, { language: 'typescript', sdk, mode });
  });

  it('builds without errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('matches the file snapshots', async () => {
    for (const file of result.files)
      await expect(file.contents).toMatchFileSnapshot(join(REPO, 'snapshots', dir, file.path));
  });
});

it('analytics.js gets the files of analytics-next, manifest aside', async () => {
  const build = (sdk: 'analytics-js' | 'analytics-next') =>
    compile(loaded, { language: 'typescript', sdk, mode: 'dev' });
  const [js, next] = await Promise.all([build('analytics-js'), build('analytics-next')]);
  const code = (r: CompileResult) => r.files.filter((f) => f.path !== 'platen.manifest.json');
  expect(code(js).length).toBeGreaterThan(10);
  expect(code(js)).toEqual(code(next));
});
