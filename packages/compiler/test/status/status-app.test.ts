/**
 * `platen status` on fixtures/status-app: a small app that calls its generated client in every way the
 * analysis must follow (renamed, namespace and re-exported imports, `export *`, a `const` alias, wrapper
 * functions), calls the SDK directly, names unplanned events, and names events only known at run time.
 * Each test copies the app, builds its client with `platen build`, then runs `platen status` in-process.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { StatusReport } from '../../src/status/types.js';
import { REPO, tempDir } from '../support/helpers.js';

const APP = join(REPO, 'fixtures/status-app');

/** The scratch copies this file made, removed when it ends. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function platen(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    interactive: false,
  });
  return { code, stdout, stderr };
}

/** A copy of the fixture app with its client built; `edit` changes the copy before the build. */
async function app(name: string, edit: (dir: string) => void = () => {}): Promise<string> {
  const dir = tempDir(`status-${name}`);
  made.push(dir);
  cpSync(APP, dir, { recursive: true });
  edit(dir);
  const built = await platen(['build'], dir);
  expect(built.stderr).not.toMatch(/error/i);
  expect(built.code).toBe(0);
  return dir;
}

/** `file:line` of each site. */
const at = (sites: { file: string; line: number }[]) => sites.map((s) => `${s.file}:${s.line}`);

