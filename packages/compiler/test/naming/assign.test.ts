import { describe, expect, test } from 'vitest';
import { ruleData } from '../../src/ir/index.js';
import type { Ir, IrRule } from '../../src/ir/types.js';
import { assignNames } from '../../src/naming/index.js';
import type { RuleNames } from '../../src/naming/types.js';
import { ir, rule, tracks } from '../support/naming-ir.js';

type Top = Omit<RuleNames, 'types'>;

/** The top-level names of `rules`, keyed `TYPE key vN` so expectations read like the plan. */
function topNames(rules: IrRule[]): Record<string, Top> {
  const out: Record<string, Top> = {};
  for (const { rule: r, names } of assignNames(ir(rules)).rules) {
    const { types: _types, ...top } = names;
    out[`${r.type} ${String(r.key)} v${r.version}`] = top;
  }
  return out;
}

const top = (fn: string, propertiesType: string, typePrefix: string, file: string): Top => ({
  function: fn,
  propertiesType,
  typePrefix,
  file,
});

describe('names per rule type', () => {
  const table: [string, { given: IrRule[]; want: Record<string, Top> }][] = [
    [
      'TRACK',
      {
        given: [rule('TRACK', 'Order Completed')],
        want: {
          'TRACK Order Completed v1': top(
            'orderCompleted',
            'OrderCompletedProperties',
            'OrderCompleted',
            'order-completed',
          ),
        },
      },
    ],
    [
      'TRACK versions: latest plain, older V<n>',
      {
        given: [
          rule('TRACK', 'Order Completed', 2),
          rule('TRACK', 'Order Completed', 1, { latest: false }),
        ],
        want: {
          'TRACK Order Completed v2': top(
            'orderCompleted',
            'OrderCompletedProperties',
            'OrderCompleted',
            'order-completed',
          ),
          'TRACK Order Completed v1': top(
            'orderCompletedV1',
            'OrderCompletedV1Properties',
            'OrderCompletedV1',
            'order-completed-v1',
          ),
        },
      },
    ],
    [
      'keyed PAGE',
      {
        given: [rule('PAGE', 'Home')],
        want: { 'PAGE Home v1': top('homePage', 'HomePageProperties', 'HomePage', 'home-page') },
      },
    ],
    [
      'keyed SCREEN',
      {
        given: [rule('SCREEN', 'Home')],
        want: {
          'SCREEN Home v1': top('homeScreen', 'HomeScreenProperties', 'HomeScreen', 'home-screen'),
        },
      },
    ],
    [
      'unkeyed PAGE',
      {
        given: [rule('PAGE', null)],
        want: { 'PAGE null v1': top('page', 'PageProperties', 'Page', 'page') },
      },
    ],
    [
      'unkeyed SCREEN',
      {
        given: [rule('SCREEN', null)],
        want: { 'SCREEN null v1': top('screen', 'ScreenProperties', 'Screen', 'screen') },
      },
    ],
    [
      'IDENTIFY',
      {
        given: [rule('IDENTIFY', null)],
        want: { 'IDENTIFY null v1': top('identify', 'IdentifyTraits', 'Identify', 'identify') },
      },
    ],
    [
      'GROUP',
      {
        given: [rule('GROUP', null)],
        want: { 'GROUP null v1': top('group', 'GroupTraits', 'Group', 'group') },
      },
    ],
    [
      'COMMON',
      {
        given: [rule('COMMON', null)],
        want: { 'COMMON null v1': top('common', 'CommonMessage', 'Common', 'common') },
      },
    ],
    [
      'older IDENTIFY versions',
      {
        given: [rule('IDENTIFY', null, 2), rule('IDENTIFY', null, 1, { latest: false })],
        want: {
          'IDENTIFY null v2': top('identify', 'IdentifyTraits', 'Identify', 'identify'),
          'IDENTIFY null v1': top('identifyV1', 'IdentifyV1Traits', 'IdentifyV1', 'identify-v1'),
        },
      },
    ],
    [
      'events named like fixed names or module exports (held even without those rules)',
      {
        given: tracks(['identify', 'Common', 'Page Properties']),
        want: {
          'TRACK identify v1': top('identify_', 'Identify2Properties', 'Identify2', 'identify-2'),
          'TRACK Common v1': top('common2', 'Common2Properties', 'Common2', 'common-2'),
          'TRACK Page Properties v1': top(
            'pageProperties',
            'PagePropertiesProperties',
            'PageProperties',
            'page-properties',
          ),
        },
      },
    ],
    [
      'reserved words',
      {
        given: tracks(['default', 'new', 'delete', 'class']),
        want: {
          'TRACK default v1': top('default_', 'DefaultProperties', 'Default', 'default'),
          'TRACK new v1': top('new_', 'NewProperties', 'New', 'new'),
          'TRACK delete v1': top('delete_', 'DeleteProperties', 'Delete', 'delete'),
          'TRACK class v1': top('class_', 'ClassProperties', 'Class', 'class'),
        },
      },
    ],
    [
      'collisions resolved in (type, key, version) order',
      {
        given: tracks(['order-completed', 'Order Completed', 'Order_Completed', 'ORDER COMPLETED']),
        want: {
          'TRACK ORDER COMPLETED v1': top(
            'orderCompleted',
            'OrderCompletedProperties',
            'OrderCompleted',
            'order-completed',
          ),
          'TRACK Order Completed v1': top(
            'orderCompleted2',
            'OrderCompleted2Properties',
            'OrderCompleted2',
            'order-completed-2',
          ),
          'TRACK Order_Completed v1': top(
            'orderCompleted3',
            'OrderCompleted3Properties',
            'OrderCompleted3',
            'order-completed-3',
          ),
          'TRACK order-completed v1': top(
            'orderCompleted4',
            'OrderCompleted4Properties',
            'OrderCompleted4',
            'order-completed-4',
          ),
        },
      },
    ],
  ];
  test.each(table)('%s', (_name, { given, want }) => {
    expect(topNames(given)).toEqual(want);
  });
});

