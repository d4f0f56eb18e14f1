/**
 * `@rudderstack/analytics-js`: Segment's positional call shapes. Its options carry `integrations`,
 * `anonymousId`, `originalTimestamp`; any other key (and `context`'s contents) is merged into the
 * message context, which is where the Platen stamp goes. No `screen` method.
 */
import { callsOf, SEGMENT_POSITIONAL } from './call-forms.js';
import type { SdkProfile } from './profile.js';

/** RudderStack's JavaScript SDK (v3). */
export const rudderstack: SdkProfile = {
  sdk: 'rudderstack',
  title: "RudderStack's JavaScript SDK",
  calls: callsOf(SEGMENT_POSITIONAL, ['identify', 'group', 'page']),
  globalDefault: true,
  // Method forms RudderAnalytics declares; its parameter types are narrower JSON types, which the
  // method (bivariant) parameters accept.
  instance: [
    {
      name: 'track',
      params: [
        'event: string',
        'properties?: Record<string, unknown> | null',
        'options?: Record<string, unknown> | null',
        'callback?: () => void',
      ],
      returns: 'void',
    },
    {
      name: 'identify',
      params: [
        'userId: string',
        'traits?: Record<string, unknown> | null',
        'options?: Record<string, unknown> | null',
        'callback?: () => void',
      ],
      returns: 'void',
    },
    {
      name: 'group',
      params: [
        'groupId: string',
        'traits?: Record<string, unknown> | null',
        'options?: Record<string, unknown> | null',
        'callback?: () => void',
      ],
      returns: 'void',
    },
    {
      name: 'page',
      params: [
        'name: string',
        'properties?: Record<string, unknown> | null',
        'options?: Record<string, unknown> | null',
        'callback?: () => void',
      ],
      returns: 'void',
    },
  ],
  options: [
    { name: 'context', type: 'Record<string, unknown>', doc: 'Merged into the message context.' },
    { name: 'integrations', type: 'Record<string, unknown>', doc: 'Destinations to send to.' },
    { name: 'anonymousId', type: 'string', doc: 'Overrides the anonymous id.' },
    { name: 'originalTimestamp', type: 'string', doc: 'When the event happened (ISO 8601).' },
  ],
  openOptions: true,
  callbackParams: 'data?: unknown',
};
