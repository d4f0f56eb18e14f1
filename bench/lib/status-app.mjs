/**
 * The `platen status` measure: a generated app of `files` TypeScript files (default 5,000) using a
 * client built from a synthetic plan (500 events; 50 in the smoke run), analysed by `platen status --json` as a child
 * process. The generator knows every call it wrote, so each run's report is checked against it: a
 * fast but wrong analysis fails the benchmark instead of passing it.
 *
 * Every tenth file of ten: four call an event function (named, renamed, namespace import, through a
 * re-exporting module), one the generic `track`, one a wrapper module's `trackEvent`, one the SDK
 * directly, one a name known only at run time; two are plain code. Each file also imports two
 * earlier files, so the program has an import graph of the app's size.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { platenBuild } from './build.mjs';
import { runNode, stats } from './measure.mjs';
import { PLATEN_BIN } from './paths.mjs';
import { benchPlan, writeCanonical } from './plans.mjs';


/** Writes the app's source files; returns what a correct analysis must find. */
async function writeApp(dir, files, rules) {
  const tracks = rules.filter((r) => r.type === 'TRACK');
  const src = join(dir, 'src');
  await mkdir(join(src, 'modules'), { recursive: true });
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'dom'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['src'],
    }) + '\n',
  );
  await writeFile(
    join(src, 'sdk.ts'),
    'declare global {\n  interface Window {\n    analytics: { track(event: string, properties?: object): void };\n  }\n}\nexport {};\n',
  );
  await writeFile(
    join(src, 'relay.ts'),
    "export * from './analytics/index.js';\n",
  );
  await writeFile(
    join(src, 'tracking.ts'),
    "import { track } from './analytics/index.js';\n\n" +
      'export function trackEvent(name: string, properties?: object): void {\n' +
      '  (track as (event: string, properties?: object) => void)(name, properties);\n}\n',
  );
  const expected = { clientCalls: 0, sdkCalls: 0, unknown: 0, called: new Set() };
  const modules = files - 4;
  for (let i = 0; i < modules; i++) {
    const rule = tracks[i % tracks.length];
    const fn = rule.function;
    const key = JSON.stringify(rule.key);
    const lines = [];
    const deps = [i - 1, i - 7].filter((d) => d >= 0);
    for (const d of deps) lines.push(`import { helper${d} } from './m${d}.js';`);
    let call;
    switch (i % 10) {
      case 0:
        lines.push(`import { ${fn} } from '../analytics/index.js';`);
        call = `${fn}({} as never);`;
        break;
      case 1:
        lines.push(`import { ${fn} as send${i} } from '../analytics/index.js';`);
        call = `send${i}({} as never);`;
        break;
      case 2:
        lines.push(`import * as client from '../analytics/index.js';`);
        call = `client.${fn}({} as never);`;
        break;
      case 3:
        lines.push(`import { ${fn} } from '../relay.js';`);
        call = `${fn}({} as never);`;
        break;
      case 4:
        lines.push(`import { track } from '../analytics/index.js';`);
        call = `(track as (event: string, properties: object) => void)(${key}, {});`;
        break;
      case 5:
        lines.push(`import { trackEvent } from '../tracking.js';`);
        call = `trackEvent(${key}, {});`;
        break;
      case 6:
        lines.push(`import '../sdk.js';`);
        call = `window.analytics.track(${key}, { step: ${i} });`;
        break;
      case 7:
        lines.push(`import { trackEvent } from '../tracking.js';`);
        call = 'trackEvent(`step ${label}`);';
        break;
      default:
        call = undefined;
    }
    if (call !== undefined) {
      if (i % 10 === 6) expected.sdkCalls++;
      else if (i % 10 === 7) expected.unknown++;
      else {
        expected.clientCalls++;
        expected.called.add(rule.key);
      }
    }
    lines.push(
      '',
      `export interface Item${i} {`,
      '  id: string;',
      '  count: number;',
      '  tags: string[];',
      '}',
      '',
      `export function helper${i}(items: Item${i}[]): number {`,
      '  return items.filter((x) => x.count > 0).reduce((n, x) => n + x.count, 0);',
      '}',
      '',
      `export class Store${i} {`,
      `  private items: Item${i}[] = [];`,
      `  add(item: Item${i}): void {`,
      '    this.items.push({ ...item, tags: item.tags.map((t) => t.trim().toLowerCase()) });',
      '  }',
      '  total(): number {',
      `    return helper${i}(this.items)${deps.map((d) => ` + helper${d}([])`).join('')};`,
      '  }',
      '  labels(): string {',
      "    return this.items.map((x) => `${x.id}:${x.count}`).join(', ');",
      '  }',
      '}',
      '',
      `export function run${i}(label: string): string {`,
      `  const store = new Store${i}();`,
      `  store.add({ id: label, count: ${i}, tags: ['a', 'b'] });`,
      ...(call === undefined ? [] : [`  ${call}`]),
      '  return `${label}: ${store.total()} (${store.labels()})`;',
      '}',
      '',
    );
    await writeFile(join(src, 'modules', `m${i}.ts`), lines.join('\n'));
  }
  return expected;
}

