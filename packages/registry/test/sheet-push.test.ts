/**
 * `platen push` takes a spreadsheet wherever it takes a plan file: a plan exported to .xlsx and to
 * .csv is pushed to a real registry, and pulling it back gives the same rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '@platen/compiler';
import { REPO, startTestRegistry, type TestRegistry } from './support/helpers.js';

type CliIo = Parameters<typeof runCli>[1];

let t: TestRegistry;
beforeAll(async () => {
  t = await startTestRegistry();
});
afterAll(() => t.stop());

async function cli(argv: string[], api = true) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd: t.dir,
    env: { PATH: process.env.PATH, PLATEN_TOKEN: t.writeToken },
    interactive: false,
  };
  const code = await runCli(api ? [...argv, '--api-url', t.registry.url] : argv, io);
  return { code, stdout, stderr };
}

interface PlanRule {
  type: string;
  key: string | null;
  version: number;
  jsonSchema: unknown;
}

const sortRules = (rules: PlanRule[]) =>
  [...rules].sort((a, b) =>
    `${a.type} ${a.key} ${a.version}`.localeCompare(`${b.type} ${b.key} ${b.version}`),
  );

describe('platen push of a spreadsheet', () => {
  for (const kind of ['xlsx', 'csv']) {
    it(`pushes plan.${kind} and pulls the same rules back`, async () => {
      const source = join(REPO, 'fixtures/formats/rich/public-api.json');
      expect(
        (await cli(['sheet', 'export', '--plan', source, '--out', `rich.${kind}`], false)).code,
      ).toBe(0);
      const plan = await t.client().createPlan({ name: `Sheet ${kind}`, type: 'LIVE' });
      const pushed = await cli(['push', `rich.${kind}`, '--plan-id', plan.id, '--yes']);
      expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
      expect((await cli(['pull', '--plan-id', plan.id, '--out', `pulled-${kind}.json`])).code).toBe(
        0,
      );
      const pulled = JSON.parse(readFileSync(join(t.dir, `pulled-${kind}.json`), 'utf8')) as {
        rules: { type: string; key: string | null; version: number; jsonSchema: unknown }[];
      };
      const want = JSON.parse(readFileSync(source, 'utf8')) as {
        rules: { type: string; key: string | null; version: number; jsonSchema: unknown }[];
      };
      const shape = (rules: typeof want.rules) =>
        sortRules(rules).map((r) => ({
          type: r.type,
          key: r.key ?? null,
          version: r.version,
          jsonSchema: r.jsonSchema,
        }));
      expect(shape(pulled.rules)).toEqual(shape(want.rules));
    });
  }
});
