/**
 * Issue 16, item 16: a whole Segment message schema (root `properties.properties`) in a JSON Schema
 * folder is taken as the event's rule schema. It used to be wrapped as if it were the properties
 * schema, so the event silently took `properties?: …Properties2` instead of its own properties.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/check.js';
import { isMessageSchema } from '../../src/plan/formats/json-schema-dir.js';
import { runCapture } from '../support/capture.js';
import { tempDir } from '../support/helpers.js';

// As Segment's Protocols UI exports an event: the message, with the event's properties inside.
const MESSAGE = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Order Completed',
  type: 'object',
  properties: {
    context: {},
    traits: { type: 'object' },
    properties: {
      type: 'object',
      properties: { order_id: { type: 'string' }, revenue: { type: 'number' } },
      required: ['order_id'],
    },
  },
  required: ['properties'],
};

function folder(files: Record<string, object>): string {
  const dir = tempDir('schema-dir');
  mkdirSync(join(dir, 'schemas'));
  for (const [name, schema] of Object.entries(files))
    writeFileSync(join(dir, 'schemas', name), JSON.stringify(schema, null, 2));
  return dir;
}

describe('a JSON Schema folder holding a whole Segment event schema', () => {
  it("builds the event's own properties, next to a plain properties schema", async () => {
    const dir = folder({
      'order-completed.json': MESSAGE,
      'Signed Up.json': { type: 'object', properties: { plan: { type: 'string' } } },
    });
    const r = await runCapture(
      ['build', '--plan', 'schemas', '--out', 'gen', '--format', 'json-schema-dir', '--no-cache'],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const types = readFileSync(join(dir, 'gen/types.ts'), 'utf8');
    expect(types).not.toMatch(/Properties2/);
    expect(types).toMatch(/order_id: string;/);
    expect(types).toMatch(/revenue\?: number;/);
    expect(types).toMatch(/plan\?: string;/);
  });

  it('points diagnostics at the right place in the file', async () => {
    const broken = structuredClone(MESSAGE);
    (broken.properties.properties.properties.revenue as { type: string }).type = 'numbr';
    const dir = folder({ 'order-completed.json': broken });
    const result = await checkPlan(join(dir, 'schemas'), { format: 'json-schema-dir' });
    const error = result.diagnostics.find((d) => d.severity === 'error');
    expect(error?.file).toMatch(/order-completed\.json$/);
    expect(error?.pointer).toBe('/properties/properties/properties/revenue/type');
  });

  it.each([
    ['a message schema', true, MESSAGE],
    ['a properties schema', false, { type: 'object', properties: { sku: { type: 'string' } } }],
    [
      'properties that include one named "properties"',
      false,
      { type: 'object', properties: { properties: { type: 'object' }, sku: {} } },
    ],
  ])('%s → isMessageSchema %s', (_name, want, schema) => {
    expect(isMessageSchema(schema)).toBe(want);
  });
});
