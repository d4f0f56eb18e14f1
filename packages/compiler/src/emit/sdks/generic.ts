/** `generic`: any object with Segment-shaped `track/identify/group/page/screen` (custom pipelines, tests). */
import { SEGMENT_POSITIONAL } from './call-forms.js';
import { SEGMENT_OPTIONS, type SdkProfile } from './profile.js';

/** Any object with the positional call shapes; `screen` included. */
export const generic: SdkProfile = {
  sdk: 'generic',
  title: 'any analytics object with Segment-shaped methods',
  calls: SEGMENT_POSITIONAL,
  globalDefault: true,
  options: SEGMENT_OPTIONS,
  openOptions: true,
  callbackParams: 'context: unknown',
};
