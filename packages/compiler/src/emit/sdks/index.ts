/** Every SDK profile, in the order `--sdk` lists them. A new SDK is one module and one entry here. */
import type { Sdk } from '../../compile-types.js';
import { analyticsNode } from './analytics-node.js';
import { generic } from './generic.js';
import type { SdkProfile } from './profile.js';
import { reactNative } from './react-native.js';
import { rudderstack } from './rudderstack.js';
import { analyticsJs, analyticsNext } from './segment-browser.js';

export {
  MESSAGE_MODULE,
  PROD_MODULE,
  takes,
  type CallArg,
  type CallForm,
  type CallName,
  type LeadingName,
  type SdkCalls,
  type Sender,
} from './call-forms.js';
export { callForm, sdkTakes, type OptionField, type SdkProfile } from './profile.js';

/** Every supported SDK. */
export const SDK_PROFILES: readonly SdkProfile[] = [
  analyticsNext,
  analyticsJs,
  analyticsNode,
  reactNative,
  rudderstack,
  generic,
];

/** The profile of `sdk`, if Platen supports it. */
export function sdkProfile(sdk: Sdk): SdkProfile | undefined {
  return SDK_PROFILES.find((p) => p.sdk === sdk);
}
