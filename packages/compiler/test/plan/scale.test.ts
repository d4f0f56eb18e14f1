/**
 * Scale: a 10,000-rule plan loads and validates in one linear pass, and a diagnostic in its last rule
 * still gets the right line. Kept small in bytes so the suite stays fast on a shared machine.
 */
import { describe, expect, it } from 'vitest';
import { parsePlanText, validatePlan } from '../../src/plan/index.js';

describe('10,000 rules', () => {
  const count = 10_000;
  const rules = Array.from({ length: count }, (_, i) => ({
    type: 'TRACK',
    key: `Event ${i}`,
    version: 1,
    jsonSchema: {
      type: 'object',
      properties: { properties: { type: 'object', properties: { n: { type: 'integer' } } } },
    },
  }));
  const last = rules[count - 1]!.jsonSchema.properties.properties.properties.n as { type: unknown };
  last.type = 5;
  // One rule per line, so the expected line of the last rule is known: line 2 + index.
  const text = `{"id":"tp","rules":[\n${rules.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;

  it('loads every rule and places the one problem on its line', () => {
    const started = performance.now();
    const { loaded, diagnostics } = parsePlanText(text, 'big.json');
    expect(diagnostics).toEqual([]);
    expect(loaded?.plan.rules).toHaveLength(count);
    const problems = validatePlan(loaded!);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'invalid-schema',
        pointer: `/rules/${count - 1}/jsonSchema/properties/properties/properties/n/type`,
        line: count + 1,
      }),
    ]);
    // Generous: a quadratic pass (re-parse per rule or per diagnostic) would take minutes.
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('places 10,000 diagnostics, one per rule, each on its own line', () => {
    const marked = rules.map((r) => ({
      ...r,
      jsonSchema: { ...r.jsonSchema, $schema: 'urn:custom' },
    }));
    const big = `{"id":"tp","rules":[\n${marked.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
    const { loaded } = parsePlanText(big, 'big.json');
    const warnings = validatePlan(loaded!).filter((d) => d.code === 'unsupported-schema-version');
    expect(warnings).toHaveLength(count);
    expect(warnings.every((d, i) => d.line === i + 2)).toBe(true);
  });
});
