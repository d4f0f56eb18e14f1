/**
 * Behaviour over text: the generated client of the sample plan compiles under the strictest settings
 * (zero diagnostics), and known-bad calls fail to compile (`@ts-expect-error` lines in a usage file).
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../../src/compile-types.js';
import { emitClient } from '../../src/emit/index.js';
import { DEV, PROD, STRICT_OPTIONS, named, typeCheck } from '../support/emit.js';
import { SAMPLE_RULES } from '../support/sample-plan.js';

// Every `@ts-expect-error` below must be an error, and every other line must compile.
const USAGE = `
import {
  configure, track, orderCompleted, orderCompletedV1, signedUpBetaAnd, checkoutStarted, treeViewed,
  default_, aNumberNumberB, signedUpEmailPassword, send, state, refsChosen,
  type OrderCompletedProperties, type TreeViewedProperties, type IdentifyTraits, type EventName,
  type OnViolation,
} from './index.js';

const onViolation: OnViolation = 'throw';
configure({ analytics: { track: () => undefined }, onViolation });
configure({ analytics: () => undefined });
// @ts-expect-error onViolation is a fixed set of modes or a function
configure({ onViolation: 'explode' });

const good: OrderCompletedProperties = {
  revenue: 10, currency: "it's \\"quoted\\"", quantity: 2, placed_at: '2024-01-01T00:00:00Z', kind: 'order',
  size: 3, payment: { card: '4242' }, shape: { kind: 'square', side: 2 },
  address: { street: 'Main', zip: '12345' }, tags: ['a'], point: [1, 2], note: null, extra: { any: 1 },
  ['__proto__']: 'p', constructor: 1, '': true, 'a-b': 'x',
};
orderCompleted(good);
orderCompleted({ revenue: 1, payment: { iban: 'DE00' }, address: null }, { context: { ip: '0' } }, () => 1);
orderCompletedV1({ revenue: 1 });
// An SDK callback typed with the SDK's own context type fits; so does one that ignores it.
interface SdkContext { event: { event: string } }
orderCompletedV1({ revenue: 1 }, { integrations: { All: false } }, (ctx: SdkContext) => Promise.resolve(ctx.event));
orderCompletedV1({ revenue: 1 }, undefined, () => undefined);
// @ts-expect-error a callback is a function
orderCompletedV1({ revenue: 1 }, undefined, 'done');
// @ts-expect-error misspelt property
orderCompleted({ revnue: 1, payment: { card: 'x' } });
// @ts-expect-error wrong enum value
orderCompleted({ revenue: 1, payment: { card: 'x' }, currency: 'XXX' });
// @ts-expect-error missing required property
orderCompleted({ payment: { card: 'x' } });
// @ts-expect-error integer enum member that is not planned
orderCompleted({ revenue: 1, payment: { card: 'x' }, size: 4 });
// @ts-expect-error const is a literal
orderCompleted({ revenue: 1, payment: { card: 'x' }, kind: 'refund' });
// @ts-expect-error date-time is a string, never a Date
orderCompleted({ revenue: 1, payment: { card: 'x' }, placed_at: new Date() });
// @ts-expect-error oneOf members are exclusive
orderCompleted({ revenue: 1, payment: { card: 'x', iban: 'y' } });
// @ts-expect-error discriminated union member with the other member's field
orderCompleted({ revenue: 1, payment: { card: 'x' }, shape: { kind: 'circle', side: 1 } });
// @ts-expect-error tuples have their length
orderCompleted({ revenue: 1, payment: { card: 'x' }, point: [1, 2, 3] });
// @ts-expect-error exact nested objects
orderCompleted({ revenue: 1, payment: { card: 'x' }, address: { street: 's', city: 'c' } });
// @ts-expect-error optional properties do not take undefined under exactOptionalPropertyTypes
orderCompleted({ revenue: 1, payment: { card: 'x' }, tags: undefined });
// @ts-expect-error no properties argument when properties are required
orderCompleted();

signedUpBetaAnd();
signedUpBetaAnd({});
// @ts-expect-error an event without properties accepts no keys
signedUpBetaAnd({ x: 1 });
aNumberNumberB();
// @ts-expect-error an untyped payload is exact too (absent additionalProperties means exact)
aNumberNumberB({ anything: [1] });
signedUpEmailPassword({ at: '2024-01-01' });
default_({ value: 'v' });
refsChosen({ pay: { iban: 'DE00', bic: 'X' } });
// @ts-expect-error $ref members of a union of closed objects are exclusive too
refsChosen({ pay: { card: '4242', iban: 'DE00' } });
send();
state({ on: true });
track('State', { on: false });

checkoutStarted({ total: 1, coupon: 'SAVE' });
// @ts-expect-error extra keys must match additionalProperties (or a declared property's type)
checkoutStarted({ total: 1, coupon: true });

const tree: TreeViewedProperties = { root: { name: 'a', children: [{ name: 'b', children: [] }] } };
treeViewed(tree);
// @ts-expect-error recursive types are checked all the way down
treeViewed({ root: { name: 'a', children: [{ children: [] }] } });

track('Order Completed', good);
track('Order Completed', { revenue: 1, payment: { iban: 'x' } }, {}, () => undefined);
track('Signed Up "Beta" <&> = \\u2028');
track('A ## B', undefined, { integrations: {} });
track('default', { value: 'v' });
// @ts-expect-error unplanned event name
track('Order Complete', good);
// @ts-expect-error properties of the named event only
track('Tree Viewed', good);
// @ts-expect-error properties are required when the event has required properties
track('Order Completed');
// @ts-expect-error misspelt property through the generic track
track('Order Completed', { revnue: 1, payment: { card: 'x' } });

const names: EventName[] = ['Order Completed', 'Checkout: Started'];
const traits: IdentifyTraits = { email: 'a@b.c' };
export { names, traits };
`;

function client(mode: typeof DEV): GeneratedFile[] {
  return [...emitClient(named(SAMPLE_RULES), mode), { path: 'usage.ts', contents: USAGE }];
}

describe('generated client type-checks', () => {
  it('dev build under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax, nodenext', () => {
    expect(typeCheck(client(DEV))).toEqual([]);
  });

  it('prod build under moduleResolution bundler without exactOptionalPropertyTypes', () => {
    const files = client(PROD).map((f) =>
      // Without exactOptionalPropertyTypes, `tags: undefined` is allowed: drop that expectation.
      f.path === 'usage.ts'
        ? { ...f, contents: f.contents.replace(/^.*exactOptionalPropertyTypes\n.*\n/m, '') }
        : f,
    );
    const options: ts.CompilerOptions = {
      ...STRICT_OPTIONS,
      exactOptionalPropertyTypes: false,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    };
    expect(typeCheck(files, options)).toEqual([]);
  });

  it('reports the bad calls when their @ts-expect-error markers are removed', () => {
    const files = client(DEV).map((f) =>
      f.path === 'usage.ts'
        ? { ...f, contents: f.contents.replaceAll('// @ts-expect-error', '//') }
        : f,
    );
    const errors = typeCheck(files).filter((d) => d.startsWith('usage.ts:'));
    const expected = USAGE.split('\n').filter((l) => l.startsWith('// @ts-expect-error')).length;
    // Each marked line is an error of its own (one line may report more than one diagnostic).
    expect(new Set(errors.map((e) => e.split(':')[1])).size).toBe(expected);
  });
});
