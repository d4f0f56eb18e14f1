/**
 * `@segment/analytics-node`: every call takes one message object and needs `userId` or
 * `anonymousId` (the generated types make leaving both out a type error). No global instance:
 * `configure({ analytics })` must name one.
 */
import { OBJECT_FORM } from './call-forms.js';
import type { SdkProfile } from './profile.js';

/** Segment's Node SDK. */
export const analyticsNode: SdkProfile = {
  sdk: 'analytics-node',
  title: "Segment's analytics-node",
  calls: OBJECT_FORM,
  globalDefault: false,
  instance: [
    {
      name: 'track',
      params: ['message: { event: string }', 'callback?: (err?: unknown) => void'],
      returns: 'void',
    },
    {
      name: 'identify',
      params: ['message: object', 'callback?: (err?: unknown) => void'],
      returns: 'void',
    },
    {
      name: 'group',
      params: ['message: { groupId: string }', 'callback?: (err?: unknown) => void'],
      returns: 'void',
    },
    {
      name: 'page',
      params: ['message: object', 'callback?: (err?: unknown) => void'],
      returns: 'void',
    },
    {
      name: 'screen',
      params: ['message: object', 'callback?: (err?: unknown) => void'],
      returns: 'void',
    },
  ],
  options: [
    { name: 'context', type: 'Record<string, unknown>', doc: 'Merged into the message context.' },
    { name: 'integrations', type: 'Record<string, unknown>', doc: 'Destinations to send to.' },
    { name: 'timestamp', type: 'Date | string', doc: 'When the event happened.' },
    { name: 'messageId', type: 'string', doc: 'Overrides the message id.' },
  ],
  openOptions: false,
  callbackParams: 'err?: unknown, ctx?: unknown',
};
