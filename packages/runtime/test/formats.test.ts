import { describe, expect, it } from 'vitest';
import * as validation from '../src/validation/index.js';
import { ajvEqual, ajvFormat, ajvUcs2length, fullFormats } from './support/ajv.js';

// [format name, strings that must pass, strings that must fail]; every string is also checked
// against ajv-formats' "full" mode, so a divergence fails even where the table is wrong.
const TABLE: [string, string[], string[]][] = [
  [
    'date',
    ['2024-02-29', '2023-12-31', '0001-01-01'],
    [
      '2023-02-29',
      '1900-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-1-01',
      '2024-01-32',
      '24-01-01',
      ' 2024-01-01',
    ],
  ],
  [
    'time',
    [
      '23:59:59Z',
      '00:00:00+01:00',
      '12:30:00.123-0530',
      '23:59:60Z',
      '22:59:60-01:00',
      '12:00:00+05',
    ],
    [
      '12:00:00',
      '24:00:00Z',
      '12:60:00Z',
      '12:00:60Z',
      '12:00:00+24:00',
      '12:00:00+01:60',
      '1:00:00Z',
      '23:59:60+01:00',
    ],
  ],
  ['iso-time', ['12:00:00', '23:59:59.5', '10:00:00z'], ['12:00', '25:00:00', '12:00:00 Z']],
  [
    'date-time',
    [
      '2024-02-29T23:59:59Z',
      '2024-01-01t00:00:00+01:00',
      '2024-01-01 10:00:00.1Z',
      '2016-12-31T23:59:60Z',
    ],
    [
      '2024-01-01T00:00:00',
      '2024-01-01',
      '2024-02-30T00:00:00Z',
      '2024-01-01TT00:00:00Z',
      '2024-01-01T00:00:00Z ',
      'yesterday',
    ],
  ],
  [
    'iso-date-time',
    ['2024-01-01T10:00:00', '2024-01-01 10:00:00+02:00'],
    ['2024-01-01', '2024-01-01T10:00'],
  ],
  [
    'duration',
    ['P1Y', 'P1Y2M3DT4H5M6S', 'PT30M', 'P2W', 'P0D', 'PT1H'],
    ['P', 'PT', 'P1YT', 'P1W2D', '1Y', 'P1.5Y', 'p1y', 'PT1'],
  ],
  [
    'uri',
    [
      'https://example.com/a?b=c#d',
      'mailto:a@b.co',
      'urn:isbn:0451450523',
      'http://[::1]:8080/',
      'http://[v1.fe]/',
      'file:///etc/hosts',
      'http://127.0.0.1/',
      'a:/[::1]',
      'http://user:pw@host',
    ],
    [
      '//example.com',
      '/relative',
      'no scheme',
      'http://exa mple.com',
      'http://[::1/',
      '1http://x',
      'http://a/%zz',
      '',
      'https://a/"q"',
    ],
  ],
  [
    'uri-reference',
    ['', '#frag', '../a?b#c', 'https://x.y/z', '//host/path', 'a"b', '?q=1', '/a/b'],
    ['a b', 'http://x/%', '\\\\server', 'a<b', 'http://[zz]/'],
  ],
  [
    'uri-template',
    ['/users/{id}', 'http://x/{+path}{?q,lang}', '{var:3}', '{list*}', 'plain', '%20'],
    ['{', '{}', '{a b}', '/x/{id:0}', 'a b', '{var:10000}', '%zz'],
  ],
  [
    'email',
    ['a@b.co', 'first.last+tag@sub.example.org', "o'hara@x.io", 'x@localhost.localdomain'],
    ['a@b', '@b.co', 'a@.co', 'a..b@c.io', '.a@b.co', 'a@b-.co', 'a b@c.io', 'a@b_c.io'],
  ],
  [
    'hostname',
    [
      'example.com',
      'a',
      'xn--d1acufc.xn--p1ai',
      'example.com.',
      `${'a'.repeat(63)}.com`,
      `${'a.'.repeat(126)}a`,
      `${'a.'.repeat(127)}`,
    ],
    [
      '',
      '.',
      '-a.com',
      'a-.com',
      'a..b',
      `${'a'.repeat(64)}.com`,
      'a_b.com',
      `${'a.'.repeat(127)}a`,
    ],
  ],
  [
    'ipv4',
    ['0.0.0.0', '255.255.255.255', '192.168.1.1'],
    ['256.0.0.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '1.2.3.-4', ' 1.2.3.4'],
  ],
  [
    'ipv6',
    [
      '::',
      '::1',
      '1::',
      '2001:db8::8a2e:370:7334',
      '1:2:3:4:5:6:7:8',
      '::ffff:192.0.2.1',
      'FE80::1',
      '1:2:3:4:5:6:7::',
      '1::2:3:4:5:6:7',
    ],
    [
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      ':::',
      '12345::',
      '::ffff:256.0.0.1',
      '::ffff:01.2.3.4',
      'g::1',
      '1:2:3:4:5:6:7',
      'fe80::1%eth0',
    ],
  ],
  ['regex', ['^[a-z]+$', '\\d{3}', '(a|b)*'], ['(', '[a-', 'a\\Z', '*']],
  [
    'uuid',
    ['123e4567-e89b-12d3-a456-426614174000', 'urn:uuid:123E4567-E89B-12D3-A456-426614174000'],
    [
      '123e4567e89b12d3a456426614174000',
      '123e4567-e89b-12d3-a456-42661417400',
      'g23e4567-e89b-12d3-a456-426614174000',
      '{123e4567-e89b-12d3-a456-426614174000}',
    ],
  ],
  ['json-pointer', ['', '/', '/a/b', '/a~0b/c~1d', '/ /%'], ['a', '/a~', '/a~2', '#/a']],
  ['json-pointer-uri-fragment', ['#', '#/a/b', '#/a%20b', '#/~0~1'], ['/a', '#a', '#/a b', '#/%2']],
  ['relative-json-pointer', ['0', '1/a', '2#', '10/a~1b'], ['', '-1', '01', '1a', '0##', '/a']],
  [
    'byte',
    ['', 'QUJD', 'QUI=', 'QQ==', 'YWJjZA==', '!!\nQUJD'],
    ['QUJ', 'Q===', 'QU=I', '!!!!', 'QUJD '],
  ],
];

describe('format checkers match ajv-formats "full"', () => {
  const cases = TABLE.flatMap(([name, valid, invalid]) => [
    ...valid.map((s): [string, string, boolean] => [name, s, true]),
    ...invalid.map((s): [string, string, boolean] => [name, s, false]),
  ]);
  it.each(cases)('%s %j → %s', (name, input, want) => {
    const ours = validation.formats[name];
    expect(ours, `no checker for ${name}`).toBeTypeOf('function');
    expect(ajvFormat(name, input), 'ajv-formats disagrees with the table').toBe(want);
    expect(ours!(input)).toBe(want);
  });

  it('covers every string format of ajv-formats except url and the no-op ones', () => {
    const skipped = ['url', 'password', 'binary', 'int32', 'int64', 'float', 'double'];
    const theirs = Object.keys(fullFormats).filter((n) => !skipped.includes(n));
    expect(Object.keys(validation.formats).sort()).toEqual(theirs.sort());
    expect(TABLE.map(([name]) => name).sort()).toEqual(theirs.sort());
  });

  it('exports each checker by its camelCase name', () => {
    const exported = validation as unknown as Record<string, unknown>;
    for (const [name, check] of Object.entries(validation.formats)) {
      const camel = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      expect(exported[camel], camel).toBe(check);
    }
  });

  it.each([
    ['int32', 2 ** 31 - 1, true],
    ['int32', 2 ** 31, false],
    ['int32', -(2 ** 31), true],
    ['int32', 1.5, false],
    ['int64', 2 ** 53, true],
    ['int64', 0.1, false],
    ['float', 0.1, true],
  ])('number format %s(%d) → %s', (name, input, want) => {
    const theirs = (fullFormats[name] as { validate: (n: number) => boolean }).validate(input);
    expect(theirs).toBe(want);
    expect(validation.numberFormats[name]!(input)).toBe(want);
  });
});

describe('ucs2length and equal match ajv runtime', () => {
  it.each([
    '',
    'abc',
    '😀',
    'a😀b',
    '\ud83d',
    '\ude00\ud83d',
    '\ud83d\ud83d\ude00',
    'é',
    'e\u0301',
  ])('ucs2length(%j)', (input) => {
    expect(validation.ucs2length(input)).toBe(ajvUcs2length(input));
  });

  const pairs: [string, unknown, unknown][] = [
    ['same scalars', 1, 1],
    ['different scalars', 1, '1'],
    ['NaN', Number.NaN, Number.NaN],
    ['null vs object', null, {}],
    ['arrays', [1, [2, { a: 3 }]], [1, [2, { a: 3 }]]],
    ['array length', [1], [1, 1]],
    ['array vs object', [], {}],
    ['key order', { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['missing key', { a: 1, b: undefined }, { a: 1, c: undefined }],
    ['nested difference', { a: { b: [1, 2] } }, { a: { b: [1, 3] } }],
    ['dates', new Date(0), new Date(0)],
    ['different dates', new Date(0), new Date(1)],
    ['regexes', /a/g, /a/g],
    ['regex flags', /a/g, /a/i],
  ];
  it.each(pairs)('equal: %s', (_, a, b) => {
    expect(validation.equal(a, b)).toBe(ajvEqual(a, b));
  });

  it('equal treats a "valueOf" key as data and never throws', () => {
    expect(validation.equal({ valueOf: 1 }, { valueOf: 1 })).toBe(true);
    expect(validation.equal({ valueOf: 1 }, { valueOf: 2 })).toBe(false);
    expect(validation.equal(Object.create(null), Object.create(null))).toBe(true);
  });
});
