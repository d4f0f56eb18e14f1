/** `generic`: any object with Segment-shaped `track/identify/group/page/screen` (custom pipelines, tests). */
import { SEGMENT_OPTIONS, type SdkProfile } from './profile.js';

/** Any object with the positional call shapes; `screen` included. */
export const generic: SdkProfile = {
  sdk: 'generic',
  title: 'any analytics object with Segment-shaped methods',
  shape: 'positional',
  calls: ['track', 'identify', 'group', 'page', 'screen'],
  globalDefault: true,
  options: SEGMENT_OPTIONS,
  openOptions: true,
  callbackParams: 'context: unknown',
};
