/**
 * `platen status`: what the code of an app sends, compared with the plan its generated client was
 * built from. Every type here is plain data: the JSON report (`platen status --json`) is
 * {@link StatusReport} as it is, so its shape is the contract documented in the README.
 */
import type { RuleType } from '../plan/types.js';

/** The JSON report's shape version; bumped only when a field changes meaning or disappears. */
export const STATUS_REPORT_VERSION = 1;

/** The call types the analysis knows, as the wire calls them. */
export type CallType = 'track' | 'identify' | 'group' | 'page' | 'screen';

/** Where a call is: a path relative to the working directory (`/` separators), 1-based line and column. */
export interface CallSite {
  file: string;
  line: number;
  column: number;
  /** `client`: through the generated client (or a wrapper of it); `sdk`: straight to the SDK. */
  via: 'client' | 'sdk';
  /** The function called at this site, as written in the code (`oc`, `track`, `analytics.track`). */
  callee: string;
}

/** One planned rule that has a function in the generated client. */
export interface PlannedEvent {
  type: RuleType;
  /** The event name (TRACK), page or screen name, or `null` for an unkeyed rule (identify, group…). */
  key: string | null;
  version: number;
  /** The client's function for this rule. */
  function: string;
  /** The plan marks the rule deprecated (the client's function carries `@deprecated`). */
  deprecated: boolean;
  /** Every call of this rule, client and direct SDK calls, sorted by file, line, column. */
  calls: CallSite[];
}

/** A call whose name is known but names nothing in the plan. */
export interface UnplannedCall extends CallSite {
  type: CallType;
  /** The name the call sends; `null` for identify/group/unnamed page calls the plan has no rule for. */
  name: string | null;
}

/** A call whose event name is not a compile-time constant: listed, never guessed. */
export interface UnknownCall extends CallSite {
  type: CallType;
  /** The name argument as written (shortened to 80 characters). */
  expression: string;
  /** Why it could not be resolved, e.g. `its type is string`. */
  reason: string;
}

/** A direct SDK call: bypasses the generated client, so it is neither typed nor validated. */
export interface SdkCall extends CallSite {
  type: CallType;
  /** The name it sends when known (`null`: none, or not a constant). */
  name: string | null;
  /** True when the call names a planned rule. */
  planned: boolean;
}

/** The whole report (`platen status --json`). Arrays are sorted; the same code gives the same bytes. */
export interface StatusReport {
  version: typeof STATUS_REPORT_VERSION;
  /** The tsconfig analysed, relative to the working directory. */
  project: string;
  /** Folders of the generated clients found, relative to the working directory. */
  clients: string[];
  /** Source files the analysis read (the project's, without declaration files and the clients). */
  files: number;
  /**
   * Planned rules called through the client at least once, over planned rules with a function;
   * `percent` rounded to one decimal (100 when the client has no rule).
   */
  coverage: { called: number; planned: number; percent: number };
  /** Every planned rule, sorted by (type, key, version). */
  events: PlannedEvent[];
  /** Planned rules no call reaches through the client (they may still be sent straight to the SDK). */
  uncovered: Pick<PlannedEvent, 'type' | 'key' | 'version' | 'function'>[];
  /** Deprecated rules that are still called. */
  deprecatedCalled: Pick<PlannedEvent, 'type' | 'key' | 'version' | 'function' | 'calls'>[];
  unplanned: UnplannedCall[];
  unknown: UnknownCall[];
  sdkCalls: SdkCall[];
}

/** A problem with the input (tsconfig, config, client) that stops the analysis; a message for a person. */
export class StatusInputError extends Error {
  override name = 'StatusInputError';
}
