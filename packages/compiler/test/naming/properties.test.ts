/**
 * Property-based tests: any wire name, any list of rules. 10,000 runs each over arbitrary unicode
 * (astral code points, lone surrogates, combining marks) mixed with the names that historically broke
 * generators (reserved words, prototype keys, device names, digits, empty).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { IrRule } from '../../src/ir/types.js';
import type { NamedRule } from '../../src/naming/types.js';
import {
  assignNames,
  isSafeFileStem,
  isValidIdentifier,
  RESERVED_FUNCTION_NAMES,
  RESERVED_TYPE_NAMES,
  RESERVED_WORDS,
  OBJECT_PROTOTYPE_NAMES,
  toFileStem,
  toFunctionName,
  toTypeName,
} from '../../src/naming/index.js';
import type { RuleType } from '../../src/plan/types.js';
import { ir, obj, rule } from '../support/naming-ir.js';

const RUNS = 10_000;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// Written out here rather than imported, so a shrunken list in the source fails this test.
const DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const FIXED_FUNCTIONS = new Set(['identify', 'group', 'common', 'page', 'screen']);
const FIXED_TYPES = new Set(['IdentifyTraits', 'GroupTraits', 'CommonMessage']);

const tricky = fc.constantFrom(
  '',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'default',
  'new',
  'delete',
  'class',
  'enum',
  'let',
  'yield',
  'await',
  'implements',
  'package',
  'NaN',
  'Infinity',
  'CON',
  'con',
  'Com1',
  'lpt9',
  'nul',
  'index',
  'identify',
  'track',
  'page',
  'Page',
  'Record',
  'Promise',
  'Context',
  '0',
  '123',
  '.',
  '..',
  '../x',
  'a/b',
  'a\\b',
  'C:',
  '!!!',
  '日本',
);
const unit = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 3 },
  {
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom(
      'a',
      'Z',
      '0',
      '9',
      ' ',
      '-',
      '_',
      '.',
      '/',
      '\\',
      ':',
      '&',
      '#',
      '%',
      '+',
      '@',
      "'",
      'ß',
      'æ',
      'é',
      '\u0301',
      '日',
      '$',
    ),
    weight: 4,
  },
);
/** Any wire name: arbitrary unicode, or a name known to break generators, or both joined. */
const wire = fc.oneof(
  fc.string({ unit, maxLength: 24 }),
  tricky,
  fc.tuple(tricky, fc.string({ unit, maxLength: 4 })).map(([a, b]) => a + b),
);

/** Every way `names` can be unsafe, as readable strings; empty when all is well. */
function problemsOfName(name: string): string[] {
  const fn = toFunctionName(name);
  const type = toTypeName(name);
  const file = toFileStem(name);
  const problems: string[] = [];
  if (!IDENTIFIER.test(fn) || !isValidIdentifier(fn)) problems.push(`function ${fn} invalid`);
  if (!IDENTIFIER.test(type) || !isValidIdentifier(type)) problems.push(`type ${type} invalid`);
  if (RESERVED_FUNCTION_NAMES.has(fn) || OBJECT_PROTOTYPE_NAMES.has(fn)) {
    problems.push(`function ${fn} reserved`);
  }
  if (RESERVED_TYPE_NAMES.has(type) || OBJECT_PROTOTYPE_NAMES.has(type)) {
    problems.push(`type ${type} reserved`);
  }
  if (!/^[a-z0-9_][a-z0-9_-]*$/.test(file) || file.length > 80 || DEVICE.test(file)) {
    problems.push(`file ${file} unsafe`);
  }
  if (!isSafeFileStem(file)) problems.push(`file ${file} rejected by isSafeFileStem`);
  return problems;
}

describe('any wire name converts to a safe name', () => {
  test('toFunctionName / toTypeName / toFileStem', () => {
    fc.assert(
      fc.property(wire, (name) => {
        expect(problemsOfName(name)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

const ruleTypes: RuleType[] = [
  'TRACK',
  'TRACK',
  'TRACK',
  'PAGE',
  'SCREEN',
  'IDENTIFY',
  'GROUP',
  'COMMON',
];
const ruleArb = fc
  .record({
    type: fc.constantFrom(...ruleTypes),
    key: fc.option(wire, { freq: 6 }),
    version: fc.integer({ min: 1, max: 3 }),
    latest: fc.boolean(),
    props: fc.array(wire, { maxLength: 2 }),
  })
  .map(({ type, key, version, latest, props }) => {
    const base = `/rules/${type}/${version}/${key ?? ''}`;
    const properties = Object.fromEntries(props.map((p, i) => [p, obj(`${base}/${i}`)]));
    return rule(type, key, version, { latest, payload: obj(base, properties) });
  });
const rulesArb = fc.uniqueArray(ruleArb, {
  selector: (r) => `${r.type}\u0000${String(r.key)}\u0000${r.version}`,
  maxLength: 6,
});

/** Names of a build by rule identity, sorted into one string, so two builds compare with `===`. */
const namesById = (named: NamedRule[]): string =>
  named
    .map(
      ({ rule: r, names }) =>
        `${r.type} ${JSON.stringify(r.key)} ${r.version} ${JSON.stringify(names)}`,
    )
    .sort()
    .join('\n');

const duplicates = (list: string[]): string[] => list.filter((x, i) => list.indexOf(x) !== i);

/** Every way the names of one build can be wrong, as readable strings. */
function problemsOfBuild(rules: IrRule[]): string[] {
  const named = assignNames(ir(rules)).rules;
  const reversed = assignNames(ir([...rules].reverse())).rules;
  const problems: string[] = [];
  named.forEach((n, i) => {
    if (n.rule !== rules[i] || n.rule.key !== rules[i]!.key) problems.push(`rule ${i} changed`);
  });
  const fns = named.map((n) => n.names.function);
  const types = named.flatMap((n) => [n.names.propertiesType, ...Object.values(n.names.types)]);
  const files = named.map((n) => n.names.file.toLowerCase());
  const prefixes = named.map((n) => n.names.typePrefix);
  for (const list of [fns, types, files, prefixes]) {
    for (const d of duplicates(list)) problems.push(`duplicate ${d}`);
  }
  for (const fn of fns) {
    if (!IDENTIFIER.test(fn) || RESERVED_WORDS.has(fn) || OBJECT_PROTOTYPE_NAMES.has(fn)) {
      problems.push(`function ${fn} invalid`);
    }
    if (!FIXED_FUNCTIONS.has(fn) && RESERVED_FUNCTION_NAMES.has(fn))
      problems.push(`function ${fn} reserved`);
  }
  for (const type of [...types, ...prefixes]) {
    if (!IDENTIFIER.test(type) || RESERVED_WORDS.has(type)) problems.push(`type ${type} invalid`);
  }
  for (const type of types) {
    if (!FIXED_TYPES.has(type) && RESERVED_TYPE_NAMES.has(type))
      problems.push(`type ${type} reserved`);
  }
  for (const file of files) {
    if (!isSafeFileStem(file) || DEVICE.test(file)) problems.push(`file ${file} unsafe`);
  }
  if (namesById(reversed) !== namesById(named)) problems.push('names depend on rule order');
  return problems;
}

describe('any list of rules gets safe, unique names', () => {
  test('valid, unreserved, unique; keys untouched; independent of order', () => {
    fc.assert(
      fc.property(rulesArb, (rules) => {
        expect(problemsOfBuild(rules)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
