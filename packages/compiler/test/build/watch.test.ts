/**
 * `platen build --watch`: after every rebuild the output is byte for byte what a one-off
 * `platen build --no-cache` makes from the same plan and the output as it was before the edit;
 * a bad edit keeps the previous output and the next good one rebuilds; a hand-edited generated file
 * is regenerated; `--watch --check` is a usage error; SIGINT ends the process with exit 0.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { GENERATED_BANNER } from '../../src/emit/banner.js';
import { readTree, REPO, tempDir } from '../support/helpers.js';

type Schema = Record<string, unknown>;
type Rule = { type: string; key: string | null; version: number; jsonSchema: Schema };
type Plan = { rules: Rule[] };

const example = (): Plan =>
  JSON.parse(readFileSync(join(REPO, 'fixtures/example/plan.json'), 'utf8')) as Plan;

const track = (key: string, properties: Schema): Rule => ({
  type: 'TRACK',
  key,
  version: 1,
  jsonSchema: {
    type: 'object',
    description: `The ${key} event.`,
    properties: { properties: { type: 'object', properties, additionalProperties: false } },
    required: ['properties'],
  },
});

async function until(what: string, test: () => boolean, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts `build --watch` in-process in `cwd`; `stop()` ends it and gives its exit code. */
function startWatch(cwd: string, argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const controller = new AbortController();
  const code = runCli(['build', '--watch', ...argv], {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    cwd,
    env: { PLATEN_CACHE_DIR: join(cwd, 'cache') },
    interactive: false,
    signal: controller.signal,
  });
  const builds = (): number => out.stdout.split('\n').filter((l) => / rebuilt, /.test(l)).length;
  return {
    out,
    builds,
    stop: async (): Promise<number> => {
      controller.abort();
      return code;
    },
  };
}

/** A one-off build, no cache, of `plan` into a copy of `from` (the output before the edit). */
async function oneOff(cwd: string, plan: string, from: string | undefined): Promise<string> {
  const dir = join(cwd, `shadow-${Math.random().toString(36).slice(2)}`);
  if (from !== undefined) cpSync(from, dir, { recursive: true });
  let stderr = '';
  const code = await runCli(['build', '--no-cache', '--plan', plan, '--out', dir], {
    stdout: () => undefined,
    stderr: (t) => void (stderr += t),
    cwd,
    env: {},
    interactive: false,
  });
  expect(code, stderr).toBe(0);
  return dir;
}

