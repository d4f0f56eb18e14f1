/** `analytics-next` (an `AnalyticsBrowser` instance or `window.analytics`) and the classic `analytics.js` snippet. */
import { callsOf, SEGMENT_POSITIONAL } from './call-forms.js';
import { SEGMENT_OPTIONS, type SdkProfile } from './profile.js';

const browser = (sdk: 'analytics-next' | 'analytics-js', title: string): SdkProfile => ({
  sdk,
  title,
  calls: callsOf(SEGMENT_POSITIONAL, ['identify', 'group', 'page']),
  globalDefault: true,
  options: SEGMENT_OPTIONS,
  openOptions: true,
  callbackParams: 'context: unknown',
});

/** `@segment/analytics-next`: `AnalyticsBrowser.load(…)` or `window.analytics`. */
export const analyticsNext: SdkProfile = browser('analytics-next', "Segment's analytics-next");

/** The classic analytics.js snippet (`window.analytics`). */
export const analyticsJs: SdkProfile = browser('analytics-js', "Segment's analytics.js snippet");
