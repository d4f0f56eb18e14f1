/** The add-on's small pure parts, as tables: cell addresses, revisions, URLs, the base's storage. */
import { describe, expect, it } from 'vitest';
import { parseRevision } from '../src/api.js';
import { fingerprints, readBase, stableJson, writeBase } from '../src/base.js';
import { esc } from '../src/html.js';
import { normalizeApiUrl } from '../src/settings.js';
import { parseCell } from '../src/workbook.js';
import { FakeProperties } from './support/gas/ui.js';

describe('parseCell', () => {
  it.each([
    ['Track!F17', { tab: 'Track', row: 17, column: 6 }],
    ['Track!AA1', { tab: 'Track', row: 1, column: 27 }],
    ["'My tab'!B2", { tab: 'My tab', row: 2, column: 2 }],
    ["'It''s'!C3", { tab: "It's", row: 3, column: 3 }],
    ['Track!f17', undefined],
    ['F17', undefined],
    ['Track!17', undefined],
  ])('%s', (given, want) => {
    expect(parseCell(given)).toEqual(want);
  });
});

describe('parseRevision', () => {
  it.each([
    ['"12"', 12],
    ['W/"3"', 3],
    ['7', 7],
    ['"x"', null],
    ['', null],
    [undefined, null],
  ])('%s', (given, want) => {
    expect(parseRevision(given)).toBe(want);
  });
});

describe('normalizeApiUrl', () => {
  it.each([
    ['https://api.segmentapis.com/', 'https://api.segmentapis.com'],
    [' http://127.0.0.1:8080 ', 'http://127.0.0.1:8080'],
    ['https://host/base/path//', 'https://host/base/path'],
    ['ftp://host', undefined],
    ['https://user:pw@host', undefined],
    ['https://host/?q=1', undefined],
    ['javascript:alert(1)', undefined],
  ])('%s', (given, want) => {
    expect(normalizeApiUrl(given)).toBe(want);
  });
});

describe('esc', () => {
  it('escapes everything that could leave text or an attribute', () => {
    expect(esc(`<script>"x" & 'y'</script>`)).toBe(
      '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;',
    );
  });
});

describe('the base in document properties', () => {
  const rules = Array.from({ length: 600 }, (_, i) => ({
    type: 'TRACK',
    key: `Event ${i} "quoted" ${'x'.repeat(i % 50)}`,
    version: 1,
    jsonSchema: { type: 'object', description: String(i) },
  }));

  it('round-trips through values under the 9 KB property limit, and is dropped for another plan', () => {
    const doc = new FakeProperties();
    const base = { apiUrl: 'https://r', planId: 'tp_1', revision: 4, rules: fingerprints(rules) };
    writeBase(doc, base);
    expect(doc.getKeys().length).toBeGreaterThan(2);
    expect(readBase(doc, 'https://r', 'tp_1')).toEqual(base);
    expect(readBase(doc, 'https://r', 'tp_2')).toBeUndefined();
    expect(readBase(doc, 'https://other', 'tp_1')).toBeUndefined();
    // A smaller base replaces it whole: no stale chunk stays behind.
    writeBase(doc, { ...base, rules: fingerprints(rules.slice(0, 1)) });
    expect(doc.getKeys().sort()).toEqual(['platen.base', 'platen.base.0']);
  });

  it('a damaged chunk means no base, never a wrong one', () => {
    const doc = new FakeProperties();
    writeBase(doc, {
      apiUrl: 'https://r',
      planId: 'tp_1',
      revision: null,
      rules: fingerprints(rules),
    });
    doc.setProperty('platen.base.1', '{not json');
    expect(readBase(doc, 'https://r', 'tp_1')).toBeUndefined();
    doc.deleteProperty('platen.base.1');
    expect(readBase(doc, 'https://r', 'tp_1')).toBeUndefined();
  });

  it('fingerprints ignore key order and see any other change', () => {
    const a = fingerprints([
      { type: 'TRACK', key: 'A', version: 1, jsonSchema: { a: 1, b: [1, 2] } },
    ]);
    const b = fingerprints([
      { type: 'TRACK', key: 'A', version: 1, jsonSchema: { b: [1, 2], a: 1 } },
    ]);
    const c = fingerprints([
      { type: 'TRACK', key: 'A', version: 1, jsonSchema: { b: [2, 1], a: 1 } },
    ]);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(stableJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
  });
});
