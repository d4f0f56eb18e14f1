/** The analytics call a planned event is sent through. */
export type CallType = 'track' | 'identify' | 'group' | 'page' | 'screen';

/** Which planned event a call belongs to; `version` is 0 for rules without a version. */
export interface EventRef {
  type: CallType;
  /** The wire name (track, page, screen); `null` for identify and group. */
  name: string | null;
  version: number;
}

/** One reason a payload does not match its schema, ready to show a developer. */
export interface ViolationError {
  /** JSON pointer into the payload (`~` and `/` escaped); `""` is the payload itself. */
  pointer: string;
  /** The JSON Schema keyword that failed, e.g. `required` or `pattern`. */
  keyword: string;
  /** A sentence fragment such as `must match pattern "^[A-Z]+$", got "ab1"`. */
  message: string;
  /** What the schema allows (a type, the allowed values, a limit…), when it says. */
  expected?: unknown;
  /** The offending value found at `pointer`, when there is one. */
  received?: unknown;
}

/** A payload that failed validation, with every reason. */
export interface Violation {
  event: EventRef;
  errors: ViolationError[];
  payload: unknown;
}

/** A user-supplied violation callback; the event is still sent after it returns. */
export type ViolationHandler = (violation: Violation) => void;

/**
 * What to do with an invalid payload: `warn` (log, send), `throw`, `skip` (log, drop), `off`
 * (send silently) or a handler (call it, send).
 */
export type OnViolation = 'warn' | 'throw' | 'skip' | 'off' | ViolationHandler;

/** One error as an Ajv validator reports it (Ajv 8 `ErrorObject`, messages optional). */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** What an Ajv standalone validator looks like (validate(data) → boolean, errors on the function). */
export interface Validator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

/** The subset of an analytics SDK (analytics.js, analytics-next, React Native) the runtime calls. */
export interface AnalyticsLike {
  track?: Function;
  identify?: Function;
  group?: Function;
  page?: Function;
  screen?: Function;
}

/** Per-client settings, owned by generated code and passed to every `send`. */
export interface PlatenState {
  /** The SDK instance, or a getter for one; falls back to `globalThis.analytics`. */
  analytics?: AnalyticsLike | (() => AnalyticsLike | undefined);
  /** @default 'throw' under a test runner, otherwise 'warn' */
  onViolation?: OnViolation;
  /** Stamped into `context.platen.language`, e.g. `typescript`. */
  language: string;
  /** Stamped into `context.platen.version`: the Platen version that generated the client. */
  version: string;
  /** Set once the missing-instance warning has been shown, so it is shown once. */
  warnedMissing?: boolean;
  /** `context.platen`, built by the runtime on the first call and shared by every call after. */
  stamp?: { language: string; version: string };
}
