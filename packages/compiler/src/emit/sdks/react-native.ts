/**
 * `@segment/analytics-react-native`: the client's `track(event, properties?, enrichment?)`,
 * `screen(name, properties?, enrichment?)`, `identify(userId?, traits?, enrichment?)`,
 * `group(groupId, traits?, enrichment?)`. No options argument and no `page`: the Platen stamp is
 * applied by an enrichment closure on the SDK's own event.
 */
import { callsOf, ENRICHED } from './call-forms.js';
import type { SdkProfile } from './profile.js';

const ENRICH = 'enrichment?: (event: any) => any';

/** Segment's React Native client (`createClient(…)`). */
export const reactNative: SdkProfile = {
  sdk: 'react-native',
  title: "Segment's analytics-react-native client",
  calls: callsOf(ENRICHED, ['identify', 'group', 'screen']),
  globalDefault: false,
  instance: [
    {
      name: 'track',
      params: ['event: string', 'properties?: Record<string, unknown>', `${ENRICH}`],
      returns: 'unknown',
    },
    {
      name: 'screen',
      params: ['name: string', 'properties?: Record<string, unknown>', `${ENRICH}`],
      returns: 'unknown',
    },
    {
      name: 'identify',
      params: ['userId?: string', 'traits?: Record<string, unknown>', `${ENRICH}`],
      returns: 'unknown',
    },
    {
      name: 'group',
      params: ['groupId: string', 'traits?: Record<string, unknown>', `${ENRICH}`],
      returns: 'unknown',
    },
  ],
  options: [],
  openOptions: false,
};
