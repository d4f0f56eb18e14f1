/**
 * The context-stamp cases both senders must pass: the dev runtime's `send` (context.test.ts) and the
 * prod entry's `stamp` (prod.test.ts) stamp identically.
 */
import type { EventRef } from '../../src/types.js';

/** The client settings every case is stamped with. */
export const STAMP = { language: 'swift', version: '1.2.3' };

const track = (version: number): EventRef => ({ type: 'track', name: 'A', version });

export const STAMP_CASES: [string, { event: EventRef; options: unknown; want: unknown }][] = [
  [
    'no options, unversioned',
    { event: track(0), options: undefined, want: { context: { platen: STAMP } } },
  ],
  [
    'no options, versioned',
    {
      event: track(3),
      options: undefined,
      want: { context: { platen: STAMP, protocols: { event_version: 3 } } },
    },
  ],
  [
    'null options',
    {
      event: track(1),
      options: null,
      want: { context: { platen: STAMP, protocols: { event_version: 1 } } },
    },
  ],
  [
    'caller options and context are kept',
    {
      event: track(2),
      options: {
        integrations: { All: false },
        context: { ip: '0.0.0.0', protocols: { sourceId: 's' } },
      },
      want: {
        integrations: { All: false },
        context: { ip: '0.0.0.0', platen: STAMP, protocols: { sourceId: 's', event_version: 2 } },
      },
    },
  ],
  [
    'unversioned keeps caller protocols as they are',
    {
      event: track(0),
      options: { context: { protocols: { event_version: 9 } } },
      want: { context: { protocols: { event_version: 9 }, platen: STAMP } },
    },
  ],
  [
    'our stamp wins over a caller platen key',
    {
      event: track(0),
      options: { context: { platen: 'spoof' } },
      want: { context: { platen: STAMP } },
    },
  ],
  [
    'version NaN or negative is left out',
    { event: track(Number.NaN), options: undefined, want: { context: { platen: STAMP } } },
  ],
  [
    'identify stamps the same way',
    {
      event: { type: 'identify', name: null, version: 4 },
      options: {},
      want: { context: { platen: STAMP, protocols: { event_version: 4 } } },
    },
  ],
];
