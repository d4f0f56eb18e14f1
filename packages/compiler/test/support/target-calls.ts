/**
 * What the matrix does with each client of `fixtures/calls/plan.json`: the calls a usage file makes
 * (valid ones, and `@ts-expect-error` ones that must not compile), per call shape, and what the
 * recording SDK stub must receive for the valid ones.
 */
import type { Sdk } from '../../src/compile-types.js';

/** How an SDK takes calls (mirrors the emitter's SDK profiles, restated here on purpose). */
export type Shape = 'positional' | 'object' | 'enriched';

/** The shape of each SDK's calls. */
export const SHAPES: Record<Sdk, Shape> = {
  'analytics-next': 'positional',
  'analytics-js': 'positional',
  rudderstack: 'positional',
  generic: 'positional',
  'analytics-node': 'object',
  'react-native': 'enriched',
};

/** One call as the stub sees it, normalized across shapes. */
export interface Received {
  method: string;
  /** Event, page or screen name; `null` when the call has none. */
  name: string | null;
  /** userId (identify) or groupId (group); `null` otherwise. */
  id: string | null;
  payload: unknown;
  /** `context.protocols.event_version`, or `null` when absent. */
  version: number | null;
}

/** One planned call: its code per shape (absent: the SDK lacks the call) and what arrives. */
interface PlannedCall {
  code: Partial<Record<Shape, string>>;
  /** Only SDKs with a `screen` method (generic, analytics-node, react-native). */
  screen?: boolean;
  want: Received;
}

const ORDER = "{ total: 10, currency: 'EUR', coupon: null }";
const u = "userId: 'u_1'";

/** The valid calls, in order. */
export const CALLS: readonly PlannedCall[] = [
  {
    code: {
      positional: `c.orderCompleted(${ORDER});`,
      object: `c.orderCompleted({ ${u}, properties: ${ORDER} });`,
      enriched: `c.orderCompleted(${ORDER});`,
    },
    want: {
      method: 'track',
      name: 'Order Completed',
      id: null,
      payload: { total: 10, currency: 'EUR', coupon: null },
      version: 3,
    },
  },
  {
    code: {
      positional: 'c.orderCompletedV1({ revenue: 5 });',
      object: "c.orderCompletedV1({ anonymousId: 'a_1', properties: { revenue: 5 } });",
      enriched: 'c.orderCompletedV1({ revenue: 5 });',
    },
    want: {
      method: 'track',
      name: 'Order Completed',
      id: null,
      payload: { revenue: 5 },
      version: 1,
    },
  },
  {
    code: {
      positional:
        "c.orderCompletedV2({ revenue: 6, currency: 'USD' }, { context: { app: { build: 7 }, ip: '0' } });",
      object:
        "c.orderCompletedV2({ userId: 'u_1', properties: { revenue: 6, currency: 'USD' }, context: { app: { build: 7 } } });",
      enriched: "c.orderCompletedV2({ revenue: 6, currency: 'USD' });",
    },
    want: {
      method: 'track',
      name: 'Order Completed',
      id: null,
      payload: { revenue: 6, currency: 'USD' },
      version: 2,
    },
  },
  {
    code: {
      positional: 'c.signedUpBeta();',
      object: `c.signedUpBeta({ ${u} });`,
      enriched: 'c.signedUpBeta();',
    },
    want: { method: 'track', name: 'Signed Up "Beta"', id: null, payload: {}, version: 1 },
  },
  {
    code: {
      positional: "c.track('Order Completed', { total: 1, currency: 'USD' });",
      object: `c.track({ event: 'Order Completed', ${u}, properties: { total: 1, currency: 'USD' } });`,
      enriched: "c.track('Order Completed', { total: 1, currency: 'USD' });",
    },
    want: {
      method: 'track',
      name: 'Order Completed',
      id: null,
      payload: { total: 1, currency: 'USD' },
      version: 3,
    },
  },
  {
    code: {
      positional: "c.identify('u_1', { email: 'a@b.co' });",
      object: `c.identify({ ${u}, traits: { email: 'a@b.co' } });`,
      enriched: "c.identify('u_1', { email: 'a@b.co' });",
    },
    want: { method: 'identify', name: null, id: 'u_1', payload: { email: 'a@b.co' }, version: 1 },
  },
  {
    code: {
      positional: "c.identify({ plan: 'pro' });",
      object: "c.identify({ anonymousId: 'a_1', traits: { plan: 'pro' } });",
      enriched: "c.identify({ plan: 'pro' });",
    },
    want: { method: 'identify', name: null, id: null, payload: { plan: 'pro' }, version: 1 },
  },
  {
    code: {
      positional: "c.group('g_1', { name: 'Acme', seats: 3 });",
      object: `c.group({ ${u}, groupId: 'g_1', traits: { name: 'Acme', seats: 3 } });`,
      enriched: "c.group('g_1', { name: 'Acme', seats: 3 });",
    },
    want: {
      method: 'group',
      name: null,
      id: 'g_1',
      payload: { name: 'Acme', seats: 3 },
      version: 1,
    },
  },
  {
    code: {
      positional: "c.homePage({ referrer: 'ad' });",
      object: `c.homePage({ ${u}, properties: { referrer: 'ad' } });`,
    },
    want: { method: 'page', name: 'Home', id: null, payload: { referrer: 'ad' }, version: 1 },
  },
  {
    code: {
      positional: "c.page('Pricing', { path: '/pricing' });",
      object: `c.page({ ${u}, name: 'Pricing', properties: { path: '/pricing' } });`,
    },
    want: { method: 'page', name: 'Pricing', id: null, payload: { path: '/pricing' }, version: 1 },
  },
  {
    screen: true,
    code: {
      positional: "c.settingsScreen({ tab: 'billing' });",
      object: `c.settingsScreen({ ${u}, properties: { tab: 'billing' } });`,
      enriched: "c.settingsScreen({ tab: 'billing' });",
    },
    want: { method: 'screen', name: 'Settings', id: null, payload: { tab: 'billing' }, version: 1 },
  },
  {
    screen: true,
    code: {
      positional: "c.screen('Other', { any: 1 });",
      object: `c.screen({ ${u}, name: 'Other', properties: { any: 1 } });`,
      enriched: "c.screen('Other', { any: 1 });",
    },
    want: { method: 'screen', name: 'Other', id: null, payload: { any: 1 }, version: null },
  },
];

