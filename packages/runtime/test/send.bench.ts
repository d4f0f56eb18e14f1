// Hot-path benchmark, not part of `vitest run`: `npx vitest bench packages/runtime`.
// Compares send() with the hand-written call it replaces (same stamped options, same SDK).
import { bench, describe } from 'vitest';
import { send, type EventRef, type PlatenState } from '../src/index.js';
import { compile } from './support/ajv.js';

const properties: Record<string, unknown> = {};
const schema: Record<string, object> = {};
for (let i = 0; i < 12; i++) {
  properties[`p${i}`] = i % 2 ? `v${i}` : i;
  schema[`p${i}`] = { type: i % 2 ? 'string' : 'number' };
}
const validate = compile({ type: 'object', properties: schema, additionalProperties: false });
// Like every real SDK, the fake keeps the options it receives; a stub that drops them lets the JIT
// delete the direct call's allocations and measures nothing useful.
let last: unknown;
const analytics = {
  track(_name: string, _props: unknown, options: unknown) {
    last = options;
  },
};
const state: PlatenState = { analytics, language: 'typescript', version: '0.1.0' };
const EVENT: EventRef = { type: 'track', name: 'Order Completed', version: 2 };

describe('track one event', () => {
  bench('direct analytics.track with the same context', () => {
    analytics.track('Order Completed', properties, {
      context: {
        platen: { language: 'typescript', version: '0.1.0' },
        protocols: { event_version: 2 },
      },
    });
  });
  bench('send, production (no validator)', () => {
    send(state, EVENT, ['Order Completed', properties, undefined, undefined], 1, 2);
  });
  bench('send, development (12-property valid payload)', () => {
    send(state, EVENT, ['Order Completed', properties, undefined, undefined], 1, 2, validate);
  });
});

export { last };
