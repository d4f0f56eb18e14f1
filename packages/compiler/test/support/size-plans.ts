/**
 * Oversized plans for the size suite, written as plan files: a ~50 MB plan, objects nested 100
 * deep, 10,000 properties in one object, a 100,000-value enum. Each is built by a child process.
 */
import type { Json } from '../../src/plan/types.js';

const track = (key: string, properties: Json, description = ''): Json => ({
  type: 'TRACK',
  key,
  version: 1,
  jsonSchema: {
    type: 'object',
    description,
    properties: { properties },
    required: ['properties'],
  },
});

const plan = (rules: Json[]): string =>
  JSON.stringify({ id: 'tp_size', name: 'Size', type: 'LIVE', rules });

/** About `megabytes` MB of plan: 2,000 events (Segment's rule limit), the bulk in descriptions. */
export function bigPlan(megabytes: number): string {
  const rules = 2_000;
  const per = Math.floor((megabytes * 1_000_000) / rules / 10);
  const text = (i: number) => `Description ${i}: ` + 'lorem ipsum '.repeat(per / 12);
  return plan(
    Array.from({ length: rules }, (_, i) => {
      const properties: Record<string, Json> = {};
      for (let p = 0; p < 9; p++)
        properties[`prop_${p}`] = { type: p % 2 ? 'string' : 'number', description: text(p) };
      return track(`Event ${i}`, { type: 'object', properties }, text(i));
    }),
  );
}

/** One event whose payload nests `depth` objects. */
export function deepPlan(depth: number): string {
  let node: Json = { type: 'string' };
  for (let i = 0; i < depth; i++)
    node = {
      type: 'object',
      properties: { [`level${depth - i}`]: node },
      required: [`level${depth - i}`],
    };
  return plan([track('Deep', node)]);
}

/** One event with `count` properties. */
export function widePlan(count: number): string {
  const properties: Record<string, Json> = {};
  for (let i = 0; i < count; i++)
    properties[`property ${i}`] = { type: i % 3 ? 'string' : 'integer' };
  return plan([track('Wide', { type: 'object', properties })]);
}

/** One event with a `count`-value string enum. */
export function enumPlan(count: number): string {
  const values = Array.from({ length: count }, (_, i) => `value-${i}`);
  return plan([
    track('Enum', {
      type: 'object',
      properties: { choice: { type: 'string', enum: values } },
      required: ['choice'],
    }),
  ]);
}
