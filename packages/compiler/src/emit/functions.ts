/**
 * Which rules get a function in the generated client, and the file that holds it. The emitter
 * writes `events/<stem>` modules from this, and the manifest's `file` says where they are, so the
 * two never disagree.
 */
import type { Language, ModuleFormat, Sdk } from '../compile-types.js';
import type { NamedRule } from '../naming/types.js';
import {
  callForm,
  sdkProfile,
  type CallForm,
  type CallName,
  type SdkProfile,
} from './sdks/index.js';

/** The SDK method a rule's calls go through, or `undefined` for COMMON. */
export function callName(named: NamedRule): CallName | undefined {
  switch (named.rule.type) {
    case 'TRACK':
      return 'track';
    case 'PAGE':
      return 'page';
    case 'SCREEN':
      return 'screen';
    case 'IDENTIFY':
      return 'identify';
    case 'GROUP':
      return 'group';
    case 'COMMON':
      return undefined;
  }
}

/** How the target SDK makes this rule's call, or `undefined` when it has no such call (no function). */
export function ruleCallForm(named: NamedRule, profile: SdkProfile): CallForm | undefined {
  const name = callName(named);
  return name === undefined ? undefined : callForm(profile, name);
}

/** Whether the target SDK gets a function for this rule (it has the call type). */
export function hasFunction(named: NamedRule, profile: SdkProfile): boolean {
  return ruleCallForm(named, profile) !== undefined;
}

/** The extension of the client's code modules: `.ts`, or JavaScript's `.js` (ESM) or `.cjs`. */
export function codeExtension(language: Language, module: ModuleFormat = 'esm'): string {
  if (language === 'typescript') return '.ts';
  return module === 'cjs' ? '.cjs' : '.js';
}

/** How a client was generated, as far as its file paths go. */
export interface ClientShape {
  language: Language;
  /** JavaScript only. @default 'esm' */
  module?: ModuleFormat;
  sdk: Sdk;
}

/**
 * The path (relative to the output directory) of the module holding `named`'s function, e.g.
 * `events/order-completed.cjs`, or `undefined` when the client has none for it: COMMON rules, call
 * types the SDK does not have, and SDKs Platen does not know.
 */
export function functionFile(named: NamedRule, client: ClientShape): string | undefined {
  const profile = sdkProfile(client.sdk);
  if (profile === undefined || !hasFunction(named, profile)) return undefined;
  return `events/${named.names.file}${codeExtension(client.language, client.module)}`;
}
