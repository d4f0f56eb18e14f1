import { describe, expect, test } from 'vitest';
import type { IrDefinition, IrNode, IrRule } from '../../src/ir/types.js';
import { assignNames } from '../../src/naming/index.js';
import { ir, obj, rule, str } from '../support/naming-ir.js';

const arr = (pointer: string, items: IrNode): IrNode => ({ kind: 'array', pointer, items });
const union = (pointer: string, members: IrNode[]): IrNode => ({
  kind: 'union',
  pointer,
  members,
  origin: 'oneOf',
});
const nul = (pointer: string): IrNode => ({ kind: 'null', pointer });
const ref = (pointer: string, target: string): IrNode => ({ kind: 'ref', pointer, target });
const def = (target: string, nameHint: string, node: IrNode): IrDefinition => ({
  target,
  nameHint,
  node,
  recursive: false,
});

/** The nested type names of one TRACK rule `Order Completed` with `payload` and `definitions`. */
function nested(payload: IrNode, definitions: Record<string, IrDefinition> = {}) {
  const r = rule('TRACK', 'Order Completed', 1, { payload, definitions });
  return assignNames(ir([r])).rules[0]!.names.types;
}

describe('nested type names', () => {
  const table: [
    string,
    {
      given: { payload: IrNode; defs?: Record<string, IrDefinition> };
      want: Record<string, string>;
    },
  ][] = [
    [
      'payload root is not named here',
      { given: { payload: obj('/r', { sku: str('/r/sku') }) }, want: {} },
    ],
    [
      'nested object property',
      {
        given: { payload: obj('/r', { shipping_address: obj('/a') }) },
        want: { '/a': 'OrderCompletedShippingAddress' },
      },
    ],
    [
      'array items',
      {
        given: { payload: obj('/r', { products: arr('/p', obj('/p/i')) }) },
        want: { '/p/i': 'OrderCompletedProductsItem' },
      },
    ],
    [
      'children start from the parent name',
      {
        given: { payload: obj('/r', { products: arr('/p', obj('/p/i', { brand: obj('/b') })) }) },
        want: { '/p/i': 'OrderCompletedProductsItem', '/b': 'OrderCompletedProductsItemBrand' },
      },
    ],
    [
      'tuple items and rest',
      {
        given: {
          payload: obj('/r', {
            pair: {
              kind: 'tuple',
              pointer: '/t',
              items: [obj('/t/0'), str('/t/1')],
              minItems: 2,
              rest: obj('/t/r'),
            },
          }),
        },
        want: { '/t/0': 'OrderCompletedPairItem1', '/t/r': 'OrderCompletedPairRest' },
      },
    ],
    [
      'map values',
      {
        given: {
          payload: obj('/r', { byId: { kind: 'map', pointer: '/m', values: obj('/m/v') } }),
        },
        want: { '/m/v': 'OrderCompletedByIdValue' },
      },
    ],
    [
      'additional and pattern properties',
      {
        given: {
          payload: {
            ...obj('/r'),
            additionalProperties: obj('/x'),
            patternProperties: [{ pattern: '^a', type: obj('/pp'), pointer: '/pp' }],
          },
        },
        want: { '/x': 'OrderCompletedExtra', '/pp': 'OrderCompletedPattern1' },
      },
    ],
    [
      'union members',
      {
        given: {
          payload: obj('/r', { pay: union('/u', [obj('/u/0'), obj('/u/1'), str('/u/2')]) }),
        },
        want: { '/u/0': 'OrderCompletedPayOption1', '/u/1': 'OrderCompletedPayOption2' },
      },
    ],
    [
      'nullable object takes the plain name',
      {
        given: { payload: obj('/r', { coupon: union('/u', [obj('/u/0'), nul('/u/1')]) }) },
        want: { '/u/0': 'OrderCompletedCoupon' },
      },
    ],
    [
      'oneOf at the payload root',
      {
        given: { payload: union('/r', [obj('/r/0'), obj('/r/1')]) },
        want: { '/r/0': 'OrderCompletedOption1', '/r/1': 'OrderCompletedOption2' },
      },
    ],
    [
      'intersection parts',
      {
        given: {
          payload: obj('/r', {
            both: { kind: 'intersection', pointer: '/i', members: [obj('/i/0'), obj('/i/1')] },
          }),
        },
        want: { '/i/0': 'OrderCompletedBothPart1', '/i/1': 'OrderCompletedBothPart2' },
      },
    ],
    [
      'property names that are not identifiers',
      {
        given: { payload: obj('/r', { 'ship-to (v2)': obj('/a'), '': obj('/e') }) },
        want: {
          '/a': 'OrderCompletedShipToV2',
          '/e': expect.stringMatching(/^OrderCompletedProperty[0-9a-z]{7}$/) as unknown as string,
        },
      },
    ],
    [
      'definitions named from their hint, refs not followed',
      {
        given: {
          payload: obj('/r', {
            home: ref('/r/h', '/definitions/Address'),
            work: ref('/r/w', '/definitions/Address'),
          }),
          defs: {
            '/definitions/Address': def(
              '/definitions/Address',
              'Address',
              obj('/d', { geo: obj('/d/g') }),
            ),
          },
        },
        want: {
          'definition:/definitions/Address': 'OrderCompletedAddress',
          '/d/g': 'OrderCompletedAddressGeo',
        },
      },
    ],
    [
      'a definition and an inline object wanting one name',
      {
        given: {
          payload: obj('/r', { address: obj('/a') }),
          defs: { '/definitions/address': def('/definitions/address', 'address', obj('/d')) },
        },
        want: {
          'definition:/definitions/address': 'OrderCompletedAddress',
          '/a': 'OrderCompletedAddress2',
        },
      },
    ],
  ];
  test.each(table)('%s', (_name, { given, want }) => {
    expect(nested(given.payload, given.defs)).toEqual(want);
  });
});