describe('platen status on the fixture app', () => {
  let dir: string;
  let report: StatusReport;
  let json: string;
  beforeAll(async () => {
    dir = await app('main');
    const r = await platen(['status', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    json = r.stdout;
    report = JSON.parse(json) as StatusReport;
  });

  const event = (key: string | null, version = 1, type = 'TRACK') => {
    const found = report.events.find(
      (e) => e.type === type && e.key === key && e.version === version,
    );
    expect(found, `${type} ${key} v${version}`).toBeDefined();
    return found!;
  };

  it('names the project and the client it found through platen.config.json', () => {
    expect(report.version).toBe(1);
    expect(report.project).toBe('tsconfig.json');
    expect(report.clients).toEqual(['src/analytics']);
    // The app's own files, not the client's 20-odd generated ones.
    expect(report.files).toBe(9);
  });

  it('follows renamed imports, namespace imports and const aliases to the event function', () => {
    const v2 = event('Order Completed', 2);
    expect(v2.function).toBe('orderCompleted');
    const client = v2.calls.filter((c) => c.via === 'client');
    expect(client.map((c) => `${c.file}:${c.line} ${c.callee}`)).toEqual([
      'src/checkout.ts:6 oc',
      'src/checkout.ts:10 buy',
      'src/names.ts:16 trackEvent',
    ]);
    expect(at(event('Product Viewed').calls.filter((c) => c.via === 'client'))).toEqual([
      'src/checkout.ts:7',
      'src/names.ts:15',
    ]);
  });

  it('follows a renamed re-export and `export *` through another module', () => {
    expect(at(event('Order Completed', 1).calls)).toEqual(['src/legacy.ts:5']);
    expect(event('Order Completed', 1).calls[0]!.callee).toBe('legacyOrder');
    expect(at(event(null, 1, 'IDENTIFY').calls.filter((c) => c.via === 'client'))).toEqual([
      'src/legacy.ts:6',
    ]);
  });

  it('resolves literal names, string constants and `as const` members of the generic track', () => {
    expect(at(event('Signed Up').calls.filter((c) => c.via === 'client'))).toEqual([
      'src/checkout.ts:8', // signedUp()
      'src/names.ts:12', // track('Signed Up')
      'src/names.ts:13', // track(SIGNED_UP)
      'src/objects.ts:6', // tracker.send('Signed Up'): a method wrapper
    ]);
    expect(at(event('Old Event').calls)).toEqual(['src/legacy.ts:7', 'src/names.ts:14']);
  });

  it('gives a wrapper function the names its callers pass (the newest version of the key)', () => {
    const viaWrapper = report.events.flatMap((e) =>
      e.calls.filter((c) => c.callee === 'trackEvent').map((c) => `${e.key} v${e.version}`),
    );
    expect(viaWrapper.sort()).toEqual(['Order Completed v2', 'Product Viewed v1']);
    // A method wrapper, called (before its class in the file) on a parameter typed with the class.
    const method = report.events.flatMap((e) =>
      e.calls.filter((c) => c.callee === 'tracker.send').map((c) => `${e.key} ${c.file}:${c.line}`),
    );
    expect(method).toEqual(['Signed Up src/objects.ts:6']);
  });

  it('computes coverage over planned rules called through the client', () => {
    expect(report.coverage).toEqual({ called: 7, planned: 8, percent: 87.5 });
    expect(report.uncovered).toEqual([
      { type: 'TRACK', key: 'Never Sent', version: 1, function: 'neverSent' },
    ]);
    expect(event('Never Sent').calls).toEqual([]);
  });

  it('lists deprecated events that are still called, with their sites', () => {
    expect(event('Old Event').deprecated).toBe(true);
    expect(report.events.filter((e) => e.deprecated).map((e) => e.key)).toEqual(['Old Event']);
    expect(report.deprecatedCalled.map((e) => [e.key, at(e.calls)])).toEqual([
      ['Old Event', ['src/legacy.ts:7', 'src/names.ts:14']],
    ]);
  });

  it('lists calls naming unplanned events, through the client and straight to the SDK', () => {
    expect(report.unplanned.map((c) => [`${c.file}:${c.line}`, c.via, c.type, c.name])).toEqual([
      ['src/direct.ts:7', 'sdk', 'track', 'Checkout Abandoned'],
      ['src/names.ts:19', 'client', 'track', 'Not In The Plan'],
      ['src/names.ts:20', 'sdk', 'track', 'Raw Unplanned'], // sendRaw() wraps window.analytics.track
    ]);
  });

  it('reports names it cannot know statically as unknown, saying why, and never guesses', () => {
    expect(report.unknown.map((c) => [`${c.file}:${c.line}`, c.expression, c.reason])).toEqual([
      [
        'src/direct.ts:12',
        'event',
        'parameter "event" of direct(), which no call in the project passes a name to',
      ],
      [
        'src/names.ts:17',
        "dynamic as 'Signed Up'",
        'parameter "dynamic" of names(), which no call in the project passes a name to',
      ],
      [
        'src/names.ts:18',
        "`Hello ${userName}` as 'Signed Up'",
        'a template literal with substitutions',
      ],
      ['src/names.ts:21', '`${kind}-event`', 'a template literal with substitutions'],
      ['src/names.ts:23', "current as 'Signed Up'", 'its type is string'],
      ['src/names.ts:24', 'choice', 'it may be any of "Signed Up" | "Old Event"'],
    ]);
    // An unknown name is not counted for any event, however the cast reads.
    const sites = report.events.flatMap((e) => at(e.calls));
    for (const c of report.unknown) expect(sites).not.toContain(`${c.file}:${c.line}`);
  });

  it('lists every direct SDK call, found by the receiver’s name or its type', () => {
    expect(
      report.sdkCalls.map((c) => [`${c.file}:${c.line}`, c.callee, c.type, c.name, c.planned]),
    ).toEqual([
      ['src/direct.ts:7', 'window.analytics.track', 'track', 'Checkout Abandoned', false],
      ['src/direct.ts:8', 'window.analytics.track', 'track', 'Signed Up', true],
      ['src/direct.ts:9', 'segment.track', 'track', 'Product Viewed', true], // by type
      ['src/direct.ts:10', 'window.analytics.identify', 'identify', null, true],
      ['src/direct.ts:11', 'window.analytics.page', 'page', 'Home', true], // page(category, name)
      ['src/direct.ts:12', 'window.analytics.track', 'track', null, false],
      ['src/names.ts:20', 'sendRaw', 'track', 'Raw Unplanned', false],
      ['src/names.ts:21', 'sendRaw', 'track', null, false],
    ]);
    // A planned event sent only directly is still shown with the event, marked as an SDK call.
    expect(event('Home', 1, 'PAGE').calls.map((c) => c.via)).toEqual(['sdk', 'client']);
  });

  it('reports nothing for calls that only look like analytics (a cart.track method, a local track)', () => {
    const everything = JSON.stringify(report);
    expect(everything).not.toContain('unrelated.ts');
    expect(everything).not.toContain('Not An Event');
  });

  it('is deterministic: a second run prints the same bytes', async () => {
    expect((await platen(['status', '--json'], dir)).stdout).toBe(json);
  });

  it('prints the same findings for a person, by section', async () => {
    const r = await platen(['status'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Coverage: 7 of 8 planned events called through the client (87.5%)');
    expect(r.stdout).toContain('  "Never Sent" (track v1)  neverSent(): never called');
    expect(r.stdout).toMatch(
      /Deprecated events still called \(1\)\n {2}"Old Event" \(track v1\) {2}oldEvent\(\): src\/legacy\.ts:7:3, src\/names\.ts:14:3\n/,
    );
    expect(r.stdout).toContain('Calls naming unplanned events (3)');
    expect(r.stdout).toContain('Unknown names, not resolvable statically (6)');
    expect(r.stdout).toContain('Direct SDK calls, bypassing the client (8)');
  });

  it('--fail-on unplanned and --fail-on uncovered exit 1 when there is such a call or event', async () => {
    expect((await platen(['status', '--fail-on', 'unplanned'], dir)).code).toBe(1);
    expect((await platen(['status', '--fail-on', 'uncovered'], dir)).code).toBe(1);
  });
});

describe('platen status --fail-on passes when there is nothing to fail on', () => {
  it('an app calling only planned events passes --fail-on unplanned, not --fail-on uncovered', async () => {
    const dir = await app('clean', (d) => {
      for (const f of ['direct.ts', 'names.ts', 'tracking.ts', 'unrelated.ts'])
        rmSync(join(d, 'src', f));
    });
    const unplanned = await platen(['status', '--json', '--fail-on', 'unplanned'], dir);
    expect(unplanned.code).toBe(0);
    const report = JSON.parse(unplanned.stdout) as StatusReport;
    expect(report.unplanned).toEqual([]);
    expect(report.uncovered.length).toBeGreaterThan(0);
    expect((await platen(['status', '--fail-on', 'uncovered'], dir)).code).toBe(1);
    // Both given: either one fails the run.
    expect((await platen(['status', '--fail-on', 'unplanned', 'uncovered'], dir)).code).toBe(1);
  });
});

describe('platen status finds the client without a config, and reads JavaScript clients', () => {
  it('with no platen.config.json, the manifest beside the source files names the client', async () => {
    const dir = await app('no-config');
    rmSync(join(dir, 'platen.config.json'));
    const r = await platen(['status', '--json'], dir);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(report.clients).toEqual(['src/analytics']);
    expect(report.coverage).toEqual({ called: 7, planned: 8, percent: 87.5 });
  });

  it('a JavaScript client (.js + .d.ts) gives the same report', async () => {
    const main = await app('ts-client');
    const js = await app('js-client', (d) => {
      const config = join(d, 'platen.config.json');
      const value = JSON.parse(readFileSync(config, 'utf8')) as { outputs: object[] };
      value.outputs = [{ ...value.outputs[0], language: 'javascript' }];
      writeFileSync(config, JSON.stringify(value));
    });
    const ts = JSON.parse((await platen(['status', '--json'], main)).stdout) as StatusReport;
    const report = JSON.parse((await platen(['status', '--json'], js)).stdout) as StatusReport;
    expect(report.events.length).toBe(8);
    expect(report).toEqual(ts);
  });
});

describe('platen status reads the object form of analytics-node', () => {
  it('takes the name from `event` (track) and `name` (page), and says when there is none', async () => {
    const dir = await app('object-form', (d) => {
      for (const f of ['checkout.ts', 'direct.ts', 'legacy.ts', 'names.ts', 'objects.ts'])
        rmSync(join(d, 'src', f));
      rmSync(join(d, 'src', 'tracking.ts')); // its sendRaw() would be an uncalled wrapper here
      writeFileSync(
        join(d, 'src', 'server.ts'),
        [
          'interface NodeAnalytics {',
          '  track(message: { userId: string; event: string; properties?: object }): void;',
          '  page(message: { userId: string; name?: string }): void;',
          '  identify(message: { userId: string }): void;',
          '}',
          'declare const analytics: NodeAnalytics;',
          'declare const message: { userId: string; event: string };',
          '',
          'export function server(): void {',
          "  analytics.track({ userId: 'u1', event: 'Order Completed', properties: {} });",
          "  analytics.track({ userId: 'u1', event: 'Server Only' });",
          "  analytics.page({ userId: 'u1', name: 'Home' });",
          '  analytics.track({ ...message });',
          "  analytics.identify({ userId: 'u1' });",
          '}',
          '',
        ].join('\n'),
      );
    });
    const r = await platen(['status', '--json'], dir);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as StatusReport;
    expect(report.sdkCalls.map((c) => [c.line, c.type, c.name, c.planned])).toEqual([
      [10, 'track', 'Order Completed', true],
      [11, 'track', 'Server Only', false],
      [12, 'page', 'Home', true],
      [13, 'track', null, false],
      [14, 'identify', null, true],
    ]);
    expect(report.unknown.map((c) => [c.line, c.reason])).toEqual([[13, 'no literal "event" key']]);
    expect(report.unplanned.map((c) => [c.line, c.name])).toEqual([[11, 'Server Only']]);
  });
});
