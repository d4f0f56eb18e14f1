/**
 * Issue 16, item 5 (the `check` part): TRACK keys `"\ud800"` and `"\udc00"` passed `platen check`,
 * yet read back alike from UTF-8 storage (the registry already refused them). Now `check` reports an
 * error naming the rule, with the registry's own detection (`loneSurrogate`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/check.js';
import { tempDir } from '../support/helpers.js';

async function check(rules: unknown[]) {
  const dir = tempDir('surrogates');
  // JSON.stringify writes a lone surrogate as an escape (`"\ud800"`), as a plan file would hold it.
  writeFileSync(
    join(dir, 'plan.json'),
    JSON.stringify({ id: 'tp', name: 't', type: 'LIVE', rules }),
  );
  return (await checkPlan('plan.json', { cwd: dir })).diagnostics;
}

const rule = (type: string, key: string | null) => ({
  type,
  key,
  version: 1,
  jsonSchema: { properties: { properties: { type: 'object', properties: {} } } },
});

describe('lone surrogates in rule keys (item 5)', () => {
  it('reports TRACK keys "\\ud800" and "\\udc00" as errors naming each rule and its key', async () => {
    const diagnostics = await check([rule('TRACK', '\ud800'), rule('TRACK', 'Order \udc00')]);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.pointer, d.rule?.key])).toEqual([
      ['lone-surrogate', '/rules/0/key', '\ud800'],
      ['lone-surrogate', '/rules/1/key', 'Order \udc00'],
    ]);
    expect(errors[0]!.message).toContain('U+D800');
    expect(errors[1]!.message).toContain('U+DC00');
    expect(errors[1]!.message).toContain('offset 6');
  });

  it('reports a PAGE name with a lone surrogate too', async () => {
    const diagnostics = await check([rule('PAGE', 'Home \ud83d')]);
    expect(diagnostics.map((d) => d.code)).toContain('lone-surrogate');
  });

  it('accepts paired surrogates (an emoji) and plain keys', async () => {
    const diagnostics = await check([rule('TRACK', 'Liked \ud83d\udc4d'), rule('TRACK', 'Plain')]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