// Names per rule and property path, never shared across events (docs/decisions.md#enums-as-literal-unions).
describe('nested types are unique across the whole output', () => {
  const rules: IrRule[] = [
    // Both want `OrderCompletedProducts`.
    rule('TRACK', 'Order', 1, { payload: obj('/1', { 'completed products': obj('/1/p') }) }),
    rule('TRACK', 'Order Completed', 1, { payload: obj('/2', { products: obj('/2/p') }) }),
    // Wants another rule's properties type, `SignedUpProperties`.
    rule('TRACK', 'Signed', 1, { payload: obj('/3', { 'up properties': obj('/3/p') }) }),
    rule('TRACK', 'Signed Up'),
    // Joins into a lib type name: `Promise` + `Like`.
    rule('TRACK', 'Promise', 1, { payload: obj('/4', { like: obj('/4/p') }) }),
  ];
  const named = assignNames(ir(rules)).rules;

  test('the names', () => {
    expect(named.map((n) => n.names.types)).toEqual([
      { '/1/p': 'OrderCompletedProducts' },
      { '/2/p': 'OrderCompletedProducts2' },
      { '/3/p': 'SignedUpProperties2' },
      {},
      { '/4/p': 'PromiseLike_' },
    ]);
  });

  test('no declared type name appears twice', () => {
    const all = named.flatMap((n) => [n.names.propertiesType, ...Object.values(n.names.types)]);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('deep schemas', () => {
  test('5,000 nested objects are named without overflowing the stack', () => {
    let node: IrNode = obj('/leaf');
    for (let i = 0; i < 5_000; i++) node = obj(`/n${i}`, { child: node });
    const types = nested(node);
    expect(Object.keys(types)).toHaveLength(5_000);
    expect(new Set(Object.values(types)).size).toBe(5_000);
    for (const name of Object.values(types)) expect(name.length).toBeLessThanOrEqual(100);
  });
});
