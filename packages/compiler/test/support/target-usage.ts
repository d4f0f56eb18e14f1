/**
 * Consumer code for the matrix: one usage file per client (type-checked by real `tsc` runs) and the
 * two runner scripts (real `node` processes, ESM and CommonJS) that call every client through a
 * recording stub SDK.
 */
import type { Sdk } from '../../src/compile-types.js';
import { RUNTIME_ERRORS, SHAPES, TYPE_ERRORS, callsFor } from './target-calls.js';
import { entryOf, type Cell } from './target-project.js';

/** Per SDK: how a consumer hands its instance to `configure` (typed with the SDK's own types). */
const CONFIGURE: Record<Sdk, string> = {
  'analytics-next': [
    "import type { AnalyticsBrowser } from '@segment/analytics-next';",
    'declare const sdk: AnalyticsBrowser;',
    'c.configure({ analytics: sdk });',
    "c.configure({ onViolation: 'warn' }); // window.analytics by default",
  ].join('\n'),
  'analytics-js':
    "c.configure({ analytics: () => undefined });\nc.configure({ onViolation: 'warn' });",
  'analytics-node': [
    "import type { Analytics } from '@segment/analytics-node';",
    'declare const sdk: Analytics;',
    'c.configure({ analytics: sdk });',
    '// @ts-expect-error analytics-node has no global instance: configure needs one',
    "c.configure({ onViolation: 'warn' });",
  ].join('\n'),
  rudderstack: [
    "import type { RudderAnalytics } from '@rudderstack/analytics-js';",
    'declare const sdk: RudderAnalytics;',
    'c.configure({ analytics: sdk });',
  ].join('\n'),
  // A local declaration of the React Native client's methods (see rnClientDeclaration).
  'react-native': [
    "import type { SegmentClient } from './rn-client.js';",
    'declare const sdk: SegmentClient;',
    'c.configure({ analytics: sdk });',
    '// @ts-expect-error the React Native client is never global',
    "c.configure({ onViolation: 'warn' });",
  ].join('\n'),
  generic:
    'c.configure({ analytics: { track() {}, identify() {}, page() {}, screen() {}, group() {} } });',
};

/** The calls and the must-not-compile lines of a client, for usage files. */
function body(cell: Cell): string {
  const shape = SHAPES[cell.sdk];
  const valid = callsFor(cell.sdk).map((c) => c.code[shape]!);
  const invalid = TYPE_ERRORS[shape].map((line) => `// @ts-expect-error\n${line}`);
  return [...valid, ...invalid].join('\n') + '\n';
}

/** An ES module consumer (`.ts`): namespace import, the SDK's configure, calls. */
export function esmUsage(cell: Cell): string {
  return `import * as c from '${entryOf(cell)}';\n${CONFIGURE[cell.sdk]}\n${body(cell)}`;
}

/** A CommonJS consumer (`.cts`) of a `.cjs` client: `import … = require(…)`. */
export function cjsUsage(cell: Cell): string {
  return `import c = require('${entryOf(cell)}');\nc.configure({ analytics: () => undefined });\n${body(cell)}`;
}

/**
 * The React Native client's call methods as `@segment/analytics-react-native` (v2, `SegmentClient`
 * in packages/core/src/analytics.ts) declares them, restated: the package itself needs react-native.
 */
export const RN_CLIENT = `export type JsonValue = boolean | number | string | null | JsonList | JsonMap | undefined;
export interface JsonMap { [key: string]: JsonValue; [index: number]: JsonValue }
export type JsonList = Array<JsonValue>;
export type UserTraits = JsonMap;
export type GroupTraits = JsonMap;
export interface SegmentEvent { type: string; messageId?: string; context?: JsonMap; [key: string]: unknown }
export type EnrichmentClosure = (event: SegmentEvent) => SegmentEvent;
export declare class SegmentClient {
  track(eventName: string, options?: JsonMap, enrichment?: EnrichmentClosure): Promise<void>;
  screen(name: string, options?: JsonMap, enrichment?: EnrichmentClosure): Promise<void>;
  identify(userId?: string, userTraits?: UserTraits, enrichment?: EnrichmentClosure): Promise<void>;
  group(groupId: string, groupTraits?: GroupTraits, enrichment?: EnrichmentClosure): Promise<void>;
  alias(newUserId: string, enrichment?: EnrichmentClosure): Promise<void>;
  flush(): Promise<void>;
  reset(resetAnonymousId?: boolean): Promise<void>;
}
`;

/** Turns one stub call into a {@link Received}, per shape (runner code, plain JavaScript). */
const NORMALIZE = `
function normalize(shape, method, a) {
  const pick = (name, id, payload, context) => ({ method, name, id, payload,
    version: context?.protocols?.event_version ?? null, platen: context?.platen ?? null });
  if (shape === 'object') {
    const m = a[0];
    return pick(m.event ?? m.name ?? null, method === 'group' ? m.groupId : method === 'identify' ? m.userId ?? null : null,
      m.properties ?? m.traits, m.context);
  }
  if (shape === 'enriched') {
    const context = a[2]({ type: method, context: { library: 'rn' } }).context;
    const named = method === 'track' || method === 'screen';
    return pick(named ? a[0] : null, named ? null : a[0] ?? null, a[1], context);
  }
  // positional: page/screen/identify may leave out their leading string
  if (method === 'track') return pick(a[0], null, a[1], a[2]?.context);
  if (method === 'group') return pick(null, a[0], a[1], a[2]?.context);
  const lead = typeof a[0] === 'string' ? a.shift() : null;
  return method === 'identify' ? pick(null, lead, a[0], a[1]?.context) : pick(lead, null, a[0], a[1]?.context);
}`;

/** One cell's runner function: configure a stub, make the valid calls, then the invalid ones. */
function cellRunner(cell: Cell, load: string): string {
  const shape = SHAPES[cell.sdk];
  const valid = callsFor(cell.sdk).map((c) => c.code[shape]!);
  const invalid = RUNTIME_ERRORS[shape].map(
    (code) =>
      `{ const before = calls.length; let threw = false; try { ${code}; } catch (e) { threw = e.name === 'PlatenViolationError'; } rejected.push({ threw, sent: calls.length - before }); }`,
  );
  return `out[${JSON.stringify(cell.dir)}] = await (async () => {
  const c = ${load};
  const calls = [];
  const stub = {};
  for (const m of ['track', 'identify', 'group', 'page', 'screen']) stub[m] = (...args) => void calls.push([m, args]);
  c.configure({ analytics: stub, onViolation: 'throw' });
  ${valid.join('\n  ')}
  const received = calls.map(([m, a]) => normalize(${JSON.stringify(shape)}, m, a));
  const rejected = [];
  ${invalid.join('\n  ')}
  return { received, rejected };
})();`;
}

/**
 * A runner script calling every cell. `entry(cell)` is the module to load; `esm` picks `import`
 * (ES module runner) or `require` for CommonJS files (CommonJS runner, which still `import()`s
 * ES-module-only clients: Node 20 cannot `require` them).
 */
export function runner(
  cells: readonly Cell[],
  esm: boolean,
  entry: (cell: Cell) => string,
): string {
  const load = (cell: Cell): string => {
    const path = JSON.stringify(entry(cell));
    const cjsFile = entry(cell).endsWith('.cjs') || (!esm && entry(cell).includes('/run-cjs/'));
    return !esm && cjsFile ? `require(${path})` : `await import(${path})`;
  };
  const main = cells.map((cell) => cellRunner(cell, load(cell))).join('\n');
  return `${NORMALIZE}
const out = {};
(async () => {
${main}
console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;
}
