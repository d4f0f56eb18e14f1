/**
 * Every case in fixtures/broken/<case>/ is run through `platen check`: it must exit 1, report each
 * expected error (code, pointer, and file/line/column where the case pins them), report no error code
 * the case does not expect, and never print a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/diagnostics/types.js';
import { FIXTURES, runCapture } from '../support/capture.js';

interface Expected {
  code: string;
  pointer?: string;
  file?: string;
  line?: number;
  column?: number;
}

const root = join(FIXTURES, 'broken');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function planPath(dir: string): string {
  for (const name of ['plan.json', 'plan.yaml', 'plan.yml', 'plan'])
    if (existsSync(join(dir, name))) return name;
  throw new Error(`no plan in ${dir}`);
}

describe('fixtures/broken', () => {
  it('has at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(root, name);
    const plan = planPath(dir);
    const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected[];

    const json = await runCapture(['check', '--plan', plan, '--json'], dir);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      errors: number;
      diagnostics: Diagnostic[];
    };
    expect(report.ok).toBe(false);
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    for (const w of want) {
      const defaultFile = w.file ?? plan;
      expect(errors).toContainEqual(
        expect.objectContaining({
          ...w,
          file: w.file ?? (plan === 'plan' ? expect.any(String) : defaultFile),
        }),
      );
    }
    const wantedCodes = new Set(want.map((w) => w.code));
    expect(errors.map((e) => e.code).filter((c) => !wantedCodes.has(c))).toEqual([]);

    const human = await runCapture(['check', '--plan', plan], dir);
    expect(human.code).toBe(1);
    expect(human.stdout + human.stderr).not.toMatch(/\n\s+at /);
    expect(human.stdout).toMatch(/^\d+ errors?, \d+ warnings?\n$/m);
  });
});