/** SDKs whose clients have `screen`. */
const HAS_SCREEN: readonly Sdk[] = ['generic', 'analytics-node', 'react-native'];

/** The valid calls an SDK's client makes. */
export function callsFor(sdk: Sdk): PlannedCall[] {
  const shape = SHAPES[sdk];
  return CALLS.filter(
    (c) => c.code[shape] !== undefined && (c.screen !== true || HAS_SCREEN.includes(sdk)),
  );
}

/** Lines that must fail to compile, per shape: each follows its own `@ts-expect-error`. */
export const TYPE_ERRORS: Record<Shape, readonly string[]> = {
  positional: [
    "c.orderCompleted({ total: 1, currency: 'GBP' }); // enum",
    'c.orderCompleted({ total: 1 }); // missing required',
    "c.orderCompletedV1({ revenue: '1' }); // wrong type",
    "c.orderCompleted({ total: 1, currency: 'EUR', totl: 2 }); // unplanned property",
    "c.track('Order Completed', { revenue: 1 }); // generic track follows the latest version",
    "c.identify('u_1', { email: 1 }); // trait type",
    "c.group('g_1', {}); // required trait",
    "c.homePage({ referer: 'x' }); // misspelt",
    "c.page('Pricing', {}); // unkeyed page properties",
    "c.orderCompletedV1({ revenue: 1 }, { context: { app: { build: 'x' } } }); // COMMON types context",
  ],
  object: [
    "c.orderCompleted({ properties: { total: 1, currency: 'EUR' } }); // neither userId nor anonymousId",
    "c.identify({ traits: { plan: 'pro' } }); // neither userId nor anonymousId",
    "c.track({ event: 'Order Completed', properties: { total: 1, currency: 'EUR' } }); // no id",
    "c.orderCompleted({ userId: 'u_1', properties: { total: 1, currency: 'GBP' } }); // enum",
    "c.identify({ userId: 'u_1', traits: { email: 1 } }); // trait type",
    "c.group({ userId: 'u_1', traits: { name: 'A' } }); // groupId missing",
    "c.orderCompletedV1({ userId: 'u_1', properties: { revenue: 1 }, context: { app: { build: 'x' } } }); // COMMON",
    "c.track({ event: 'Order Completed', userId: 'u_1', properties: { revenue: 1 } }); // latest version",
  ],
  enriched: [
    "c.orderCompleted({ total: 'x', currency: 'EUR' }); // wrong type",
    "c.identify('u_1', { plan: 'gold' }); // enum",
    'c.group(1, { name: "A" }); // groupId is a string',
    "c.orderCompleted({ total: 1, currency: 'EUR' }, {}); // no options argument",
    'c.homePage; // React Native has no page',
  ],
};

/** Invalid calls a dev client must reject at run time (onViolation 'throw'), per shape. */
export const RUNTIME_ERRORS: Record<Shape, readonly string[]> = {
  positional: [
    "c.orderCompleted({ total: -1, currency: 'EUR' })",
    "c.identify('u_1', { email: 'not an email' })",
    'c.orderCompletedV1({ revenue: 1 }, { context: { app: { build: 1.5 } } })',
    "c.page('Pricing', { path: 'no-slash' })",
  ],
  object: [
    "c.orderCompleted({ userId: 'u_1', properties: { total: -1, currency: 'EUR' } })",
    "c.identify({ userId: 'x_not_u', traits: {} })",
    "c.group({ userId: 'u_1', groupId: 'g', traits: { name: 'A', seats: 0 } })",
  ],
  enriched: [
    "c.orderCompleted({ total: -1, currency: 'EUR' })",
    "c.settingsScreen({ tab: 'nope' })",
  ],
};