describe('platen build --watch', () => {
  it('after each edit the output equals a one-off build; bad edits keep the output', async () => {
    const cwd = tempDir('watch');
    const planPath = join(cwd, 'plan.json');
    const plan = example();
    writeFileSync(planPath, JSON.stringify(plan, null, 2));
    const outDir = join(cwd, 'out');
    const watch = startWatch(cwd, ['--plan', 'plan.json', '--out', 'out']);
    await until('the first build', () => watch.builds() === 1);
    expect(readTree(outDir)).toEqual(readTree(await oneOff(cwd, 'plan.json', undefined)));
    // A person's file in the output is kept through every rebuild.
    writeFileSync(join(outDir, 'NOTES.md'), 'mine\n');

    let expected = 1;
    /** Writes `text` as the plan (by rename, as editors do, when `replace`), waits for the build. */
    const edit = async (text: string, replace = false): Promise<void> => {
      const before = join(cwd, `before-${expected}`);
      cpSync(outDir, before, { recursive: true });
      if (replace) {
        writeFileSync(planPath + '.tmp', text);
        renameSync(planPath + '.tmp', planPath);
      } else writeFileSync(planPath, text);
      expected++;
      // At least one rebuild (a slow machine may see a write as two events: a second rebuild of
      // the same plan changes nothing).
      await until(`rebuild ${expected}`, () => watch.builds() >= expected);
      expected = watch.builds();
      const fresh = await oneOff(cwd, 'plan.json', before);
      expect(readTree(outDir)).toEqual(readTree(fresh));
    };
    const save = (p: Plan, replace = false) => edit(JSON.stringify(p, null, 2), replace);

    // A description.
    (plan.rules[0]!.jsonSchema as { description: string }).description = 'Changed */ `${x}`';
    await save(plan);
    // A property added to one event.
    const payload = (plan.rules[0]!.jsonSchema.properties as Record<string, Schema>).properties as {
      properties: Schema;
    };
    payload.properties = { ...payload.properties, added: { type: 'integer', minimum: 1 } };
    await save(plan, true);
    // A rule added, then another one.
    plan.rules.push(track('Cart Opened', { items: { type: 'array', items: { type: 'string' } } }));
    await save(plan);
    plan.rules.push(track('Cart Closed', { reason: { enum: ['done', 'left'] } }));
    await save(plan, true);
    // A rule renamed.
    plan.rules.find((r) => r.key === 'Cart Opened')!.key = 'Basket Opened';
    await save(plan);
    // A rule removed.
    plan.rules = plan.rules.filter((r) => r.key !== 'Cart Closed');
    await save(plan);

    // A JSON syntax error: diagnostics, and the output stays as it was.
    const kept = readTree(outDir);
    const errorsBefore = watch.out.stderr.length;
    writeFileSync(planPath, JSON.stringify(plan).slice(0, -3));
    await until('the syntax error', () => watch.out.stderr.length > errorsBefore);
    await new Promise((r) => setTimeout(r, 200));
    expect(watch.out.stderr.slice(errorsBefore)).toMatch(/plan\.json:\d+:\d+/);
    expect(readTree(outDir)).toEqual(kept);
    expect(watch.builds()).toBe(expected);
    // An invalid schema: the same.
    const invalid = structuredClone(plan);
    (invalid.rules[0]!.jsonSchema as { type: unknown }).type = 5;
    const errorsThen = watch.out.stderr.length;
    writeFileSync(planPath, JSON.stringify(invalid, null, 2));
    await until('the schema error', () => watch.out.stderr.length > errorsThen);
    await new Promise((r) => setTimeout(r, 200));
    expect(watch.out.stderr.slice(errorsThen)).toContain('/rules/0/jsonSchema');
    expect(readTree(outDir)).toEqual(kept);
    // Fixed: it rebuilds (one more property, so the output really changes).
    payload.properties = { ...payload.properties, fixed: { type: 'boolean' } };
    await save(plan);

    // A generated file edited by hand is regenerated by the next rebuild, not taken from memory.
    const event = Object.keys(readTree(outDir)).find((p) => p.startsWith('events/'))!;
    writeFileSync(join(outDir, event), readFileSync(join(outDir, event), 'utf8') + '// edited\n');
    (plan.rules[1]!.jsonSchema as { description: string }).description = 'Second changed.';
    await save(plan);
    expect(readFileSync(join(outDir, event), 'utf8')).not.toContain('// edited');
    expect(readFileSync(join(outDir, 'NOTES.md'), 'utf8')).toBe('mine\n');

    // Files put among the generated ones while it watches (rebuilds replace changed files in place
    // only while the output's folders are as the last write left them): a stray generated file
    // goes, a person's file stays, as in a one-off build.
    writeFileSync(join(outDir, 'events', 'stray.ts'), `${GENERATED_BANNER}\nexport {};\n`);
    writeFileSync(join(outDir, 'events', 'mine.txt'), 'kept\n');
    (plan.rules[1]!.jsonSchema as { description: string }).description = 'Second changed again.';
    await save(plan);
    expect(existsSync(join(outDir, 'events', 'stray.ts'))).toBe(false);
    expect(readFileSync(join(outDir, 'events', 'mine.txt'), 'utf8')).toBe('kept\n');
    // A generated file replaced by a person's (no banner) is not overwritten: the build refuses.
    const theirs = Object.keys(readTree(outDir)).find(
      (p) => p.startsWith('events/') && p !== 'events/mine.txt',
    )!;
    writeFileSync(join(outDir, theirs), 'a person wrote this\n');
    const refusedBefore = watch.out.stderr.length;
    (plan.rules[1]!.jsonSchema as { description: string }).description = 'Second changed thrice.';
    writeFileSync(planPath, JSON.stringify(plan, null, 2));
    await until('the refusal', () => watch.out.stderr.length > refusedBefore);
    expect(watch.out.stderr.slice(refusedBefore)).toContain('Refusing to overwrite');
    expect(readFileSync(join(outDir, theirs), 'utf8')).toBe('a person wrote this\n');

    expect(await watch.stop()).toBe(0);
    expect(existsSync(join(cwd, 'cache'))).toBe(true);
    rmSync(cwd, { recursive: true, force: true });
  }, 120_000);

  it('rebuilds when the config file changes', async () => {
    const cwd = tempDir('watch-config');
    writeFileSync(join(cwd, 'plan.json'), JSON.stringify(example()));
    const config = (mode: string) =>
      JSON.stringify({ plan: 'plan.json', outputs: [{ path: 'out', mode }] });
    writeFileSync(join(cwd, 'platen.config.json'), config('dev'));
    const watch = startWatch(cwd, []);
    const validators = () =>
      Object.keys(readTree(join(cwd, 'out'))).filter((p) => p.startsWith('validators/'));
    await until('the first build', () => watch.builds() === 1);
    expect(validators().length).toBeGreaterThan(0);
    writeFileSync(join(cwd, 'platen.config.json'), config('prod'));
    await until('the rebuild', () => watch.builds() >= 2);
    expect(validators()).toEqual([]);
    expect(await watch.stop()).toBe(0);
    rmSync(cwd, { recursive: true, force: true });
  }, 60_000);

  it('--watch with --check is a usage error', async () => {
    let stderr = '';
    const code = await runCli(['build', '--watch', '--check', '--plan', 'p.json', '--out', 'o'], {
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      cwd: REPO,
      env: {},
      interactive: false,
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--watch and --check');
  });

  it('SIGINT stops the CLI with exit 0 (no terminal needed)', async () => {
    const bin = join(REPO, 'packages/compiler/bin/platen.js');
    if (!existsSync(join(REPO, 'packages/compiler/dist/cli/main.js')))
      throw new Error('run pnpm build first: this test runs the built CLI');
    const cwd = tempDir('watch-signal');
    writeFileSync(join(cwd, 'plan.json'), JSON.stringify(example()));
    const child = spawn(
      process.execPath,
      [bin, 'build', '--watch', '--plan', 'plan.json', '--out', 'out'],
      {
        cwd,
        env: { ...process.env, PLATEN_CACHE_DIR: join(cwd, 'cache') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until('the first build', () => / rebuilt, /.test(stdout), 30_000);
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(existsSync(join(cwd, 'out/platen.manifest.json'))).toBe(true);
    rmSync(cwd, { recursive: true, force: true });
  }, 60_000);
});