/** Checks a report against what the generator wrote; returns the problems found. */
function check(report, expected) {
  const problems = [];
  const clientCalls = report.events
    .flatMap((e) => e.calls)
    .filter((c) => c.via === 'client').length;
  if (clientCalls !== expected.clientCalls)
    problems.push(`client calls ${clientCalls}, expected ${expected.clientCalls}`);
  if (report.sdkCalls.length !== expected.sdkCalls)
    problems.push(`SDK calls ${report.sdkCalls.length}, expected ${expected.sdkCalls}`);
  if (report.unknown.length !== expected.unknown)
    problems.push(`unknown names ${report.unknown.length}, expected ${expected.unknown}`);
  if (report.coverage.called !== expected.called.size)
    problems.push(`events called ${report.coverage.called}, expected ${expected.called.size}`);
  return problems;
}

/**
 * Builds the app (plan, client, `files` source files) under `work`, then runs `platen status`
 * `runs` times. Returns timings and the report's figures; throws when a report is wrong.
 */
export async function measureStatus({ work, files, events = 500, runs, log }) {
  const dir = join(work, `status-app-${files}`);
  const plan = await benchPlan(events);
  const planPath = await writeCanonical(join(dir, 'plan'), plan);
  await platenBuild(planPath, join(dir, 'src/analytics'), 'prod');
  const manifest = JSON.parse(
    await (await import('node:fs/promises')).readFile(
      join(dir, 'src/analytics/platen.manifest.json'),
      'utf8',
    ),
  );
  const expected = await writeApp(dir, files, manifest.rules);
  await writeFile(
    join(dir, 'platen.config.json'),
    JSON.stringify({ plan: 'plan/plan.json', outputs: [{ path: 'src/analytics', mode: 'prod' }] }) +
      '\n',
  );
  const samples = [];
  let report;
  for (let i = 0; i < runs; i++) {
    const run = await runNode([PLATEN_BIN, 'status', '--json'], { cwd: dir });
    if (run.code !== 0) throw new Error(`platen status failed (${run.code}):\n${run.stderr}`);
    report = JSON.parse(run.stdout);
    const problems = check(report, expected);
    if (problems.length > 0) throw new Error(`platen status is wrong: ${problems.join('; ')}`);
    samples.push(run);
    log(`  status ${files} files: ${(run.ms / 1000).toFixed(2)} s, CPU ${(run.cpuMs / 1000).toFixed(2)} s`);
  }
  return {
    files,
    events,
    analysed: report.files,
    calls: expected.clientCalls + expected.sdkCalls,
    coverage: report.coverage,
    ms: stats(samples.map((x) => x.ms)),
    cpuMs: stats(samples.map((x) => x.cpuMs)),
    rssMb: stats(samples.map((x) => x.rssMb)),
  };
}
