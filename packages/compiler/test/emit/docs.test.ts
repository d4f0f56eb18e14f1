/**
 * JSDoc from the plan: what an editor shows on hover. Read back with the TypeScript parser, so the
 * test sees tags and text as the editor does, and hostile text cannot pass for structure.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { TestRule } from '../support/emit.js';
import { emit } from '../support/emit.js';

interface Hover {
  text: string;
  tags: string[];
}

/** The JSDoc of the declaration named `name` (a function, or a property of an interface) in `source`. */
function hover(source: string, name: string): Hover | undefined {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
  let found: Hover | undefined;
  const visit = (node: ts.Node): void => {
    const named = (node as { name?: ts.Node }).name;
    if (
      named !== undefined &&
      (ts.isIdentifier(named) || ts.isStringLiteral(named)) &&
      named.text === name
    ) {
      const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
      const doc = docs[docs.length - 1];
      if (doc !== undefined) {
        found = {
          text: ts.getTextOfJSDocComment(doc.comment) ?? '',
          tags: (doc.tags ?? []).map((t) =>
            `@${t.tagName.text} ${ts.getTextOfJSDocComment(t.comment) ?? ''}`.trim(),
          ),
        };
      }
    }
    node.forEachChild(visit);
  };
  visit(file);
  return found;
}

const rule = (extra: Partial<TestRule> & { properties?: TestRule['properties'] }): TestRule[] => [
  { key: 'Order Completed', properties: { type: 'object', additionalProperties: false }, ...extra },
];

const functionDocs: Array<
  [string, { given: TestRule[]; want: { text?: RegExp; tags?: string[]; noTags?: RegExp } }]
> = [
  [
    'description and wire name',
    {
      given: rule({ description: 'Checkout done.' }),
      want: { text: /^Checkout done\.\n\nTracks 'Order Completed' \(version 1 in the plan\)\.$/ },
    },
  ],
  [
    'labels',
    {
      given: rule({
        jsonSchema: {
          type: 'object',
          labels: { team: 'growth', area: 'checkout' },
          properties: { properties: { type: 'object' } },
        },
      }),
      want: { text: /Labels: team: growth, area: checkout\./ },
    },
  ],
  [
    'examples become @example calls',
    {
      given: rule({
        properties: {
          type: 'object',
          additionalProperties: false,
          properties: { n: { type: 'number' } },
          examples: [{ n: 1 }],
        },
      }),
      want: { tags: ['@example orderCompleted({"n":1});'] },
    },
  ],
  [
    'whole-message examples on the rule show their properties',
    {
      given: rule({
        jsonSchema: {
          type: 'object',
          examples: [
            { event: 'Order Completed', properties: { n: 2 } },
            { event: 'no properties' },
          ],
          properties: { properties: { type: 'object' } },
        },
      }),
      want: { tags: ['@example orderCompleted({"n":2});'], noTags: /no properties/ },
    },
  ],
  [
    'hostile description stays text',
    {
      given: rule({ description: 'a */ export const x = 1; /*\n@deprecated not really' }),
      want: {
        text: /^a \*\\\/ export const x = 1; \/\*\n\\@deprecated not really/,
        noTags: /@deprecated/,
      },
    },
  ],
  [
    'optional properties are documented',
    {
      given: rule({}),
      want: { tags: ['@param The event properties. May be left out.'] },
    },
  ],
];

describe('event function JSDoc', () => {
  it.each(functionDocs)('%s', (_, { given, want }) => {
    const source = emit(given).get('events/order-completed.ts')!;
    const doc = hover(source, 'orderCompleted')!;
    if (want.text) expect(doc.text).toMatch(want.text);
    for (const tag of want.tags ?? []) expect(doc.tags).toContain(tag);
    if (want.noTags) expect(doc.tags.join('\n')).not.toMatch(want.noTags);
    // Whatever the plan says, the module still has exactly its own statements.
    const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
    expect(file.statements.filter((s) => !ts.isImportDeclaration(s))).toHaveLength(2);
  });

  it('a deprecated rule is @deprecated', () => {
    const files = emit([
      {
        key: 'Old',
        jsonSchema: {
          type: 'object',
          deprecated: true,
          properties: { properties: { type: 'object' } },
        },
      },
    ]);
    const doc = hover(files.get('events/old.ts')!, 'old');
    expect(doc?.tags).toContain('@deprecated Deprecated in the tracking plan.');
  });
});

const propertyDocs: Array<[string, { given: Record<string, unknown>; want: Hover }]> = [
  [
    'description',
    {
      given: { type: 'string', description: 'Unit price.' },
      want: { text: 'Unit price.', tags: [] },
    },
  ],
  [
    'format and pattern',
    {
      given: { type: 'string', format: 'uuid', pattern: '^[a-f0-9-]+$' },
      want: { text: '', tags: ['@format uuid', '@pattern ^[a-f0-9-]+$'] },
    },
  ],
  [
    'string lengths',
    {
      given: { type: 'string', minLength: 1, maxLength: 9 },
      want: { text: '', tags: ['@minLength 1', '@maxLength 9'] },
    },
  ],
  [
    'integer bounds',
    {
      given: { type: 'integer', minimum: 0, exclusiveMaximum: 10, multipleOf: 2 },
      want: { text: '', tags: ['@integer', '@minimum 0', '@exclusiveMaximum 10', '@multipleOf 2'] },
    },
  ],
  [
    'array bounds',
    {
      given: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        maxItems: 3,
        uniqueItems: true,
      },
      want: { text: '', tags: ['@minItems 1', '@maxItems 3', '@uniqueItems'] },
    },
  ],
  [
    'nullable keeps the member constraints',
    {
      given: { type: ['string', 'null'], format: 'email' },
      want: { text: '', tags: ['@format email'] },
    },
  ],
  [
    'default and examples',
    {
      given: { type: 'string', default: 'EUR', examples: ['USD'] },
      want: { text: '', tags: ['@default "EUR"', '@example "USD"'] },
    },
  ],
  [
    'deprecated property',
    { given: { type: 'string', deprecated: true }, want: { text: '', tags: ['@deprecated'] } },
  ],
];

describe('property JSDoc', () => {
  it.each(propertyDocs)('%s', (_, { given, want }) => {
    const types = emit([
      {
        key: 'E',
        properties: {
          type: 'object',
          additionalProperties: false,
          properties: { p: given as never },
        },
      },
    ]).get('types.ts')!;
    expect(hover(types, 'p')).toEqual(want);
  });
});