// docs/decisions.md#wire-names and #names-are-data
describe('wire names are data, kept byte for byte', () => {
  const keys = [
    'Checkout: Started',
    'A ## B',
    'Signed Up (Email/Password)!',
    'Signed Up "Beta" & <x>',
    '#/definitions/x',
    '',
  ];
  test('every rule keeps its exact key object and the names are safe', () => {
    const rules = tracks(keys);
    const named = assignNames(ir(rules));
    expect(named.rules.map((n) => n.rule)).toEqual(rules);
    named.rules.forEach((n, i) => expect(n.rule).toBe(rules[i]));
    for (const { names } of named.rules) {
      expect(names.function).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
      expect(names.file).toMatch(/^[a-z0-9_][a-z0-9_-]*$/);
    }
  });

  test('the IR is not mutated', () => {
    const input = ir(tracks(keys));
    const data = (v: Ir) => ({ ...v, rules: v.rules.map(ruleData) });
    const copy = structuredClone(data(input));
    assignNames(input);
    expect(data(input)).toEqual(copy);
  });
});

describe('plan order never matters', () => {
  const rules = [
    ...tracks([
      'order-completed',
      'Order Completed',
      'Order_Completed',
      'default',
      'Page',
      'b',
      'a',
    ]),
    rule('TRACK', 'Order Completed', 0, { latest: false }),
    rule('PAGE', null),
    rule('PAGE', 'Order Completed'),
    rule('IDENTIFY', null, 3),
    rule('IDENTIFY', null, 2, { latest: false }),
  ];
  const want = topNames(rules);
  // A fixed set of permutations (reversed, rotated, interleaved): deterministic and thorough enough.
  const orders: [string, { given: IrRule[] }][] = [
    ['reversed', { given: [...rules].reverse() }],
    ['rotated', { given: [...rules.slice(5), ...rules.slice(0, 5)] }],
    [
      'odd then even',
      { given: [...rules.filter((_, i) => i % 2), ...rules.filter((_, i) => !(i % 2))] },
    ],
  ];
  test.each(orders)('%s', (_name, { given }) => {
    expect(topNames(given)).toEqual(want);
  });
});

// docs/decisions.md#linear-build
describe('size: naming is one linear pass', () => {
  test('10,000 rules, many colliding, get unique names in one linear pass', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) =>
      i % 2 ? `Event ${i}` : `event-${i % 100}`,
    );
    const named = assignNames(ir(tracks(keys)));
    const functions = new Set(named.rules.map((n) => n.names.function));
    const files = new Set(named.rules.map((n) => n.names.file.toLowerCase()));
    const types = new Set(named.rules.map((n) => n.names.propertiesType));
    expect([functions.size, files.size, types.size]).toEqual([10_000, 10_000, 10_000]);
  });
});
