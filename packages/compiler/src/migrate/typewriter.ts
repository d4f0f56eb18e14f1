/**
 * Reading a Segment Typewriter project's `typewriter.yml` (the 7.x form and the 8.x/9.x form) and
 * mapping it onto Platen's options. Never throws for a bad file: every problem is a diagnostic with
 * the file and a JSON pointer.
 *
 * The two forms, restated: both hold `scripts: { token?, after? }`, `client: { sdk, language, … }` and
 * `trackingPlans: [{ id, path, … }]`, with the plan at `<path>/plan.json` and the client written to
 * `<path>`. 7.x names SDKs `analytics.js` / `analytics-node` / `analytics-android` / `analytics-ios`,
 * requires `workspaceSlug` per plan and takes `scriptTarget` / `moduleTarget` on the client. 8.x/9.x
 * names SDKs `analytics-js` / `analytics-node` / `analytics-react-native` / `none`, makes
 * `workspaceSlug` optional (plans may carry `legacyID`), and takes its language options either on
 * `client` itself or under `client.languageOptions`.
 */
import type { Language, Sdk } from '../compile-types.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { joinPointer } from '../diagnostics/pointer.js';

/** Which `typewriter.yml` form a file is written in. */
export type TypewriterForm = 'typewriter-7' | 'typewriter-9';

/** A Typewriter config, validated and mapped onto Platen's names. Paths stay as written. */
export interface TypewriterProject {
  form: TypewriterForm;
  /** Typewriter's own names, for messages. */
  client: { sdk: string; language: string };
  sdk: Sdk;
  language: Language;
  /** `true` when the client asked for CommonJS modules (`moduleTarget`/`module`). */
  commonjs: boolean;
  /** The plan's folder as written (`path`), relative to the config file: plan and client live there. */
  path: string;
  /** The tracking plan's id (`rs_…` in 7.x, `tp_…` in 9.x). */
  planId: string;
  workspaceSlug?: string;
  scripts: { token?: string; after?: string };
  /** Keys Platen does not use (each becomes a line of the migration report). */
  dropped: string[];
}

/** Typewriter SDK name → Platen SDK. Anything else is not a JavaScript SDK Platen targets. */
export const SDK_MAP: Readonly<Record<string, Sdk>> = {
  'analytics.js': 'analytics-js',
  'analytics-js': 'analytics-js',
  'analytics-node': 'analytics-node',
  'analytics-react-native': 'react-native',
  // "None (types and validation only)": a client over any object with track(…), i.e. generic.
  none: 'generic',
};

const LANGUAGES: readonly Language[] = ['typescript', 'javascript'];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a parsed config is a Typewriter config rather than a Platen one. */
export function isTypewriterConfig(value: unknown): boolean {
  return isRecord(value) && 'trackingPlans' in value && 'client' in value && !('outputs' in value);
}

// TypeScript's ModuleKind.CommonJS is 1: Typewriter 9 stores the enum's number.
const isCommonJs = (v: unknown): boolean =>
  v === 1 || (typeof v === 'string' && v.toLowerCase() === 'commonjs');

/** Validates a parsed `typewriter.yml` and maps it; `file` is reported as given. */
export function readTypewriterConfig(
  value: unknown,
  file: string,
): { project?: TypewriterProject; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fail = (pointer: string, message: string): void => {
    diagnostics.push({
      code: 'invalid-typewriter-config',
      severity: 'error',
      message,
      file,
      pointer,
    });
  };
  if (!isRecord(value)) {
    fail('', 'typewriter.yml must be an object with "client" and "trackingPlans".');
    return { diagnostics };
  }
  const client = value.client;
  const plans = value.trackingPlans;
  const scripts = isRecord(value.scripts) ? value.scripts : {};
  if (!isRecord(client)) fail('/client', '"client" must be an object with "sdk" and "language".');
  if (!Array.isArray(plans) || plans.length === 0)
    fail('/trackingPlans', '"trackingPlans" must list at least one { id, path }.');
  if (!isRecord(client) || !Array.isArray(plans) || plans.length === 0) return { diagnostics };

  const sdkName = typeof client.sdk === 'string' ? client.sdk : '';
  const languageName = typeof client.language === 'string' ? client.language : '';
  const sdk = SDK_MAP[sdkName];
  if (sdk === undefined) {
    fail(
      '/client/sdk',
      `Typewriter SDK ${JSON.stringify(client.sdk)} has no Platen target: Platen generates clients for ${Object.keys(SDK_MAP).join(', ')}.`,
    );
  }
  if (!LANGUAGES.includes(languageName as Language)) {
    fail(
      '/client/language',
      `Typewriter language ${JSON.stringify(client.language)} has no Platen equivalent: Platen writes typescript or javascript.`,
    );
  }
  if (plans.length > 1) {
    fail(
      '/trackingPlans/1',
      'Platen builds one tracking plan per config: run `platen migrate` and keep one config per plan (one folder each).',
    );
  }
  const plan = plans[0];
  if (!isRecord(plan) || typeof plan.path !== 'string' || plan.path.trim() === '') {
    fail(
      '/trackingPlans/0/path',
      'Each tracking plan needs a "path": the folder holding plan.json.',
    );
  }
  if (!isRecord(plan) || typeof plan.id !== 'string' || plan.id === '') {
    fail('/trackingPlans/0/id', 'Each tracking plan needs an "id".');
  }
  if (diagnostics.length > 0 || !isRecord(plan)) return { diagnostics };

  // 7.x: SDK named with a dot, or the 7.x client options; 9.x: everything else.
  const seven =
    sdkName === 'analytics.js' ||
    sdkName === 'analytics-android' ||
    'scriptTarget' in client ||
    'moduleTarget' in client;
  const options = isRecord(client.languageOptions) ? client.languageOptions : {};
  const dropped = Object.keys(client)
    .filter((k) => !['sdk', 'language', 'moduleTarget', 'module', 'languageOptions'].includes(k))
    .map((k) => joinPointer('/client', k));
  for (const k of Object.keys(options)) {
    if (k !== 'module') dropped.push(joinPointer('/client/languageOptions', k));
  }
  // Per-plan keys: `name` and `legacyID` are Typewriter's own bookkeeping; anything else (such as
  // an event filter) changes what is generated and Platen does not honour it.
  for (const k of Object.keys(plan)) {
    if (!['id', 'path', 'workspaceSlug', 'name', 'legacyID'].includes(k))
      dropped.push(joinPointer('/trackingPlans/0', k));
  }
  return {
    project: {
      form: seven ? 'typewriter-7' : 'typewriter-9',
      client: { sdk: sdkName, language: languageName },
      sdk: sdk!,
      language: languageName as Language,
      commonjs: isCommonJs(client.moduleTarget ?? client.module ?? options.module),
      path: plan.path as string,
      planId: plan.id as string,
      ...(typeof plan.workspaceSlug === 'string' ? { workspaceSlug: plan.workspaceSlug } : {}),
      scripts: {
        ...(typeof scripts.token === 'string' ? { token: scripts.token } : {}),
        ...(typeof scripts.after === 'string' ? { after: scripts.after } : {}),
      },
      dropped,
    },
    diagnostics,
  };
}
