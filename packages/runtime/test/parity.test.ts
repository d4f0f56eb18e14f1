import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/validation/index.js';
import { ajvFormat } from './support/ajv.js';

// Random strings built from the characters each grammar cares about, so most runs land near the
// boundary between valid and invalid. A fixed seed keeps CI deterministic.
const ALPHABETS: Record<string, string> = {
  date: '0123456789-',
  time: '0123456789:.+-Zz',
  'iso-time': '0123456789:.+-Zz',
  'date-time': '0123456789:.+-TtZ ',
  'iso-date-time': '0123456789:.+-TtZ ',
  duration: 'P0123456789YMDTHSW.',
  uri: 'ahz09:/?#[]@!$&\'()*+,;=%-._~" ',
  'uri-reference': 'ahz09:/?#[]@!$&\'()*+,;=%-._~" ',
  'uri-template': 'az09{}+#./;?&=,!@|:*%" ',
  email: 'az09.@-_+',
  hostname: 'az09.-_',
  ipv4: '0125.',
  ipv6: '0af:.1259',
  uuid: '0af-9urn:id',
  'json-pointer': 'a/~01#',
  'json-pointer-uri-fragment': 'a/~01#% ',
  'relative-json-pointer': '0123/~#a',
  byte: 'QUJD=+/!\n',
  regex: 'a\\Z()[]*+?{}^$|.',
};

// Valid strings to mutate: a few edits away from valid is where grammars disagree.
const SEEDS: Record<string, string[]> = {
  date: ['2024-02-29', '1999-12-31'],
  time: ['23:59:60Z', '12:30:00.5+05:30'],
  'iso-time': ['12:30:00', '00:00:00z'],
  'date-time': ['2024-02-29T23:59:59Z', '2016-12-31 23:59:60+00:00'],
  'iso-date-time': ['2024-01-01T10:00:00', '2024-01-01 10:00:00-01'],
  duration: ['P1Y2M3DT4H5M6S', 'P2W', 'PT1M'],
  uri: ['https://u:p@[::1]:80/a/b?c=d#e', 'urn:a:b', 'http://1.2.3.4/'],
  'uri-reference': ['../a?b#c', '//h/p', 'https://x/y'],
  'uri-template': ['/a/{+b}{?c,d*}', '{x:12}'],
  email: ['a.b+c@d-e.fg', "x'y@z.io"],
  hostname: ['a-b.c.d', 'xn--a.b.'],
  ipv4: ['10.0.255.1', '1.2.3.4'],
  ipv6: ['1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', 'a::b'],
  uuid: ['123e4567-e89b-12d3-a456-426614174000', 'urn:uuid:00000000-0000-0000-0000-000000000000'],
  'json-pointer': ['/a/~0/~1', '/'],
  'json-pointer-uri-fragment': ['#/a/%20/~1', '#'],
  'relative-json-pointer': ['0', '12/a~1b', '3#'],
  byte: ['QUJD', 'QUI=', 'QQ=='],
  regex: ['^(a|b)+$', '[a-z]{2,}'],
};

/** A seed string with up to four random insertions, deletions or replacements. */
function mutated(name: string): fc.Arbitrary<string> {
  const chars = [...ALPHABETS[name]!];
  const edit = fc.tuple(fc.nat(), fc.constantFrom(...chars), fc.constantFrom(0, 1, 2));
  return fc
    .tuple(fc.constantFrom(...SEEDS[name]!), fc.array(edit, { maxLength: 4 }))
    .map(([seed, edits]) =>
      edits.reduce((s, [at, c, op]) => {
        const i = at % (s.length + 1);
        return s.slice(0, i) + (op === 1 ? '' : c) + s.slice(op === 0 ? i : i + 1);
      }, seed),
    );
}

describe('format checkers agree with ajv-formats on random inputs', () => {
  it.each(Object.keys(ALPHABETS))('%s', (name) => {
    const chars = [...ALPHABETS[name]!];
    const noise = fc.array(fc.constantFrom(...chars), { maxLength: 24 }).map((a) => a.join(''));
    const input = fc.oneof(noise, mutated(name));
    fc.assert(
      fc.property(input, (s) => formats[name]!(s) === ajvFormat(name, s)),
      { seed: 20261126, numRuns: 1000 },
    );
    expect(formats[name]).toBeTypeOf('function');
  });
});
