import { describe, expect, test } from 'vitest';
import {
  shortHash,
  splitWords,
  toFileStem,
  toFunctionName,
  toTypeName,
} from '../../src/naming/index.js';

type Want = { fn: string; type: string; file: string };

// One row per naming rule of `src/naming/words.ts` and per reserved list.
const table: [string, { given: string; want: Want }][] = [
  [
    'words from spaces',
    {
      given: 'Order Completed',
      want: { fn: 'orderCompleted', type: 'OrderCompleted', file: 'order-completed' },
    },
  ],
  [
    'kebab input',
    {
      given: 'order-completed',
      want: { fn: 'orderCompleted', type: 'OrderCompleted', file: 'order-completed' },
    },
  ],
  [
    'snake input',
    {
      given: 'Order_Completed',
      want: { fn: 'orderCompleted', type: 'OrderCompleted', file: 'order-completed' },
    },
  ],
  [
    'acronym at end',
    { given: 'orderID', want: { fn: 'orderId', type: 'OrderId', file: 'order-id' } },
  ],
  [
    'acronym before word',
    {
      given: 'XMLHttpRequest',
      want: { fn: 'xmlHttpRequest', type: 'XmlHttpRequest', file: 'xml-http-request' },
    },
  ],
  [
    'digits stay with their word',
    { given: 'page2 view', want: { fn: 'page2View', type: 'Page2View', file: 'page2-view' } },
  ],
  [
    'leading digit',
    {
      given: '1st Purchase',
      want: { fn: '_1stPurchase', type: '_1stPurchase', file: '1st-purchase' },
    },
  ],
  [
    'accents',
    {
      given: 'Créé à Zürich',
      want: { fn: 'creeAZurich', type: 'CreeAZurich', file: 'cree-a-zurich' },
    },
  ],
  [
    'table letters',
    {
      given: 'Straße Ærø Łódź Þing Œuvre',
      want: {
        fn: 'strasseAeroLodzThingOeuvre',
        type: 'StrasseAeroLodzThingOeuvre',
        file: 'strasse-aero-lodz-thing-oeuvre',
      },
    },
  ],
  [
    'compatibility forms',
    { given: 'Ｆｕｌｌ ﬁx', want: { fn: 'fullFix', type: 'FullFix', file: 'full-fix' } },
  ],
  [
    'apostrophes join',
    { given: 'Don’t Stop', want: { fn: 'dontStop', type: 'DontStop', file: 'dont-stop' } },
  ],
  [
    'spelled symbols',
    {
      given: 'C++ & Q&A 100% #1 @you',
      want: {
        fn: 'cPlusPlusAndQAndA100PercentNumber1AtYou',
        type: 'CPlusPlusAndQAndA100PercentNumber1AtYou',
        file: 'c-plus-plus-and-q-and-a-100-percent-number-1-at-you',
      },
    },
  ],
  [
    'URI-like: colon (names are data)',
    {
      given: 'Checkout: Started',
      want: { fn: 'checkoutStarted', type: 'CheckoutStarted', file: 'checkout-started' },
    },
  ],
  [
    'URI-like: fragment (names are data)',
    {
      given: 'A ## B',
      want: { fn: 'aNumberNumberB', type: 'ANumberNumberB', file: 'a-number-number-b' },
    },
  ],
  [
    'URI-like: slash (names are data)',
    {
      given: 'Signed Up (Email/Password)!',
      want: {
        fn: 'signedUpEmailPassword',
        type: 'SignedUpEmailPassword',
        file: 'signed-up-email-password',
      },
    },
  ],
  [
    'path traversal',
    { given: '../../etc/passwd', want: { fn: 'etcPasswd', type: 'EtcPasswd', file: 'etc-passwd' } },
  ],
  [
    'windows path',
    { given: 'C:\\Windows\\x', want: { fn: 'cWindowsX', type: 'CWindowsX', file: 'c-windows-x' } },
  ],
  [
    'reserved word',
    { given: 'default', want: { fn: 'default_', type: 'Default', file: 'default' } },
  ],
  ['strict-mode word', { given: 'yield', want: { fn: 'yield_', type: 'Yield', file: 'yield' } }],
  ['prototype key', { given: '__proto__', want: { fn: 'proto', type: 'Proto', file: 'proto' } }],
  [
    'prototype key kept by words',
    {
      given: 'constructor',
      want: { fn: 'constructor_', type: 'Constructor', file: 'constructor' },
    },
  ],
  ['module export', { given: 'track', want: { fn: 'track_', type: 'Track', file: 'track' } }],
  ['lib type', { given: 'record', want: { fn: 'record', type: 'Record_', file: 'record' } }],
  ['module type', { given: 'context', want: { fn: 'context', type: 'Context_', file: 'context' } }],
  ['windows device', { given: 'CON', want: { fn: 'con', type: 'Con', file: 'con_' } }],
  [
    'windows device with digit',
    { given: 'Com1', want: { fn: 'com1', type: 'Com1', file: 'com1_' } },
  ],
  ['reserved stem', { given: 'Index', want: { fn: 'index', type: 'Index', file: 'index_' } }],
];

