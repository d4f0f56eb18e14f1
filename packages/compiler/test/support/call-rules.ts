/** Rules of every call type, for emitter tests (the acceptance plan is `fixtures/calls/plan.json`). */
import type { Json } from '../../src/plan/types.js';
import type { TestRule } from './emit.js';

const closed = (properties: Record<string, Json>, required: string[] = []): Json => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const message = (key: string, payload: Json): Json => ({
  type: 'object',
  properties: { [key]: payload },
});

/** IDENTIFY, GROUP, keyed and unkeyed PAGE, keyed SCREEN and COMMON. */
export const CALL_RULES: TestRule[] = [
  {
    type: 'IDENTIFY',
    key: null,
    // The sample plan holds identify v1: this is the newest.
    version: 2,
    jsonSchema: message('traits', closed({ email: { type: 'string', format: 'email' } })),
  },
  {
    type: 'GROUP',
    key: null,
    jsonSchema: message('traits', closed({ name: { type: 'string' } }, ['name'])),
  },
  { type: 'PAGE', key: 'Home', properties: closed({ referrer: { type: 'string' } }) },
  { type: 'PAGE', key: null, properties: closed({ path: { type: 'string' } }, ['path']) },
  { type: 'SCREEN', key: 'Settings', properties: closed({ tab: { type: 'string' } }, ['tab']) },
  {
    type: 'COMMON',
    key: null,
    jsonSchema: message('context', { type: 'object', properties: { build: { type: 'integer' } } }),
  },
];
