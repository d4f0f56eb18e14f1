import { describe, expect, test } from 'vitest';
import type { IrNode, IrRule } from '../../src/ir/types.js';
import { assignNames } from '../../src/naming/index.js';
import type { Manifest, ManifestRule } from '../../src/naming/types.js';
import { ir, rule, tracks } from '../support/naming-ir.js';

/** The manifest a build of `rules` would write (files as `events/<stem>.ts`, as an emitter might). */
function manifestOf(rules: IrRule[]): Manifest {
  return {
    platenVersion: '0.0.0',
    plan: { id: 'tp_1', name: 'Test', hash: 'h' },
    rules: assignNames(ir(rules)).rules.map(({ rule: r, names }) => ({
      type: r.type,
      key: r.key,
      version: r.version,
      function: names.function,
      propertiesType: names.propertiesType,
      file: `events/${names.file}.ts`,
    })),
  };
}

/** `key → function/propertiesType/file` for TRACK rules. */
function byKey(rules: IrRule[], previous?: Manifest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { rule: r, names } of assignNames(ir(rules), previous).rules) {
    out[String(r.key)] = `${names.function} ${names.propertiesType} ${names.file}`;
  }
  return out;
}

describe('without a manifest', () => {
  const base = tracks(['Order Completed', 'Order Completed!', 'Signed Up', 'Product Viewed']);
  const table: [string, { given: IrRule[] }][] = [
    ['adding non-colliding rules', { given: [...base, ...tracks(['Cart Viewed', 'Zebra'])] }],
    ['removing non-colliding rules', { given: base.filter((r) => r.key !== 'Signed Up') }],
  ];
  test.each(table)('%s never renames an existing rule', (_name, { given }) => {
    const before = byKey(base);
    const after = byKey(given);
    for (const key of Object.keys(after)) if (key in before) expect(after[key]).toBe(before[key]);
  });
});

describe('with the previous manifest', () => {
  test('a newcomer that sorts first takes the suffix, the old rule keeps its names', () => {
    const run1 = tracks(['order-completed']);
    const manifest = manifestOf(run1);
    const run2 = [...tracks(['Order Completed']), ...run1];
    expect(byKey(run2)['order-completed']).toBe(
      'orderCompleted2 OrderCompleted2Properties order-completed-2',
    );
    expect(byKey(run2, manifest)).toEqual({
      'order-completed': 'orderCompleted OrderCompletedProperties order-completed',
      'Order Completed': 'orderCompleted2 OrderCompleted2Properties order-completed-2',
    });
  });

  test('nested types follow the kept type prefix', () => {
    const old = rule('TRACK', 'b', 1, { payload: nestedPayload('/b') });
    const manifest = manifestOf([old]);
    const named = assignNames(ir([rule('TRACK', 'B'), old]), manifest).rules[1]!.names;
    expect(named.types).toEqual({ '/b/properties/cart': 'BCart' });
  });

  const entry = (fields: Partial<ManifestRule>): ManifestRule => ({
    type: 'TRACK',
    key: 'order-completed',
    version: 1,
    function: 'orderCompleted',
    propertiesType: 'OrderCompletedProperties',
    file: 'order-completed.ts',
    ...fields,
  });
  const manifest = (rules: ManifestRule[]): Manifest => ({
    platenVersion: '0.0.0',
    plan: { id: 'tp_1', name: 'Test', hash: 'h' },
    rules,
  });
  const fresh = 'orderCompleted2 OrderCompleted2Properties order-completed-2';
  // Each broken entry is ignored field by field: the rule falls back to its fresh names.
  const ignored: [string, { given: ManifestRule[]; want: string }][] = [
    [
      'valid entry is kept',
      { given: [entry({})], want: 'orderCompleted OrderCompletedProperties order-completed' },
    ],
    [
      'reserved function',
      {
        given: [entry({ function: 'delete' })],
        want: 'orderCompleted2 OrderCompletedProperties order-completed',
      },
    ],
    [
      'module export as function',
      {
        given: [entry({ function: 'track' })],
        want: 'orderCompleted2 OrderCompletedProperties order-completed',
      },
    ],
    [
      'invalid function',
      {
        given: [entry({ function: 'order completed' })],
        want: 'orderCompleted2 OrderCompletedProperties order-completed',
      },
    ],
    [
      'reserved type',
      {
        given: [entry({ propertiesType: 'Record' })],
        want: 'orderCompleted OrderCompleted2Properties order-completed',
      },
    ],
    [
      'fixed name',
      {
        given: [entry({ function: 'common', propertiesType: 'PageProperties', file: 'page.ts' })],
        want: fresh,
      },
    ],
    [
      'unsafe file',
      {
        given: [entry({ file: 'con.ts' })],
        want: 'orderCompleted OrderCompletedProperties order-completed-2',
      },
    ],
    [
      'names shared by two entries',
      {
        given: [entry({}), entry({ key: 'gone', file: 'ORDER-COMPLETED.ts' })],
        want: 'orderCompleted2 OrderCompleted2Properties order-completed-2',
      },
    ],
    [
      'old CommonJS manifest (file `events/<stem>.js` for a `.cjs` module): stem kept',
      {
        given: [entry({ file: 'events/order-completed.js' })],
        want: 'orderCompleted OrderCompletedProperties order-completed',
      },
    ],
    [
      'entry without a file (the SDK had no function for it): the other names kept',
      {
        given: [entry({ file: undefined })],
        want: 'orderCompleted OrderCompletedProperties order-completed-2',
      },
    ],
    [
      'entry whose file is not a string',
      { given: [entry({ file: 5 as unknown as string })], want: fresh },
    ],
    ['entry of another version', { given: [entry({ version: 2 })], want: fresh }],
    [
      'malformed entry',
      { given: [{ type: 'TRACK', key: 'order-completed' } as ManifestRule], want: fresh },
    ],
  ];
  test.each(ignored)('%s', (_name, { given, want }) => {
    const rules = tracks(['Order Completed', 'order-completed']);
    expect(byKey(rules, manifest(given))['order-completed']).toBe(want);
  });
});

describe('a manifest that is not a manifest', () => {
  const garbage: [string, { given: unknown }][] = [
    ['null', { given: null }],
    ['rules not an array', { given: { rules: 'x' } }],
    ['entries of the wrong shape', { given: { rules: [null, 1, { type: 'TRACK', key: 5 }] } }],
  ];
  test.each(garbage)('%s is ignored without throwing', (_name, { given }) => {
    const rules = tracks(['Order Completed']);
    expect(byKey(rules, given as Manifest)).toEqual(byKey(rules));
  });
});

function nestedPayload(pointer: string): IrNode {
  return {
    kind: 'object',
    pointer,
    properties: [
      {
        name: 'cart',
        required: true,
        pointer: `${pointer}/properties/cart`,
        type: {
          kind: 'object',
          pointer: `${pointer}/properties/cart`,
          properties: [],
          additionalProperties: false,
          patternProperties: [],
        },
      },
    ],
    additionalProperties: false,
    patternProperties: [],
  };
}