describe('toFunctionName / toTypeName / toFileStem', () => {
  test.each(table)('%s', (_name, { given, want }) => {
    expect({ fn: toFunctionName(given), type: toTypeName(given), file: toFileStem(given) }).toEqual(
      want,
    );
  });
});

const fallbacks: [string, { given: string }][] = [
  ['empty', { given: '' }],
  ['only punctuation', { given: '!!!' }],
  ['only CJK', { given: '日本' }],
  ['only emoji', { given: '🎉' }],
  ['lone surrogate', { given: '\ud800' }],
];

describe('names with no usable character become event + hash of the wire name', () => {
  test.each(fallbacks)('%s', (_name, { given }) => {
    const hash = shortHash(given);
    expect(hash).toMatch(/^[0-9a-z]{7}$/);
    expect(toFunctionName(given)).toBe(`event${hash}`);
    expect(toTypeName(given)).toBe(`Event${hash}`);
    expect(toFileStem(given)).toBe(`event-${hash}`);
  });

  test('different wire names get different hashes', () => {
    const names = fallbacks.map(([, { given }]) => toFunctionName(given));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('long names are capped with a hash', () => {
  const long = 'Very Long Event Name '.repeat(20);
  const table2: [string, { given: string; want: { max: number } }][] = [
    ['function', { given: toFunctionName(long), want: { max: 100 } }],
    ['type', { given: toTypeName(long), want: { max: 100 } }],
    ['file', { given: toFileStem(long), want: { max: 80 } }],
  ];
  test.each(table2)('%s', (_name, { given, want }) => {
    expect(given.length).toBeLessThanOrEqual(want.max);
    expect(given).toMatch(/[0-9a-z]{7}$/);
  });

  test('two long names sharing a start stay distinct', () => {
    expect(toFileStem(`${long}A`)).not.toBe(toFileStem(`${long}B`));
    expect(toFunctionName(`${long}A`)).not.toBe(toFunctionName(`${long}B`));
  });
});

describe('splitWords', () => {
  const table3: [string, { given: string; want: string[] }][] = [
    ['camel boundaries', { given: 'orderCompletedV2', want: ['order', 'Completed', 'V2'] }],
    ['acronyms', { given: 'iOSAppID', want: ['i', 'OS', 'App', 'ID'] }],
    ['separators collapse', { given: '  a -- b__c  ', want: ['a', 'b', 'c'] }],
    ['symbol between words', { given: 'R&D', want: ['R', 'And', 'D'] }],
    ['nothing usable', { given: '日本!!', want: [] }],
  ];
  test.each(table3)('%s', (_name, { given, want }) => {
    expect(splitWords(given)).toEqual(want);
  });
});
