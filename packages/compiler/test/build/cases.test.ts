/**
 * The acceptance loop of `platen build`: every `fixtures/cases/<case>` is built (dev), written to a
 * temp dir, bundled with esbuild and run against a recording stub SDK. Valid payloads must arrive
 * byte-exact; invalid ones must report exactly the expected violations, and never arrive with 'skip'.
 * Every generated file is also a file snapshot under `snapshots/<case>/`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, type CompileResult } from '../../src/compile.js';
import { loadPlan } from '../../src/plan/index.js';
import { PLATEN_VERSION } from '../../src/version.js';
import { importBundled, REPO, tempDir, writeFiles } from '../support/helpers.js';

const CASES_DIR = join(REPO, 'fixtures/cases');
const CASES = readdirSync(CASES_DIR).sort();

interface Payload {
  event: string;
  version?: number;
  properties: Record<string, unknown>;
  violations?: { pointer: string; keyword: string }[];
}
interface Client {
  configure(options: { analytics?: unknown; onViolation?: unknown }): void;
  [fn: string]: unknown;
}
type Violation = { errors: { pointer: string; keyword: string }[] };

const payloadsOf = (name: string, kind: 'valid' | 'invalid'): [string, Payload][] =>
  readdirSync(join(CASES_DIR, name, kind))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(CASES_DIR, name, kind, f), 'utf8')) as Payload]);

/** Builds a case and loads its client; one bundle per case, so each has its own client state. */
async function buildCase(name: string): Promise<{ result: CompileResult; client: Client }> {
  const { loaded, diagnostics } = await loadPlan(join(CASES_DIR, name, 'plan.json'));
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const result = await compile(loaded!, {
    language: 'typescript',
    sdk: 'analytics-next',
    mode: 'dev',
  });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const dir = tempDir(name);
  writeFiles(dir, result.files);
  writeFileSync(join(dir, 'harness.ts'), "export * from './index.js';\n");
  return { result, client: await importBundled<Client>(join(dir, 'harness.ts')) };
}

/** Calls the generated function of `payload.event` (its newest version unless `version` is given). */
function call(built: { result: CompileResult; client: Client }, payload: Payload): number {
  const rules = built.result.manifest.rules.filter(
    (r) => r.type === 'TRACK' && r.key === payload.event,
  );
  const rule =
    payload.version === undefined
      ? rules.sort((a, b) => b.version - a.version)[0]
      : rules.find((r) => r.version === payload.version);
  expect(rule, `no rule for ${JSON.stringify(payload.event)}`).toBeDefined();
  const fn = built.client[rule!.function] as (p: unknown) => void;
  expect(typeof fn).toBe('function');
  fn(payload.properties);
  return rule!.version;
}

describe.each(CASES)('case %s', (name) => {
  let built: { result: CompileResult; client: Client };
  const calls: unknown[][] = [];
  const violations: Violation[] = [];
  const stub = { track: (...args: unknown[]) => calls.push(args) };
  beforeAll(async () => {
    built = await buildCase(name);
  });

  it('matches the file snapshots', async () => {
    for (const file of built.result.files) {
      await expect(file.contents).toMatchFileSnapshot(join(REPO, 'snapshots', name, file.path));
    }
  });

  it.each(payloadsOf(name, 'valid'))('valid %s arrives byte-exact', (_f, payload) => {
    calls.length = 0;
    violations.length = 0;
    built.client.configure({ analytics: stub, onViolation: (v: Violation) => violations.push(v) });
    const version = call(built, payload);
    expect(violations.map((v) => v.errors)).toEqual([]);
    expect(calls).toHaveLength(1);
    const [event, properties, options] = calls[0] as [
      string,
      unknown,
      { context: Record<string, unknown> },
    ];
    expect(event).toBe(payload.event);
    expect(JSON.stringify(properties)).toBe(JSON.stringify(payload.properties));
    expect(options.context.platen).toEqual({ language: 'typescript', version: PLATEN_VERSION });
    expect(options.context.protocols).toEqual({ event_version: version });
  });

  it.each(payloadsOf(name, 'invalid'))(
    'invalid %s reports its violations and is skipped',
    (_f, payload) => {
      calls.length = 0;
      violations.length = 0;
      built.client.configure({
        analytics: stub,
        onViolation: (v: Violation) => violations.push(v),
      });
      call(built, payload);
      expect(violations).toHaveLength(1);
      const got = violations[0]!.errors.map((e) => `${e.keyword} ${e.pointer}`).sort();
      expect(got).toEqual(
        (payload.violations ?? []).map((e) => `${e.keyword} ${e.pointer}`).sort(),
      );
      expect(calls).toHaveLength(1);
      calls.length = 0;
      built.client.configure({ onViolation: 'skip' });
      const warn = console.warn;
      console.warn = () => undefined;
      try {
        call(built, payload);
      } finally {
        console.warn = warn;
      }
      expect(calls).toEqual([]);
    },
  );
});
